"""Pengaturan, "Perangkat dan cadangan": this laptop's device code and key fingerprint (read
aloud to the kecamatan), the encrypted backup and its restore, the weekly reminder, and the
photo and silent-village settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from lapor_desktop import backup, device, photos
from lapor_desktop import kecamatan as kec
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.widgets import message_label, show_message
from lapor_desktop.workspace import WorkspaceError


def reminder_text(ws) -> str | None:
    """The weekly reminder, or None when a backup was written in the last seven days."""
    if not backup.reminder_due(ws):
        return None
    last = backup.last_backup(ws)
    if last is None:
        return QCoreApplication.translate(
            "DeviceBox", "Belum pernah ada cadangan. Tulis cadangan ke flashdisk (Pengaturan).")
    return QCoreApplication.translate(
        "DeviceBox", "Cadangan terakhir %1: sudah lebih dari seminggu. Tulis cadangan baru ke "
        "flashdisk (Pengaturan).").replace("%1", last.astimezone().strftime("%d-%m-%Y"))


class DeviceBox(QGroupBox):
    backup_written = Signal(str)

    def __init__(self, ws, actor, parent=None):
        super().__init__(self.tr("Perangkat dan cadangan"), parent)
        self.ws, self.actor = ws, actor
        # Replaceable for tests and scripts: (caption, save, suggested) -> path or None.
        self.ask_path: Callable[[str, bool, str], str | None] = self._ask_path
        self.ask_folder: Callable[[str], str | None] = self._ask_folder
        self.ask_password: Callable[[str], str | None] = self._ask_password
        form = QFormLayout(self)
        facts = device.describe(ws)
        self.code_label = QLabel(facts.code)
        self.code_label.setObjectName("deviceCode")
        self.fingerprint_label = QLabel(facts.grouped_fingerprint)
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Kode perangkat"), self.code_label)
        form.addRow(self.tr("Sidik jari kunci"), self.fingerprint_label)
        hint = QLabel(self.tr("Bacakan sidik jari ini kepada kecamatan saat bundel pertama "
                              "dari laptop ini diimpor."))
        hint.setObjectName("help")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.keep_originals = QCheckBox(self.tr("Simpan juga foto asli di laptop ini (tidak "
                                                "dikirim)"))
        self.keep_originals.setChecked(photos.keep_originals(ws.paths.root))
        form.addRow(self.keep_originals)
        self.silent_days = QSpinBox()
        self.silent_days.setRange(1, 365)
        self.silent_days.setSuffix(self.tr(" hari"))
        self.silent_days.setValue(kec.silent_after_days(ws))
        if ws.is_kecamatan:
            form.addRow(self.tr("Desa dianggap senyap setelah"), self.silent_days)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        form.addRow(self.tr("Cadangan"), self.last_label)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Tulis cadangan…"))
        self.backup_button.clicked.connect(lambda: self.write_backup())
        self.restore_button = QPushButton(self.tr("Pulihkan ke folder lain…"))
        self.restore_button.clicked.connect(lambda: self.restore())
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        form.addRow(row)
        self.message = message_label("banner")
        form.addRow(self.message)
        self.refresh()

    def apply(self) -> None:
        """Put the box's settings into ``ws.settings`` (the page saves them)."""
        extra = self.ws.settings.extra
        extra[photos.KEEP_ORIGINAL_SETTING] = self.keep_originals.isChecked()
        if self.ws.is_kecamatan:
            extra[kec.SILENT_DAYS_SETTING] = self.silent_days.value()

    def refresh(self) -> None:
        last = backup.last_backup(self.ws)
        text = (self.tr("Terakhir ditulis %1.").replace(
            "%1", last.astimezone().strftime("%d-%m-%Y %H:%M")) if last
            else self.tr("Belum pernah ditulis."))
        reminder = reminder_text(self.ws)
        if reminder:
            text += " " + self.tr("Tulis cadangan ke flashdisk setiap minggu.")
        self.last_label.setText(text)
        self.last_label.setStyleSheet("color: #b00020;" if reminder else "")

    def write_backup(self, path: str | None = None) -> None:
        stamp = datetime.now().strftime("%Y%m%d")
        path = path or self.ask_path(self.tr("Simpan cadangan"), True,
                                     f"cadangan-lapor-{stamp}.lapor-cadangan")
        if not path:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            res = backup.create_backup(self.ws, self.actor, Path(path))
        except (WorkspaceError, OSError) as exc:
            show_message(self.message, dt(str(exc)), False)
            return
        finally:
            QApplication.restoreOverrideCursor()
        show_message(self.message, self.tr(
            "Cadangan ditulis: %1 laporan, %2 lampiran. Simpan flashdisk terpisah dari "
            "laptop.").replace("%1", str(res.reports)).replace("%2", str(res.attachments)),
            True)
        self.refresh()
        self.backup_written.emit(str(res.path))

    def restore(self, source: str | None = None, folder: str | None = None,
                password: str | None = None) -> bool:
        source = source or self.ask_path(self.tr("Pilih berkas cadangan"), False, "")
        folder = folder or (self.ask_folder(self.tr("Pilih folder data kosong")) if source
                            else None)
        password = password or (self.ask_password(
            self.tr("Kata sandi salah satu operator di cadangan:")) if folder else None)
        if not (source and folder and password):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            res = backup.restore_backup(Path(source), Path(folder), password)
        except (WorkspaceError, OSError) as exc:
            show_message(self.message, dt(str(exc)), False)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        show_message(self.message, self.tr(
            "Dipulihkan: %1 laporan. Buka LAPOR Desktop dengan folder data %2 "
            "(lapor-desktop --data-dir FOLDER).").replace("%1", str(res.reports))
            .replace("%2", str(res.data_dir)), res.audit_ok)
        return True

    def _ask_path(self, caption: str, save: bool, suggested: str) -> str | None:
        filt = self.tr("Cadangan LAPOR (*.lapor-cadangan);;Semua berkas (*)")
        if save:
            path, _ = QFileDialog.getSaveFileName(self, caption, suggested, filt)
        else:
            path, _ = QFileDialog.getOpenFileName(self, caption, "", filt)
        return path or None

    def _ask_folder(self, caption: str) -> str | None:
        return QFileDialog.getExistingDirectory(self, caption) or None

    def _ask_password(self, caption: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Pulihkan cadangan"), caption,
                                        QLineEdit.EchoMode.Password)
        return text if ok and text else None


def trust_text(device) -> str:
    """What a kecamatan operator reads before trusting a village device: the device, its
    village and its whole fingerprint (and the old one, when the key changed). The texts
    keep the context of the page that asks ("BundlePage")."""
    who = QCoreApplication.translate(
        "BundlePage", "Perangkat %1 dari desa %2 (%3)").replace(
        "%1", device.code or device.device_id).replace("%2", device.village).replace(
        "%3", device.region_code)
    if device.key_changed:
        head = QCoreApplication.translate(
            "BundlePage", "PERINGATAN: %1 sebelumnya memakai kunci lain:\n%2\n\nBundel ini "
            "bertanda tangan kunci baru. Bisa jadi laptop desa diganti atau "
            "diinstal ulang, bisa jadi bundel palsu.").replace("%1", who) \
            .replace("%2", device.grouped_previous_fingerprint)
    else:
        head = QCoreApplication.translate(
            "BundlePage", "%1 belum dikenal kecamatan ini.").replace("%1", who)
    return head + "\n\n" + QCoreApplication.translate(
        "BundlePage", "Sidik jari kunci perangkat:\n%1\n\nTelepon operator desa dan minta "
        "dibacakan sidik jari di Pengaturan laptop desa. Percayai perangkat ini hanya bila "
        "semuanya sama.").replace("%1", device.grouped_fingerprint)
