"""Render each main screen offscreen at 1366x768 with sample data into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py

A village installation (two operators, sample reports in several states) gives the first
run, login, intake, list, detail, settings, receipt, Sinkronisasi and Paket USB screens; a
kecamatan installation that imported bundles from two of its villages gives the Kecamatan
screen. Nothing here talks to a network.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LAPOR_NO_NETWORK_INFO", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "sandi-rahasia-1"
REGION = "61.05.01.2008"
REGION_2 = "61.05.01.1003"    # Tanjung Puri, a second village of the same kecamatan
KECAMATAN = "61.05.01"


def sample_reports(ws, actor) -> list:
    """Village reports in several states, one draft."""
    from lapor_desktop import intake
    from lapor_desktop.store.models import Report, StatusEvent
    from tests.support.factories import report_data

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
    now = datetime.now(UTC)
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
    return fins


def sync_screens(win, ws, snap) -> None:
    """The sync page before enrolment, then as it looks once everything was sent."""
    from lapor_desktop.sync import state as sync_state
    from lapor_desktop.ui.main_window import PAGE_SYNC

    win.go(PAGE_SYNC)
    win.sync_page.url_edit.setText("https://lapor.sintang.go.id")
    win.sync_page.code_edit.setText("DS-4821-7730")
    snap(win, "08-sinkronisasi.png")
    # The state an enrolled office sees after a good run (set as the engine records it).
    ws.settings.endpoint_url = "https://lapor.sintang.go.id"
    ws.db.set_meta("sync_token_store", "file")
    ws.db.set_meta(sync_state.META_LAST_STATE, sync_state.PARTIAL)
    ws.db.set_meta("sync_last_attempt", datetime.now(UTC).isoformat())
    ws.db.set_meta("sync_last_success", (datetime.now(UTC)
                                         - timedelta(hours=2)).isoformat())
    win.sync_page.code_edit.clear()
    win.sync_page.refresh()
    win.update_status()
    snap(win, "08b-sinkronisasi-terdaftar.png")
    ws.settings.endpoint_url = ""
    ws.db.set_meta("sync_token_store", "")


def help_and_menu(win, app, snap) -> None:
    from lapor_desktop.ui.help_dialog import HelpDialog

    dlg = HelpDialog(win)
    dlg.show()
    snap(dlg, "12-bantuan.png")
    dlg.close()
    app.processEvents()


def kecamatan_data(tmp, ws, actor, kws, kact, now) -> None:
    """Bundles from two villages imported at the kecamatan; statuses sent on by it."""
    from lapor_desktop import bundles, device, intake
    from lapor_desktop import kecamatan as kec
    from lapor_desktop.store.models import Report
    from lapor_desktop.workspace import Workspace
    from tests.support.factories import report_data

    bundles.export_bundle(ws, actor, tmp / "tertung.lapor")
    ws2 = Workspace.open(tmp / "desa2")
    act2 = ws2.initialise(REGION_2, "maria", PASSWORD, "Maria Ulan")
    intake.create_reports(ws2, act2, [
        report_data(title=f"{t} di Tanjung Puri", region_code=REGION_2, category=c)
        for t, c in [("Drainase tersumbat", "infrastruktur"),
                     ("Posyandu kekurangan timbangan bayi", "kesehatan"),
                     ("Penerangan jalan gang mati", "listrik")]])
    kec.import_key(ws2, act2, tmp / "kunci-kecamatan.json")
    bundles.export_bundle(ws2, act2, tmp / "tanjung-puri.lapor")
    for bundle, village in (("tertung.lapor", ws), ("tanjung-puri.lapor", ws2)):
        # The fingerprint the village reads out over the phone.
        bundles.import_bundle(kws, kact, tmp / bundle,
                              trust=device.describe(village).fingerprint)
    ws2.close()
    with kws.db.write() as s:
        # Sent on by the kecamatan; two are past the agency's deadline, one is done.
        for r, status, days in zip(s.query(Report).order_by(Report.local_number).all(),
                                   ["diteruskan", "diteruskan", "selesai", "diterima"],
                                   [16, 12, 20, 1]):
            r.local_state = "terkirim"
            r.tracking_id = str(1917000 + days)
            r.received_at = now - timedelta(days=days + 2)
            r.remote_status = status
            r.remote_status_at = now - timedelta(days=days)


def first_run_and_login(ws, snap):
    """The first-run dialog filled in, then the login dialog; returns the admin."""
    from lapor_desktop.ui.login import FirstRunDialog, LoginDialog

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
    return actor


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from lapor_desktop import intake
    from lapor_desktop import kecamatan as kec
    from lapor_desktop.ui import receipt
    from lapor_desktop.ui.app import make_app
    from lapor_desktop.ui.main_window import (
        PAGE_BUNDLE,
        PAGE_LIST,
        PAGE_SETTINGS,
        MainWindow,
    )
    from lapor_desktop.workspace import Workspace

    OUT.mkdir(parents=True, exist_ok=True)
    app = make_app([])
    from lapor_desktop.ui.i18n import install_language

    install_language("id")  # as the app does at start: Qt's own buttons in Indonesian
    tmp = Path(tempfile.mkdtemp())
    ws = Workspace.open(tmp / "data")

    def snap(widget, name):
        app.processEvents()
        widget.grab().save(str(OUT / name))
        print(OUT / name)

    actor = first_run_and_login(ws, snap)

    fins = sample_reports(ws, actor)
    now = datetime.now(UTC)

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
    view = intake.get_report(ws, actor, fins[0].id, reveal=True, reason="cetak_tanda_terima")
    receipt.render_image(ws, actor, view, dpi=96).save(str(OUT / "07-tanda-terima.png"))
    print(OUT / "07-tanda-terima.png")

    # Sinkronisasi: the queue, last sync and the enrolment form (no server contacted).
    sync_screens(win, ws, snap)
    help_and_menu(win, app, snap)

    # Paket USB at the village, after importing its kecamatan's key.
    kws = Workspace.open(tmp / "kecamatan")
    kact = kws.initialise(KECAMATAN, "andreas", PASSWORD, "Andreas Wijaya")
    kws.settings.office_name = "Kantor Camat Sintang"
    kws.settings.save(kws.paths)
    kec.export_key(kws, kact, tmp / "kunci-kecamatan.json")
    kec.import_key(ws, actor, tmp / "kunci-kecamatan.json")
    win.go(PAGE_BUNDLE)
    win.bundle_page.refresh()
    snap(win, "09-paket-usb.png")

    kecamatan_data(tmp, ws, actor, kws, kact, now)
    win.close()
    kwin = MainWindow(kws, kact, ask_print=False)
    kwin.resize(1366, 768)
    kwin.show()
    kwin.go(PAGE_BUNDLE)
    kwin.bundle_page.refresh()
    snap(kwin, "10-kecamatan.png")
    bar = kwin.bundle_page.scroll_area.verticalScrollBar()
    kwin.bundle_page.scroll_area.ensureWidgetVisible(kwin.bundle_page.summary_table)
    snap(kwin, "11-kecamatan-rekap.png")
    bar.setValue(bar.maximum())
    snap(kwin, "12-desa-senyap.png")
    kwin.close()
    kws.close()
    ws.close()
    QApplication.processEvents()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    raise SystemExit(main())
