"""Smoke test of a built one-folder app: ``--version``, ``init``, ``report add``, and the
desktop app staying up offscreen for a few seconds. Exit 0 when all hold.

    python packaging/smoke.py dist/lapor-desktop
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGION = "61.05.01.2008"
PASSWORD = "sandi-rahasia-1"
GUI_SECONDS = 3.0
REPORT = {
    "kind": "pengaduan", "title": "Jembatan gantung di Dusun Tertung rusak",
    "body": "Papan lantai jembatan gantung lepas sejak banjir dan membahayakan warga.",
    "incident_date": "2026-10-20", "region_code": REGION, "location_detail": None,
    "category": "infrastruktur", "agency": None, "privacy": "publik",
    "channel": "tatap_muka", "complainant": {"name": "Warga Uji", "nik": None,
                                             "phone": "081234567890", "email": None,
                                             "address": None},
    "attachments": [],
}


def _exe(folder: Path, name: str) -> Path:
    return folder / (name + (".exe" if os.name == "nt" else ""))


def _run(cmd: list[str], env: dict, timeout: float = 120) -> str:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"FAILED {cmd[1:]}: exit {proc.returncode}\n{proc.stdout}\n"
                         f"{proc.stderr}")
    return proc.stdout


def smoke(folder: Path, work: Path) -> list[str]:
    """Run every check; returns what was checked (raises SystemExit on a failure)."""
    cli, gui = _exe(folder, "lapor-desktop-cli"), _exe(folder, "lapor-desktop")
    data = work / "data"
    env = {**os.environ, "LAPOR_DESKTOP_PASSWORD": PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    done = []
    version = _run([str(cli), "--version"], env)
    assert version.startswith("lapor-desktop "), version
    done.append(version.strip())
    out = _run([str(cli), "--data-dir", str(data), "init", "--region", REGION,
                "--operator", "admin"], env)
    assert "Siap" in out, out
    done.append("init")
    (work / "laporan.json").write_text(json.dumps([REPORT]), encoding="utf-8")
    out = _run([str(cli), "--data-dir", str(data), "report", "add",
                str(work / "laporan.json")], env)
    assert f"{REGION}/" in out, out
    done.append("report add: " + out.split()[1])
    proc = subprocess.Popen([str(gui), "--data-dir", str(data)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(GUI_SECONDS)
        if proc.poll() is not None:
            raise SystemExit(f"FAILED: the desktop app exited with {proc.returncode}:\n"
                             f"{proc.stdout.read().decode(errors='replace')}")
        done.append(f"gui up {GUI_SECONDS:.0f} s")
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    return done


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "dist/lapor-desktop").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        for line in smoke(folder, Path(tmp)):
            print("ok:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
