"""Desktop entry point: open the workspace, first run or login, then the main window.

The GUI writes the same rotating, PII-masked log as the CLI (``logging_setup``); an
uncaught exception goes to that log and to a calm dialog instead of ending the app.
"""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger("lapor_desktop.ui")


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


def crash_message(log_file) -> str:
    from PySide6.QtCore import QCoreApplication

    text = QCoreApplication.translate(
        "Crash", "Terjadi kesalahan yang tidak terduga. Data yang sudah disimpan tetap aman. "
        "Simpan pekerjaan Anda dan mulai ulang aplikasi bila ada yang tidak berjalan.")
    if log_file is not None:
        text += "\n\n" + QCoreApplication.translate(
            "Crash", "Rincian untuk petugas dukungan tercatat di: %1").replace(
                "%1", str(log_file))
    return text


def install_excepthook(log_file, *, show_dialog: bool = True) -> None:
    """Uncaught exceptions go to the log (masked) and to a calm dialog."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if not show_dialog:
            return
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.warning(None, "LAPOR Desktop", crash_message(log_file))

    sys.excepthook = hook


def run(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from lapor_desktop import upkeep
    from lapor_desktop.config import PRIVATE_UMASK, DataDirError, log_dir
    from lapor_desktop.logging_setup import configure
    from lapor_desktop.ui.i18n import install_language
    from lapor_desktop.workspace import DatabaseError, Workspace

    if os.name != "nt":
        os.umask(PRIVATE_UMASK)  # the whole GUI session: new files are the operator's only
    log_file = configure(log_dir(data_dir), console=sys.stderr is not None)
    app = make_app()
    install_excepthook(log_file)
    try:
        ws = Workspace.open(data_dir)
    except (DatabaseError, DataDirError) as exc:
        QMessageBox.critical(None, "LAPOR Desktop", str(exc))
        return 2
    try:
        upkeep.sweep(ws)
    except OSError:
        log.warning("start-up sweep failed", exc_info=True)
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
