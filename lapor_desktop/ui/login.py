"""First-run setup and login: nothing opens until the data key is unlocked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.widgets import FieldBox, RegionEdit, message_label, page_title
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError


def _button_row(dialog: QDialog, cancel_text: str, ok_text: str) -> tuple[QHBoxLayout,
                                                                          QPushButton]:
    """Cancel and the default (primary) button, right-aligned; returns (row, ok button)."""
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(cancel_text)
    cancel.clicked.connect(dialog.reject)
    ok = QPushButton(ok_text)
    ok.setObjectName("primary")
    ok.setDefault(True)
    ok.clicked.connect(dialog.submit)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok


class FirstRunDialog(QDialog):
    """Pick the village, create the first (admin) operator, optionally the endpoint."""

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("LAPOR Desktop — Persiapan pertama"))
        self.setMinimumWidth(620)
        lay = QVBoxLayout(self)
        lay.setSpacing(8)
        # The dialog grows when a message shows instead of squashing the fields.
        lay.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        lay.addWidget(page_title(self.tr("Selamat datang di LAPOR Desktop")))
        intro = QLabel(self.tr(
            "Aplikasi ini mencatat pengaduan warga yang datang ke kantor desa, mencetak tanda "
            "terima, dan mengirimkannya ke SP4N-LAPOR! saat ada jaringan. Isi tiga hal di "
            "bawah ini sekali saja."))
        intro.setWordWrap(True)
        intro.setObjectName("help")
        lay.addWidget(intro)

        self.region = RegionEdit(level=None)
        self.region.setPlaceholderText(self.tr("Ketik nama desa, mis. Tertung"))
        self.region_box = FieldBox(self.tr("1. Desa atau kecamatan kantor ini"), self.region,
                                   help_text=self.tr("Dari daftar wilayah Kemendagri."))
        lay.addWidget(self.region_box)

        lay.addWidget(QLabel(self.tr("2. Operator pertama (admin)")))
        form = QFormLayout()
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("mis. Budi Santoso"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("mis. budi"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Nama lengkap"), self.display_name)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi (min. 10 karakter, sulit ditebak)"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.password2)
        lay.addLayout(form)

        self.endpoint = QLineEdit()
        self.endpoint.setPlaceholderText("https://lapor.sintang.go.id")
        lay.addWidget(FieldBox(self.tr("3. Alamat server pusat (boleh dikosongkan)"),
                               self.endpoint,
                               help_text=self.tr("Dapat diisi nanti di Pengaturan.")))
        self.error = message_label("bannerError")
        lay.addWidget(self.error)
        row, self.ok = _button_row(self, self.tr("Batal"), self.tr("Siapkan aplikasi"))
        lay.addLayout(row)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()

    def submit(self) -> None:
        if self.password.text() != self.password2.text():
            self.show_error(self.tr("Kedua kata sandi tidak sama."))
            return
        code = self.region.code()
        try:
            self.actor = self.ws.initialise(code, self.username.text().strip(),
                                            self.password.text(),
                                            self.display_name.text().strip() or None)
        except WorkspaceError as exc:
            self.show_error(dt(str(exc)))
            return
        self.ws.settings.endpoint_url = self.endpoint.text().strip()
        self.ws.settings.save(self.ws.paths)
        self.accept()


class LoginDialog(QDialog):
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("LAPOR Desktop — Masuk"))
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        lay.addWidget(page_title(self.tr("Masuk")))
        office = ws.settings.office_name or ws.region_code
        sub = QLabel(self.tr("Kantor: %1").replace("%1", office))
        sub.setObjectName("help")
        lay.addWidget(sub)
        form = QFormLayout()
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Nama pengguna"), self.username)
        form.addRow(self.tr("Kata sandi"), self.password)
        lay.addLayout(form)
        active = [o for o in ws.operators() if o.active]
        if len(active) == 1:
            self.username.setText(active[0].username)
        self.error = message_label("bannerError")
        lay.addWidget(self.error)
        row, self.ok = _button_row(self, self.tr("Keluar"), self.tr("Masuk"))
        lay.addLayout(row)
        (self.password if self.username.text() else self.username).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        from lapor_desktop.workspace import LoginLocked

        try:
            self.actor = self.ws.login(self.username.text().strip(), self.password.text())
        except LoginLocked as exc:
            self.error.setText(dt(str(exc)))
            self.error.show()
            self.adjustSize()
            return
        except WorkspaceError as exc:
            text = dt(str(exc))
            if "Tunggu" not in text:
                text += " " + self.tr("Periksa huruf besar/kecil lalu coba lagi.")
            self.error.setText(text)
            self.error.show()
            self.adjustSize()
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()
