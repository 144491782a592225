"""Report detail: every field, identity masked until a permitted role reveals it."""

from __future__ import annotations

from sqlalchemy import select

from lapor_desktop import intake
from lapor_desktop.store.models import AuditEvent
from lapor_desktop.ui.report_detail import ReportDetailPage
from tests.support.factories import NIK, report_data


def _labels(widget):
    from PySide6.QtWidgets import QLabel

    return " ".join(lab.text() for lab in widget.findChildren(QLabel))


def _reveals(workspace):
    with workspace.db.read() as s:
        return list(s.scalars(select(AuditEvent.operator_id)
                              .where(AuditEvent.action == "reveal_identity")))


def test_operator_cannot_reveal_identity(qtbot, workspace, actor, make_operator):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    op = make_operator("operator")
    page = ReportDetailPage(workspace, op)
    qtbot.addWidget(page)
    page.show_report(fin.id)
    assert not page.reveal_button.isEnabled()
    assert page.reveal_identity() is False
    assert "tidak berwenang" in page.error.text()
    text = _labels(page)
    assert "Siti Aminah" not in text and NIK not in text
    assert "Jalan desa berlubang" in text
    assert _reveals(workspace) == []


def test_kepala_desa_reveals_and_it_is_audited(qtbot, workspace, actor, make_operator):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    kades = make_operator("kepala_desa", "kades")
    page = ReportDetailPage(workspace, kades)
    qtbot.addWidget(page)
    page.show_report(fin.id)
    assert "Siti Aminah" not in _labels(page)
    assert page.reveal_button.isEnabled()
    page.reveal_identity(reason="tindak_lanjut")
    assert "Siti Aminah" in _labels(page) and NIK in _labels(page)
    assert _reveals(workspace) == [kades.operator_id]


def test_reveal_dialog_needs_a_reason(qtbot):
    from lapor_desktop.ui.trust_dialogs import RevealDialog

    dialog = RevealDialog()
    qtbot.addWidget(dialog)
    dialog.submit()
    assert dialog.result() != RevealDialog.DialogCode.Accepted
    assert "alasan" in dialog.error.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData("lainnya"))
    dialog.submit()
    assert "keterangan" in dialog.error.text()
    dialog.note.setText("Rapat koordinasi dengan camat")
    dialog.submit()
    assert dialog.result() == RevealDialog.DialogCode.Accepted
    assert dialog.choice() == ("lainnya", "Rapat koordinasi dengan camat")


def test_correction_opens_a_new_draft(qtbot, ui_window, workspace, actor):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    ui_window.open_report(fin.id)
    ui_window.detail.correct_button.click()
    form = ui_window.intake
    assert form.report_id not in (None, fin.id)
    assert form.title.text() == "Jalan desa berlubang di Dusun Tertung"
    assert ui_window.stack.currentWidget() is form


def _reprint(qtbot, monkeypatch, workspace, who, report_id):
    import pypdf
    from PySide6.QtGui import QDesktopServices

    from lapor_desktop.ui import receipt

    opened = []
    monkeypatch.setattr(receipt, "has_printer", lambda: False)
    monkeypatch.setattr(receipt, "_no_printer", lambda *_a: False)  # "Tutup"
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page = ReportDetailPage(workspace, who)
    qtbot.addWidget(page)
    page.show_report(report_id)
    page.receipt_button.click()
    assert len(opened) == 1
    pdf = opened[0].toLocalFile()
    return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages)


def test_reprint_by_a_role_that_may_not_reveal_leaves_out_the_name(
        qtbot, monkeypatch, workspace, actor, make_operator):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    text = _reprint(qtbot, monkeypatch, workspace, make_operator("operator"), fin.id)
    assert fin.local_number in text
    assert "SitiAminah" not in text
    assert _reveals(workspace) == []


def test_reprint_with_the_name_is_an_audited_reveal(qtbot, monkeypatch, workspace, actor,
                                                     make_operator):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    kades = make_operator("kepala_desa", "kades")
    text = _reprint(qtbot, monkeypatch, workspace, kades, fin.id)
    assert "SitiAminah" in text
    assert _reveals(workspace) == [kades.operator_id]


def test_reprint_that_cannot_be_written_says_what_to_do(qtbot, workspace, actor,
                                                        monkeypatch, tmp_path):
    from lapor_desktop.ui import receipt

    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"not a folder")
    monkeypatch.setattr(receipt, "receipt_dir", lambda: blocked / "sub")
    page = ReportDetailPage(workspace, actor)
    qtbot.addWidget(page)
    page.show_report(fin.id)
    page.receipt_button.click()
    assert page.error.isVisibleTo(page)
    assert "Tanda terima tidak dapat disimpan" in page.error.text()


def test_attachment_names_and_lihat_follow_the_role(qtbot, workspace, actor, make_operator,
                                                   tmp_path):
    """An operator sees "Lampiran 1 (PDF, …)", never the original name; "lihat" opens a
    decrypted copy in the temp folder (the stored file is sealed)."""
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    from lapor_desktop import stored_files
    from tests.support.factories import pdf_bytes, write_file

    letter = pdf_bytes("Surat untuk Siti Aminah", pad=5000)
    src = write_file(tmp_path / "src", "surat-siti-aminah.pdf", letter)
    fin = intake.create_reports(workspace, actor, [report_data(attachments=[str(src)])])[0]

    class Opened(QObject):
        def __init__(self):
            super().__init__()
            self.urls = []

        @Slot("QUrl")
        def open(self, url):
            self.urls.append(url)

    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        for who, shown in ((make_operator("operator"), "Lampiran 1 (PDF, 5 KB)"),
                           (make_operator("kepala_desa", "kades"), "surat-siti-aminah.pdf")):
            page = ReportDetailPage(workspace, who)
            qtbot.addWidget(page)
            page.show_report(fin.id)
            item = page.attachment_list.item(0)
            assert item.text().startswith(shown)
            if who.role == "operator":
                assert "siti" not in item.text().lower()
            path = page.open_attachment(item)
            assert path is not None and path.read_bytes() == letter
            assert opened.urls[-1].toLocalFile() == str(path)
            assert "siti" not in path.name.lower()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert stored_files.clear_view_copies(workspace) == 2
