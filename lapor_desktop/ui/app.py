"""Desktop entry point: open the workspace, first run or login, then the main window."""

from __future__ import annotations

import sys


def make_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from lapor_desktop.ui import theme

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("LAPOR Desktop")
    app.setOrganizationName("LAPOR")
    theme.apply(app)
    return app


class Controller:
    """Holds the one main window; recreates its pages when the language changes."""

    def __init__(self, ws, actor, *, ask_print: bool = True):
        from lapor_desktop.ui.main_window import MainWindow

        self.ws = ws
        self.window = MainWindow(ws, actor, ask_print=ask_print)
        self.window.language_requested.connect(self.set_language)

    def set_language(self, lang: str) -> None:
        from lapor_desktop.ui.i18n import install_language

        install_language(lang)
        self.window.rebuild()


def run(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from lapor_desktop.store.db import DatabaseError
    from lapor_desktop.ui.i18n import install_language
    from lapor_desktop.workspace import Workspace

    app = make_app()
    try:
        ws = Workspace.open(data_dir)
    except DatabaseError as exc:
        QMessageBox.critical(None, "LAPOR Desktop", str(exc))
        return 2
    install_language(ws.settings.language)
    from lapor_desktop.ui.login import FirstRunDialog, LoginDialog

    try:
        while True:  # "Keluar / ganti operator" returns here for the next login
            dialog = FirstRunDialog(ws) if not ws.is_initialised else LoginDialog(ws)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
                return 0
            controller = Controller(ws, dialog.actor)
            controller.window.show()
            code = app.exec()
            if not controller.window.logged_out:
                return code
            controller.window.deleteLater()
    finally:
        ws.close()
