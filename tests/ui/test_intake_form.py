"""The intake form: typed by keyboard, saved, validated field by field, attachments."""

from __future__ import annotations

import pypdf
import pytest
from PySide6.QtCore import Qt

from lapor_desktop import intake, search
from tests.support.factories import NIK, png_bytes, write_file


def fill(qtbot, form, **over):
    values = {
        "name": "Siti Aminah", "phone": "081234567890", "nik": NIK,
        "title": "Jalan desa berlubang di Dusun Tertung",
        "body": "Jalan utama dusun berlubang besar sejak banjir dan membahayakan anak sekolah.",
        "location": "Jl. Lintas Tertung, dekat SD Negeri 12",
    }
    values.update(over)
    for attr, text in values.items():
        widget = getattr(form, attr)
        qtbot.keyClicks(widget, "x")  # touch the field, so an emptied one is reported
        widget.clear()
        if text:
            qtbot.keyClicks(widget, text)
    form.category.setCurrentIndex(form.category.findData("infrastruktur"))
    form.privacy_buttons["publik"].click()


def test_typed_report_is_saved_finalised_and_receipted(qtbot, intake_form, workspace):
    form = intake_form
    fill(qtbot, form)
    assert form.agency.currentData() == "dpupr-sintang"  # suggested from the category
    with qtbot.waitSignal(form.finalised, timeout=5000) as sig:
        qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    fin = sig.args[0]
    rows = search.query(workspace, search.Filters(text="berlubang"))
    assert [r.id for r in rows] == [fin.id]
    assert rows[0].local_state == "siap_kirim"
    view = intake.get_report(workspace, None, fin.id)
    assert view.agency == "dpupr-sintang"
    assert view.privacy == "publik"
    # receipt: rendered on demand outside the data dir, readable by a real PDF reader
    from lapor_desktop.ui import receipt

    pdf = form.last_receipt
    assert pdf.exists() and pdf.parent == receipt.receipt_dir()
    assert workspace.paths.root not in pdf.parents
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages)
    compact = "".join(text.split())
    assert fin.local_number in compact
    assert "SitiAminah" in compact
    assert fin.local_number in form.banner.text()
    assert form.title.text() == ""  # cleared for the next citizen


def test_agency_override_is_kept(qtbot, intake_form):
    form = intake_form
    fill(qtbot, form)
    form.agency.setCurrentIndex(form.agency.findData("kec-sintang"))
    form.agency.activated.emit(form.agency.currentIndex())
    form.category.setCurrentIndex(form.category.findData("kesehatan"))
    assert form.agency.currentData() == "kec-sintang"


@pytest.mark.parametrize("privacy", ["anonim", "rahasia"])
def test_private_receipt_shows_no_more_than_needed(qtbot, intake_form, privacy):
    form = intake_form
    fill(qtbot, form)
    form.privacy_buttons[privacy].click()
    with qtbot.waitSignal(form.finalised, timeout=5000) as sig:
        form.submit()
    text = "".join("".join(p.extract_text().split())
                   for p in pypdf.PdfReader(str(form.last_receipt)).pages)
    assert sig.args[0].local_number in text
    assert "Siti" not in text and NIK not in text
    if privacy == "rahasia":
        assert "berlubang" not in text


CASES = [
    ("title", "", "title", "Wajib diisi."),
    ("body", "pendek", "body", "Isi laporan paling sedikit 20 karakter."),
    ("phone", "12345", "complainant.phone", "Nomor telepon bukan nomor Indonesia yang sah"),
    ("phone", "", "complainant.phone", "Wajib diisi."),
    ("name", "", "complainant.name", "Wajib diisi."),
    ("nik", "12345", "complainant.nik", "NIK harus 16 digit angka."),
    ("nik", "6105019905900001", "complainant.nik", "Tanggal lahir di NIK tidak valid"),
    ("email", "bukan-email", "complainant.email", "Alamat email tidak sah."),
    ("region", "Desa Antah Berantah", "region_code", "Kode wilayah tidak ada dalam daftar"),
]


@pytest.mark.parametrize("attr,text,field,message", CASES)
def test_each_validation_message_appears_under_its_field(qtbot, intake_form, attr, text,
                                                         field, message):
    form = intake_form
    fill(qtbot, form, **({attr: text} if attr in ("name", "phone", "nik", "title", "body")
                         else {}))
    if attr in ("email", "region"):
        getattr(form, attr).clear()
        qtbot.keyClicks(getattr(form, attr), text)
    box = form.boxes[field]
    qtbot.waitUntil(lambda: message in box.message.text() and box.message.isVisible(),
                    timeout=3000)
    assert form.submit() is None  # refused while the message stands


def test_missing_category_and_privacy_are_reported_on_save(qtbot, intake_form):
    form = intake_form
    qtbot.keyClicks(form.name, "Budi")
    assert form.submit() is None
    assert form.boxes["category"].message.text() == "Wajib diisi."
    assert form.boxes["privacy"].message.text() == "Wajib diisi."
    assert "isian" in form.summary.text()


def test_nik_with_unknown_region_is_a_warning_only(qtbot, intake_form):
    form = intake_form
    fill(qtbot, form, nik="9905015005900001")
    box = form.boxes["complainant.nik"]
    qtbot.waitUntil(lambda: "tidak dikenal" in box.message.text(), timeout=3000)
    assert box.message.objectName() == "fieldWarning"
    with qtbot.waitSignal(form.finalised, timeout=5000):
        form.submit()


def test_draft_is_autosaved_while_typing(qtbot, intake_form, workspace, actor):
    form = intake_form
    with qtbot.waitSignal(form.draft_saved, timeout=5000):
        qtbot.keyClicks(form.title, "Lampu jalan mati")
    drafts = intake.list_drafts(workspace)
    assert [d[1] for d in drafts] == ["Lampu jalan mati"]
    assert intake.draft_data(workspace, actor, drafts[0][0])["title"] == "Lampu jalan mati"


def test_attachments_thumbnail_and_clear_refusal(qtbot, intake_form, workspace, tmp_path):
    form = intake_form
    qtbot.keyClicks(form.title, "Foto jalan")
    good = write_file(tmp_path / "in", "jalan.png", png_bytes(32, 32))
    bad = write_file(tmp_path / "in", "catatan.txt", b"hanya teks biasa")
    workspace.settings.max_attachment_bytes = 2000
    big = write_file(tmp_path / "in", "besar.png", png_bytes(400, 400, seed=3))
    form.add_files([good, bad, big])
    # Files are copied on a worker thread; the form says so and waits before saving.
    assert form.attaching and not form.save_button.isEnabled()
    qtbot.waitUntil(lambda: not form.attaching, timeout=10_000)
    assert form.save_button.isEnabled()
    assert form.attachments.count() == 1
    assert not form.attachments.item(0).icon().isNull()
    assert "tidak didukung" in form.attachment_error.text()
    assert "melebihi batas" in form.attachment_error.text()
    view = intake.get_report(workspace, form.actor, form.report_id)
    assert [a.file_name for a in view.attachments] == ["jalan.png"]
    form.attachments.setCurrentRow(0)
    form.remove_selected_attachment()
    assert form.attachments.count() == 0
    assert intake.get_report(workspace, None, form.report_id).attachments == ()


def test_tab_order_follows_the_form(qtbot, intake_form):
    form = intake_form
    form.name.setFocus()
    qtbot.waitUntil(form.name.hasFocus, timeout=2000)
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert form.phone.hasFocus()
    qtbot.keyClick(form.phone, Qt.Key.Key_Tab)
    assert form.nik.hasFocus()


def test_restored_draft_without_privacy_choice_shows_none_chosen(qtbot, intake_form,
                                                                   workspace, actor):
    """A draft saved before privacy was chosen comes back with no radio checked and the
    "Wajib diisi." message under privacy, until the operator picks one."""
    form = intake_form
    # A previous draft with a choice, so stale state would show if not cleared on load.
    chosen = intake.save_draft(workspace, actor, {"title": "Draf dengan pilihan",
                                                  "privacy": "rahasia"})
    form.load_draft(chosen)
    assert form.privacy_buttons["rahasia"].isChecked()

    rid = intake.save_draft(workspace, actor, {"title": "Draf tanpa pilihan kerahasiaan",
                                               "privacy": None})
    assert intake.draft_data(workspace, actor, rid)["privacy"] == ""
    form.load_draft(rid)
    assert form.report_id == rid
    assert not any(b.isChecked() for b in form.privacy_buttons.values())
    assert form.data()["privacy"] is None
    box = form.boxes["privacy"]
    assert box.message.text() == "Wajib diisi." and not box.message.isHidden()

    # Saving the draft again keeps "no choice"; choosing one clears the message.
    form.save_draft()
    assert intake.draft_data(workspace, actor, rid)["privacy"] == ""
    form.privacy_buttons["anonim"].click()
    form.run_validation()
    assert box.message.text() == ""
    form.save_draft()
    assert intake.draft_data(workspace, actor, rid)["privacy"] == "anonim"


def test_second_save_click_after_finalising_does_nothing(qtbot, intake_form, workspace):
    """A double click on "Simpan & Cetak" finalises once and leaves the new form calm."""
    form = intake_form
    fill(qtbot, form)
    with qtbot.waitSignal(form.finalised, timeout=5000):
        form.save_button.click()
    with qtbot.assertNotEmitted(form.finalised):
        form.save_button.click()
    assert form.summary.text() == ""
    assert not any(box.message.isVisible() for box in form.boxes.values())
    assert form.banner.isVisible()
    assert search.counts_by_state(workspace).get("siap_kirim", 0) == 1
    # once the next citizen's report is typed, saving works as before
    qtbot.keyClicks(form.name, "Budi")
    assert form.submit() is None
    assert form.boxes["category"].message.text() == "Wajib diisi."


def test_receipt_that_cannot_be_written_leaves_a_clean_form(qtbot, intake_form, workspace,
                                                            monkeypatch, tmp_path):
    """The report is final even when its PDF fails (here the receipts folder cannot be
    created): the form moves on and says what to do, instead of keeping a finalised report
    that every autosave would refuse."""
    from lapor_desktop.ui import receipt

    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"not a folder")
    monkeypatch.setattr(receipt, "receipt_dir", lambda: blocked / "sub")
    form = intake_form
    fill(qtbot, form)
    with qtbot.waitSignal(form.finalised, timeout=5000) as sig:
        form.submit()
    fin = sig.args[0]
    assert intake.get_report(workspace, None, fin.id).local_state == "siap_kirim"
    assert form.report_id is None and form.title.text() == ""
    assert form.banner.isVisible() and form.banner.objectName() == "bannerError"
    assert fin.local_number in form.banner.text()
    assert "Cetak ulang tanda terima" in form.banner.text()
    # the next citizen's draft is saved as usual
    qtbot.keyClicks(form.name, "Budi")
    assert form.save_draft() is not None
    assert "tersimpan" in form.draft_state.text()
