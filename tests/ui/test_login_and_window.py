"""First run, login, the main window's status bar, pages and clean shutdown."""

from __future__ import annotations

from PySide6.QtCore import QThread

from lapor_desktop import intake
from lapor_desktop.ui.login import FirstRunDialog, LoginDialog
from lapor_desktop.ui.main_window import PAGE_SETTINGS
from tests.support.factories import PASSWORD, REGION, report_data


def test_first_run_picks_village_by_name(qtbot, workspace):
    dlg = FirstRunDialog(workspace)
    qtbot.addWidget(dlg)
    dlg.region.setFocus()
    qtbot.keyClicks(dlg.region, "Tertung")
    model = dlg.region.completer().model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    first = model.index(0, 0).data()
    assert "61.05.01.2008" in first
    dlg.region.setText(first)
    qtbot.keyClicks(dlg.display_name, "Budi Santoso")
    qtbot.keyClicks(dlg.username, "budi")
    qtbot.keyClicks(dlg.password, PASSWORD)
    qtbot.keyClicks(dlg.password2, "lain-lain-1")
    dlg.ok.click()
    assert "tidak sama" in dlg.error.text() and not workspace.is_initialised
    dlg.password2.setText(PASSWORD)
    qtbot.keyClicks(dlg.endpoint, "https://lapor.example.org")
    dlg.ok.click()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert workspace.region_code == REGION
    assert dlg.actor.username == "budi"
    assert workspace.settings.endpoint_url == "https://lapor.example.org"


def test_login_says_plainly_when_the_password_is_wrong(qtbot, workspace, actor):
    dlg = LoginDialog(workspace)
    qtbot.addWidget(dlg)
    assert dlg.username.text() == "admin"
    qtbot.keyClicks(dlg.password, "salah-sekali")
    dlg.ok.click()
    assert dlg.actor is None
    assert "kata sandi salah" in dlg.error.text()
    dlg.password.setText(PASSWORD)
    dlg.ok.click()
    assert dlg.actor is not None and dlg.actor.operator_id == actor.operator_id


def test_status_bar_counts_waiting_reports(qtbot, ui_window, workspace, actor):
    assert "0 laporan" in ui_window.queue_label.text()
    assert "Admin Desa" in ui_window.operator_label.text()
    intake.create_reports(workspace, actor, [report_data(), report_data()])
    ui_window.report_changed()
    assert "2 laporan" in ui_window.queue_label.text()


def test_navigation_pages_and_placeholders(qtbot, ui_window):
    for row in range(PAGE_SETTINGS + 1):
        ui_window.nav.setCurrentRow(row)
        assert ui_window.stack.currentIndex() == row
    assert ui_window.settings_page.isVisible()


def test_open_draft_is_restored_in_a_new_window(qtbot, workspace, actor):
    from lapor_desktop.ui.main_window import MainWindow

    rid = intake.save_draft(workspace, actor, report_data(title="Belum selesai"))
    win = MainWindow(workspace, actor, ask_print=False)
    qtbot.addWidget(win)
    assert win.intake.report_id == rid
    assert win.intake.title.text() == "Belum selesai"
    win.close()


def test_no_thread_left_running_after_close(qtbot, ui_window):
    ui_window.close()
    assert not [t for t in ui_window.findChildren(QThread) if t.isRunning()]
