"""Render the trust screens offscreen into docs/screenshots/ (1366x768 for windows).

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_trust.py

Setup and login with a message showing, the reason asked before an identity is opened,
Jejak audit, Ganti kata sandi, and a correction form started by an operator (identity
carried over unseen). Nothing here talks to a network.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "kopi-hujan-jembatan-7"
REGION = "61.05.01.2008"


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from lapor_desktop import intake
    from lapor_desktop.ui.app import make_app
    from lapor_desktop.ui.audit_page import AuditPage
    from lapor_desktop.ui.login import FirstRunDialog, LoginDialog
    from lapor_desktop.ui.main_window import MainWindow
    from lapor_desktop.ui.trust_dialogs import ChangePasswordDialog, RevealDialog
    from lapor_desktop.workspace import Workspace
    from tests.support.factories import report_data

    OUT.mkdir(parents=True, exist_ok=True)
    app = make_app([])
    ws = Workspace.open(Path(tempfile.mkdtemp()) / "data")

    def snap(widget, name):
        app.processEvents()
        widget.grab().save(str(OUT / name))
        print(OUT / name)

    first = FirstRunDialog(ws)
    first.display_name.setText("Budi Santoso")
    first.username.setText("budi")
    first.show()
    first.submit()  # no village chosen yet: the message, fields unsquashed
    snap(first, "12-persiapan-pesan-galat.png")
    actor = ws.initialise(REGION, "budi", PASSWORD, "Budi Santoso")
    ws.settings.office_name = "Kantor Desa Tertung"
    ws.settings.save(ws.paths)
    ws.add_operator(actor, "rina", "Rina Wati", "operator", PASSWORD)
    login = LoginDialog(ws)
    login.username.setText("budi")
    login.show()
    for _ in range(5):
        login.password.setText("salah-ketik-sandi")
        login.submit()
    snap(login, "13-masuk-terkunci.png")
    ws.db.set_meta(next(k for k in _meta_keys(ws) if k.startswith("login:")), "{}")

    fin = intake.create_reports(ws, actor, [report_data()])[0]
    reveal = RevealDialog()
    reveal.reason.setCurrentIndex(reveal.reason.findData("lainnya"))
    reveal.show()
    reveal.submit()  # "lainnya" without a note: the message
    snap(reveal, "14-buka-identitas.png")
    intake.get_report(ws, actor, fin.id, reveal=True, reason="tindak_lanjut")

    pw = ChangePasswordDialog(ws, actor)
    pw.current.setText(PASSWORD)
    pw.new.setText("1234567890")
    pw.again.setText("1234567890")
    pw.show()
    pw.submit()
    snap(pw, "15-ganti-kata-sandi.png")

    audit_page = AuditPage(ws, actor)
    audit_page.resize(1366, 768)
    audit_page.show()
    snap(audit_page, "16-jejak-audit.png")

    operator = ws.login("rina", PASSWORD)
    win = MainWindow(ws, operator, ask_print=False)
    win.resize(1366, 768)
    win.show()
    win.open_report(fin.id)
    snap(win, "17-rincian-operator.png")
    win.detail.correct_button.click()
    snap(win, "18-koreksi-operator.png")
    win.close()
    ws.close()
    QApplication.processEvents()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects


def _meta_keys(ws):
    from sqlalchemy import select

    from lapor_desktop.store.models import Meta

    with ws.db.read() as s:
        return list(s.scalars(select(Meta.key)))


if __name__ == "__main__":
    raise SystemExit(main())
