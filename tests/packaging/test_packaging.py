"""A wheel built from the repository carries the migrations and the seeded catalogue."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_migrations_and_resources(tmp_path):
    src = tmp_path / "src"
    # Build from a clean copy of the tracked files so a build dir never lands in the repo.
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            (src / rel).write_bytes((ROOT / rel).read_bytes())
    out = tmp_path / "wheels"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = out.glob("lapor_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("lapor_desktop/store/migrations/env.py",
                   "lapor_desktop/store/migrations/script.py.mako",
                   "lapor_desktop/store/migrations/versions/0001_initial_schema.py",
                   "lapor_protocol/resources/catalog_sintang.json"):
        assert needed in names, needed
    versions = {n for n in names if n.startswith("lapor_desktop/store/migrations/versions/")
                and n.endswith(".py")}
    tracked = {f for f in files if f.startswith("lapor_desktop/store/migrations/versions/")
               and f.endswith(".py")}
    assert tracked <= versions | {"lapor_desktop/store/migrations/versions/__init__.py"}
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "lapor-desktop = lapor_desktop.cli:main" in \
        zipfile.ZipFile(wheel).read(entry[0]).decode()
