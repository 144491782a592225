"""Fixtures for the desktop UI tests: a logged-in main window on a real store in tmp_path."""

from __future__ import annotations

import pytest


@pytest.fixture
def ui_window(qtbot, workspace, actor):
    from PySide6.QtWidgets import QApplication

    from lapor_desktop.ui import theme
    from lapor_desktop.ui.main_window import MainWindow

    theme.apply(QApplication.instance())
    win = MainWindow(workspace, actor, ask_print=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def intake_form(ui_window):
    return ui_window.intake


@pytest.fixture
def make_operator(workspace, actor):
    """Add an operator with a role and log in as them."""
    from tests.support.factories import PASSWORD

    def make(role: str, username: str = "petugas"):
        workspace.add_operator(actor, username, username.title(), role, PASSWORD)
        return workspace.login(username, PASSWORD)

    return make
