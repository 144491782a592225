"""What a new operator meets: Indonesian buttons, shortcuts, logout, help, names and
numbers the Indonesian way, the office's time zone, a kecamatan opening on its page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytest.importorskip("pytestqt")


def test_qt_standard_buttons_are_indonesian(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from lapor_desktop.ui.i18n import install_language

    install_language("id")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                           | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == ["Batal", "Tutup"]
    msg = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text().replace("&", "") for b in msg.buttons()) == ["Tidak", "Ya"]


def test_menu_shortcuts_logout_and_help(qtbot, ui_window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    win = ui_window
    assert win.quit_action.shortcut().toString() == "Ctrl+Q"
    assert win.help_action.shortcut().toString() == "F1"
    seen: list[str] = []

    def close_help() -> None:
        dlg = QApplication.activeModalWidget()
        seen.append(dlg.browser.toPlainText())
        dlg.reject()

    QTimer.singleShot(100, close_help)
    win.help_action.trigger()
    assert "Panduan singkat" in seen[0] and "Kirim sekarang" in seen[0]
    with qtbot.waitSignal(win.logout_requested, timeout=5000):
        win.logout_action.trigger()
    assert win.logged_out and not win.isVisible()
    assert not win.scheduler.active


def test_numbers_names_and_office_zone(workspace, actor):
    from lapor_desktop.ui import formatting
    from lapor_desktop.ui.widgets import office_text

    assert formatting.number(1234567) == "1.234.567"
    at = datetime(2026, 11, 29, 3, 5, tzinfo=UTC)
    assert formatting.time_text(at, formatting.zone_for("61.05.01.2008")) == \
        "29-11-2026 10:05 WIB"
    assert formatting.time_text(at, formatting.zone_for("73.71")) == "29-11-2026 11:05 WITA"
    assert formatting.time_text(at, formatting.zone_for("94.71")) == "29-11-2026 12:05 WIT"
    assert office_text(workspace) == "Kantor Desa Tertung"
    assert "61.05" not in office_text(workspace)


def test_kecamatan_installation_opens_on_its_page(qtbot, tmp_path):
    from lapor_desktop.ui.main_window import PAGE_BUNDLE, MainWindow
    from lapor_desktop.workspace import Workspace
    from tests.support.factories import PASSWORD

    ws = Workspace.open(tmp_path / "kec")
    try:
        actor = ws.initialise("61.05.01", "camat", PASSWORD, "Operator Kecamatan")
        win = MainWindow(ws, actor, ask_print=False, start_sync=False)
        qtbot.addWidget(win)
        assert win.stack.currentIndex() == PAGE_BUNDLE
        assert "61.05" not in win.windowTitle()
        win.close()
    finally:
        ws.close()
