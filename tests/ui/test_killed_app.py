"""A killed app leaves its draft: the autosave reached the disk before the kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from lapor_desktop import intake
from lapor_desktop.workspace import Workspace
from tests.support.factories import PASSWORD

CHILD = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from lapor_desktop.ui.app import make_app
    from lapor_desktop.ui.main_window import MainWindow
    from lapor_desktop.workspace import Workspace

    app = make_app([])
    ws = Workspace.open(sys.argv[1])
    win = MainWindow(ws, ws.login("admin", sys.argv[2]), ask_print=False)
    win.show()
    form = win.intake

    def saved(_rid):
        print("SAVED", flush=True)

    form.draft_saved.connect(saved)

    def type_():
        QTest.keyClicks(form.name, "Pak Yohanes")
        QTest.keyClicks(form.title, "Sumur bor macet sejak minggu lalu")

    QTimer.singleShot(0, type_)
    app.exec()
""")


def test_killed_app_leaves_its_draft(workspace, actor, data_dir, tmp_path):
    workspace.close()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(script), str(data_dir), PASSWORD],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=str(Path(__file__).resolve().parents[2]))
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if "SAVED" in line or not line:
                break
        assert "SAVED" in line, proc.stderr.read() if proc.poll() is not None else "timeout"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)  # reaps the child and closes its pipes
    assert proc.returncode == -signal.SIGKILL

    ws = Workspace.open(data_dir)
    try:
        drafts = intake.list_drafts(ws)
        assert len(drafts) == 1
        data = intake.draft_data(ws, ws.login("admin", PASSWORD), drafts[0][0])
        assert data["complainant"]["name"] == "Pak Yohanes"
        assert data["title"].startswith("Sumur bor")
    finally:
        ws.close()
