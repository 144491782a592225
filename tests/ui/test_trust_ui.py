"""Trust screens: setup/login keep their fields when a message shows, password change,
Jejak audit, the correction form hiding a carried identity, and the calm crash dialog."""

from __future__ import annotations

import logging

from lapor_desktop import intake, logging_setup
from tests.support.factories import NIK, PASSWORD, report_data


def _field_heights(dialog):
    from PySide6.QtWidgets import QLineEdit

    return [w.height() for w in dialog.findChildren(QLineEdit) if w.isVisible()]


def test_setup_dialog_grows_instead_of_squashing_fields(qtbot, workspace):
    from lapor_desktop.ui.login import FirstRunDialog

    dialog = FirstRunDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _field_heights(dialog)
    dialog.submit()  # no region chosen
    qtbot.wait(10)
    assert "belum dipilih" in dialog.error.text() and "PP." not in dialog.error.text()
    assert _field_heights(dialog) == before
    assert dialog.height() >= dialog.sizeHint().height()


def test_login_dialog_reports_a_lock_and_keeps_fields(qtbot, workspace, actor):
    from lapor_desktop.ui.login import LoginDialog

    dialog = LoginDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = _field_heights(dialog)
    for _ in range(5):
        dialog.password.setText("bukan-sandi-ini")
        dialog.submit()
    assert "Tunggu 30 detik" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert dialog.actor is None and "Tunggu" in dialog.error.text()
    assert _field_heights(dialog) == before


def test_change_password_dialog(qtbot, workspace, actor):
    from lapor_desktop.ui.trust_dialogs import ChangePasswordDialog

    dialog = ChangePasswordDialog(workspace, actor)
    qtbot.addWidget(dialog)
    dialog.current.setText(PASSWORD)
    dialog.new.setText("1234567890")
    dialog.again.setText("1234567890")
    dialog.submit()
    assert "mudah ditebak" in dialog.error.text()
    dialog.new.setText("sawah-pelangi-rakit-42")
    dialog.again.setText("sawah-pelangi-rakit-42")
    dialog.submit()
    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    assert workspace.login("admin", "sawah-pelangi-rakit-42").data_key == actor.data_key


def test_audit_page_filters_and_shows_no_identity(qtbot, workspace, actor):
    from lapor_desktop.ui.audit_page import AuditPage

    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    intake.get_report(workspace, actor, rid, reveal=True, reason="verifikasi")
    page = AuditPage(workspace, actor)
    qtbot.addWidget(page)
    assert page.table.rowCount() >= 3
    page.action.setCurrentIndex(page.action.findData("reveal_identity"))
    assert page.table.rowCount() == 1
    assert page.table.item(0, 4).text() == "reason=verifikasi"
    cells = " ".join(page.table.item(r, c).text() for r in range(page.table.rowCount())
                     for c in range(5))
    assert NIK not in cells and "Siti" not in cells
    assert page.verify_label.text() == "Rantai audit utuh"


def test_menu_offers_audit_only_to_readers(qtbot, ui_window, make_operator):
    from lapor_desktop.ui.main_window import MainWindow

    def account_menu(window):
        menus = {a.text(): a.menu() for a in window.menuBar().actions()}
        return [a.text() for a in menus["Akun"].actions()]

    assert account_menu(ui_window) == ["Ganti kata sandi…", "Jejak audit…"]
    op_window = MainWindow(ui_window.ws, make_operator("operator"), ask_print=False)
    qtbot.addWidget(op_window)
    assert account_menu(op_window) == ["Ganti kata sandi…"]


def test_operator_correction_form_hides_the_carried_identity(qtbot, ui_window, workspace,
                                                            actor, make_operator):
    from lapor_desktop.ui.main_window import MainWindow

    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    win = MainWindow(workspace, make_operator("operator"), ask_print=False)
    qtbot.addWidget(win)
    win.open_report(fin.id)
    win.detail.correct_button.click()
    form = win.intake
    assert form.report_id not in (None, fin.id)
    assert form.name.text() == "" and form.nik.text() == ""
    assert form.name.placeholderText() == intake.CARRIED_HINT
    result = form.run_validation()
    assert not any(i.field.startswith("complainant") for i in result.errors)
    form.clear()
    assert form.name.placeholderText() != intake.CARRIED_HINT


def test_uncaught_exception_goes_to_the_log(tmp_path):
    from lapor_desktop.ui import app

    logging_setup.reset()
    log_file = logging_setup.configure(tmp_path / "logs", console=False)
    try:
        app.install_excepthook(log_file, show_dialog=False)
        import sys

        try:
            raise RuntimeError(f"gagal untuk NIK {NIK}")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        for h in logging.getLogger().handlers:
            h.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "uncaught exception" in text and "RuntimeError" in text and NIK not in text
        assert "tetap aman" in app.crash_message(log_file)
    finally:
        import sys

        sys.excepthook = sys.__excepthook__
        logging_setup.reset()


def test_list_search_box_finds_a_citizen_by_phone(qtbot, ui_window, workspace, actor):
    mine, _other = intake.create_reports(workspace, actor, [
        report_data(), report_data(complainant={"phone": "082211112222", "nik": None})])
    page = ui_window.list_page
    page.search.setText("+62 812 3456 7890")
    page.apply_filters()
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data(page_id_role()) == mine.id


def page_id_role():
    from lapor_desktop.ui.report_model import IdRole

    return IdRole
