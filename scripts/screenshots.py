"""Render each main screen offscreen at 1366x768 with sample data into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "sandi-rahasia-1"
REGION = "61.05.01.2008"


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from lapor_desktop import intake
    from lapor_desktop.store.models import Report, StatusEvent
    from lapor_desktop.ui import receipt
    from lapor_desktop.ui.app import make_app
    from lapor_desktop.ui.login import FirstRunDialog, LoginDialog
    from lapor_desktop.ui.main_window import PAGE_LIST, PAGE_SETTINGS, MainWindow
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
    first.region.setText("Tertung, Sintang, Kabupaten Sintang (61.05.01.2008)")
    first.display_name.setText("Budi Santoso")
    first.username.setText("budi")
    first.show()
    snap(first, "01-persiapan-pertama.png")
    actor = ws.initialise(REGION, "budi", PASSWORD, "Budi Santoso")
    ws.settings.office_name = "Kantor Desa Tertung"
    ws.settings.save(ws.paths)
    ws.add_operator(actor, "rina", "Rina Wati", "operator", PASSWORD)
    login = LoginDialog(ws)
    login.show()
    snap(login, "02-masuk.png")

    samples = [
        report_data(title="Jalan desa berlubang di Dusun Tertung"),
        report_data(title="Lampu jalan mati di simpang tiga", category="listrik",
                    privacy="anonim"),
        report_data(kind="aspirasi", title="Usul taman bacaan di balai desa",
                    category="pendidikan"),
        report_data(kind="permintaan_informasi", title="Jadwal penyaluran BLT Dana Desa",
                    category="dana_desa"),
        report_data(title="Air PDAM keruh sejak seminggu", category="air_bersih",
                    privacy="rahasia"),
        report_data(title="Puskesmas pembantu sering tutup siang hari",
                    category="kesehatan"),
    ]
    fins = intake.create_reports(ws, actor, samples)
    now = datetime.now(timezone.utc)
    with ws.db.write() as s:
        for n, (fin, status) in enumerate(zip(fins, ["diteruskan", "diterima", "selesai",
                                                      "terverifikasi", None, None])):
            r = s.query(Report).filter_by(id=fin.id).one()
            if status is None:
                continue
            r.local_state = "terkirim"
            r.tracking_id = str(1916449 + n)
            r.received_at = now - timedelta(days=9)
            r.remote_status = status
            r.remote_status_at = now - timedelta(days=6)
            r.status_seen = n != 0
            for k, st in enumerate(["diterima", "terverifikasi", "diteruskan"][:
                                   {"diterima": 1, "terverifikasi": 2}.get(status, 3)]):
                s.add(StatusEvent(report_id=fin.id, status=st, at=now - timedelta(days=9 - k * 2),
                                  agency="dpupr-sintang" if st == "diteruskan" else None,
                                  note="Laporan diverifikasi admin kabupaten."
                                  if st == "terverifikasi" else None, source="central"))
    intake.save_draft(ws, actor, report_data(title="Saluran irigasi tersumbat"))

    win = MainWindow(ws, actor, ask_print=False)
    win.resize(1366, 768)
    win.show()
    form = win.intake
    form.discard_draft()
    form.name.setText("Yohanes Ading")
    form.phone.setText("0812345")
    form.nik.setText("610501")
    form.title.setText("Jembatan gantung Dusun II")
    form.body.setPlainText("Papan lantai lepas.")
    form.submit()
    snap(win, "03-laporan-baru-validasi.png")
    form.discard_draft()
    win.go(PAGE_LIST)
    snap(win, "04-daftar-laporan.png")
    win.open_report(fins[0].id)
    snap(win, "05-rincian-laporan.png")
    win.go(PAGE_SETTINGS)
    snap(win, "06-pengaturan.png")
    view = intake.get_report(ws, actor, fins[0].id)
    receipt.render_image(ws, actor, view, dpi=110).save(str(OUT / "07-tanda-terima.png"))
    print(OUT / "07-tanda-terima.png")
    win.close()
    ws.close()
    QApplication.processEvents()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    raise SystemExit(main())
