"""The one-folder app built with PyInstaller runs: ``--version``, ``init``, ``report add``
and the desktop app staying up offscreen (packaging/smoke.py); a windowed build copes
with no standard streams."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                    reason="PyInstaller is not installed")
def test_one_folder_build_passes_the_smoke_test(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--workpath", str(tmp_path / "build"), "--distpath", str(tmp_path / "dist"),
         str(ROOT / "packaging" / "lapor-desktop.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=480)
    assert build.returncode == 0, build.stderr[-4000:]
    folder = tmp_path / "dist" / "lapor-desktop"
    internal = folder / "_internal"
    for needed in ("lapor_desktop/store/migrations/versions/0004_device_code.py",
                   "lapor_desktop/store/migrations/env.py",
                   "lapor_desktop/resources/i18n/lapor_desktop_en.qm",
                   "lapor_protocol/resources/catalog_sintang.json"):
        assert (internal / needed).is_file(), needed
    assert list(internal.rglob("libqoffscreen*")) or list(internal.rglob("qoffscreen*"))

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from smoke import smoke
    finally:
        sys.path.pop(0)
    work = tmp_path / "smoke"
    work.mkdir()
    done = smoke(folder, work)
    assert done[0].startswith("lapor-desktop ") and done[-1].startswith("gui up")


def test_windowed_entry_copes_without_stdout(tmp_path):
    code = ("import runpy, sys\n"
            "sys.stdout = None\nsys.stderr = None\n"
            "sys.argv = ['lapor-desktop', '--version']\n"
            f"runpy.run_path({str(ROOT / 'packaging' / 'entry.py')!r}, run_name='__main__')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
