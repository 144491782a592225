"""Dialogs of the trust boundary: the reason for opening an identity, changing a password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from lapor_desktop.report_view import REASON_NOTE_MAX, REVEAL_REASONS
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.widgets import message_label, page_title
from lapor_desktop.workspace import WorkspaceError


def _layout(dialog: QDialog, window_title: str, title: str, intro: str) -> QVBoxLayout:
    """The dialog's layout with its title and a help line."""
    dialog.setWindowTitle(window_title)
    dialog.setMinimumWidth(520)
    lay = QVBoxLayout(dialog)
    lay.addWidget(page_title(title))
    help_line = QLabel(intro)
    help_line.setWordWrap(True)
    help_line.setObjectName("help")
    lay.addWidget(help_line)
    return lay


def _buttons(dialog: QDialog, ok_text: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(dialog.tr("Batal"))
    cancel.clicked.connect(dialog.reject)
    dialog.ok = QPushButton(ok_text)
    dialog.ok.setObjectName("primary")
    dialog.ok.setDefault(True)
    dialog.ok.clicked.connect(dialog.submit)
    row.addWidget(cancel)
    row.addWidget(dialog.ok)
    return row


class RevealDialog(QDialog):
    """Asks why an identity is opened; the reason goes into the audit log."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = _layout(self, self.tr("Buka identitas pelapor"),
                      self.tr("Mengapa identitas dibuka?"),
                      self.tr("Identitas pelapor dilindungi. Alasan Anda dicatat di jejak "
                              "audit bersama nama pengguna dan waktunya."))
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.addItem(self.tr("— pilih alasan —"), "")
        for code, text in REVEAL_REASONS.items():
            if code != "cetak_tanda_terima":
                self.reason.addItem(dt(text), code)
        self.note = QLineEdit()
        self.note.setMaxLength(REASON_NOTE_MAX)
        self.note.setPlaceholderText(self.tr("Keterangan (wajib untuk alasan lain)"))
        form.addRow(self.tr("Alasan"), self.reason)
        form.addRow(self.tr("Keterangan"), self.note)
        lay.addLayout(form)
        self.error = message_label("bannerError")
        lay.addWidget(self.error)
        lay.addLayout(_buttons(self, self.tr("Buka identitas")))

    def choice(self) -> tuple[str, str]:
        return self.reason.currentData() or "", self.note.text().strip()

    def submit(self) -> None:
        from lapor_desktop.report_view import check_reason

        try:
            check_reason(*self.choice())
        except WorkspaceError as exc:
            self.error.setText(dt(str(exc)))
            self.error.show()
            self.adjustSize()
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    """"Ganti kata sandi": the current password, then the new one twice."""

    def __init__(self, ws, actor, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        lay = _layout(self, self.tr("Ganti kata sandi"), self.tr("Ganti kata sandi"),
                      self.tr("Paling sedikit 10 karakter dan sulit ditebak: gabungkan "
                              "beberapa kata yang tidak berhubungan, mis. "
                              "kopi-hujan-jembatan-7."))
        form = QFormLayout()
        self.current = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Kata sandi saat ini"), self.current)
        form.addRow(self.tr("Kata sandi baru"), self.new)
        form.addRow(self.tr("Ulangi kata sandi baru"), self.again)
        lay.addLayout(form)
        self.error = message_label("bannerError")
        lay.addWidget(self.error)
        lay.addLayout(_buttons(self, self.tr("Simpan kata sandi")))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.show_error(self.tr("Kedua kata sandi baru tidak sama."))
            return
        try:
            self.ws.change_password(self.actor, self.new.text(), self.current.text())
        except WorkspaceError as exc:
            self.show_error(dt(str(exc)))
            return
        self.accept()
