"""BundlePage on a village and on its kecamatan, real stores, dialogs replaced."""

from __future__ import annotations

import pytest

from lapor_desktop import bundles
from lapor_desktop import kecamatan as kec
from lapor_desktop.workspace import Workspace
from tests.support.factories import KECAMATAN, PASSWORD, REGION, png_bytes, report_data, write_file


@pytest.fixture
def sites(tmp_path):
    from lapor_desktop import intake

    kws = Workspace.open(tmp_path / "kec")
    kact = kws.initialise(KECAMATAN, "camat", PASSWORD)
    vws = Workspace.open(tmp_path / "desa")
    vact = vws.initialise(REGION, "op", PASSWORD)
    for i in range(2):
        rid = intake.save_draft(vws, vact, report_data(title=f"Laporan {i}"))
        intake.add_attachment(vws, vact, rid, write_file(tmp_path / "src", f"f{i}.png",
                                                         png_bytes(seed=i)))
        intake.finalise(vws, vact, rid)
    yield (vws, vact), (kws, kact)
    vws.close()
    kws.close()


def make_page(qtbot, ws, actor):
    from lapor_desktop.ui.bundle_page import BundlePage

    page = BundlePage(ws, actor)
    qtbot.addWidget(page)
    page.confirm = lambda title, text: True
    page.resize(1000, 800)
    page.show()
    return page


def test_village_to_kecamatan_and_back_through_the_pages(qtbot, sites, tmp_path):
    (vws, vact), (kws, kact) = sites
    usb = tmp_path / "usb"
    kpage = make_page(qtbot, kws, kact)
    vpage = make_page(qtbot, vws, vact)

    # Kecamatan: QR code and fingerprint on show; key file saved.
    assert kpage.qr_label.isVisible() and not kpage.qr_label.pixmap().isNull()
    fp = kec.own_key(kws, kact).short_fingerprint
    assert fp in kpage.fingerprint_label.text()
    kpage.export_key(str(usb / "kunci.json"))

    # Village: the export button waits for the key; importing shows the fingerprint.
    assert not vpage.export_button.isEnabled()
    shown = []
    vpage.confirm = lambda title, text: shown.append(text) or True
    assert vpage.import_key(str(usb / "kunci.json"))
    assert fp in shown[0] and fp in vpage.fingerprint_label.text()
    assert vpage.export_button.isEnabled() and "2" in vpage.pending_label.text()

    with qtbot.waitSignal(vpage.job_finished, timeout=20_000):
        vpage.export_bundle(str(usb / "desa.lapor"))
    assert (usb / "desa.lapor").exists()

    asked = []
    kpage.confirm = lambda title, text: asked.append(text) or True
    with qtbot.waitSignal(kpage.job_finished, timeout=20_000) as blocker:
        kpage.import_file(str(usb / "desa.lapor"))
    assert "Diimpor 2 laporan" in blocker.args[0]
    assert asked and "Sidik jari kunci" in asked[0]  # trust on first use, shown
    assert kpage.summary_table.rowCount() == 1
    assert kpage.chart.data() == [("Tertung", 2, 0)]
    assert kpage.village_combo.currentData() == REGION

    with qtbot.waitSignal(kpage.job_finished, timeout=20_000):
        kpage.write_ack(str(usb / "ack.json"))
    with qtbot.waitSignal(vpage.job_finished, timeout=20_000) as blocker:
        vpage.import_file(str(usb / "ack.json"))
    assert "2 laporan diterima kecamatan" in blocker.args[0]
    assert "0" in vpage.pending_label.text() and not vpage.export_button.isEnabled()

    kpage.export_csv(str(usb / "rekap.csv"))
    assert "Siti" not in (usb / "rekap.csv").read_text(encoding="utf-8-sig")
    kpage.grab()  # paints the chart
    vpage.grab()


def test_tampered_bundle_shows_the_reason_and_writes_nothing(qtbot, sites, tmp_path):
    (vws, vact), (kws, kact) = sites
    kec.export_key(kws, kact, tmp_path / "k.json")
    kec.import_key(vws, vact, tmp_path / "k.json")
    bundles.export_bundle(vws, vact, tmp_path / "b.lapor")
    data = bytearray((tmp_path / "b.lapor").read_bytes())
    data[len(data) // 3] ^= 0xFF
    (tmp_path / "bad.lapor").write_bytes(bytes(data))
    kpage = make_page(qtbot, kws, kact)
    with qtbot.waitSignal(kpage.job_failed, timeout=20_000) as blocker:
        kpage.import_file(str(tmp_path / "bad.lapor"))
    assert blocker.args[0] and blocker.args[0] in kpage.message.text()
    assert kpage.summary_table.rowCount() == 0


def test_key_of_another_kecamatan_is_refused_in_the_page(qtbot, sites, tmp_path):
    (vws, vact), _ = sites
    other = Workspace.open(tmp_path / "lain")
    try:
        kec.export_key(other, other.initialise("61.05.02", "camat", PASSWORD),
                       tmp_path / "lain.json")
    finally:
        other.close()
    vpage = make_page(qtbot, vws, vact)
    with qtbot.waitSignal(vpage.job_failed, timeout=5_000):
        assert not vpage.import_key(str(tmp_path / "lain.json"))
    assert "bukan kecamatan desa ini" in vpage.message.text()


def test_import_is_bound_to_the_device_key_the_operator_confirmed(qtbot, sites, tmp_path):
    """The file is read again after the confirmation dialog: a bundle swapped in meanwhile,
    signed by a device the operator never saw, must not be trusted on first use."""
    from lapor_desktop import intake

    (vws, vact), (kws, kact) = sites
    kec.export_key(kws, kact, tmp_path / "k.json")
    kec.import_key(vws, vact, tmp_path / "k.json")
    shown = tmp_path / "shown.lapor"
    bundles.export_bundle(vws, vact, shown)
    other = Workspace.open(tmp_path / "desa-lain")
    try:
        oact = other.initialise(REGION, "op", PASSWORD)
        kec.import_key(other, oact, tmp_path / "k.json")
        rid = intake.save_draft(other, oact, report_data(title="Laporan lain"))
        intake.finalise(other, oact, rid)
        bundles.export_bundle(other, oact, tmp_path / "other.lapor")
    finally:
        other.close()
    path = tmp_path / "usb.lapor"
    path.write_bytes(shown.read_bytes())

    kpage = make_page(qtbot, kws, kact)

    def confirm_then_swap(title, text):
        path.write_bytes((tmp_path / "other.lapor").read_bytes())
        return True
    kpage.confirm = confirm_then_swap
    with qtbot.waitSignal(kpage.job_failed, timeout=20_000):
        kpage.import_file(str(path))
    assert kpage.summary_table.rowCount() == 0
    assert bundles.trusted_devices(kws) == []


def test_trust_dialog_shows_the_whole_fingerprint_and_a_changed_key(qtbot, sites, tmp_path):
    from lapor_desktop import device

    (vws, vact), (kws, kact) = sites
    usb = tmp_path / "usb"
    kec.export_key(kws, kact, usb / "kunci.json")
    kec.import_key(vws, vact, usb / "kunci.json")
    bundles.export_bundle(vws, vact, usb / "desa.lapor")
    kpage = make_page(qtbot, kws, kact)
    asked = []
    kpage.confirm = lambda title, text: asked.append((title, text)) or False
    with qtbot.waitSignal(kpage.job_failed, timeout=20_000) as blocker:
        kpage.import_file(str(usb / "desa.lapor"))
    assert "tidak dipercaya" in blocker.args[0]
    title, text = asked[0]
    assert device.describe(vws).grouped_fingerprint in text and "Tertung" in text
    assert kpage.summary_table.rowCount() == 0  # nothing imported

    # The silent-village list names every village of the kecamatan; none heard from yet.
    table = kpage.silent_box.table
    assert table.rowCount() > 20
    assert "belum pernah" in table.item(0, 4).text()
