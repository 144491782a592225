"""Pengaturan: endpoint, language, attachment limit, office name; this device and its
backup; operators for admins."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lapor_desktop.sync import state as sync_state
from lapor_desktop.ui.device_box import DeviceBox
from lapor_desktop.ui.i18n import LANGUAGES, dt, label
from lapor_desktop.ui.widgets import message_label, page_layout, show_message
from lapor_desktop.workspace import WorkspaceError
from lapor_protocol.domain import ROLE_LABELS, Role


class SettingsPage(QWidget):
    language_changed = Signal(str)
    saved = Signal()

    def __init__(self, ws, actor, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        lay = page_layout(self, self.tr("Pengaturan"))
        cols = QHBoxLayout()
        lay.addLayout(cols, 1)

        general = self._general_box(ws.settings)
        left = QVBoxLayout()
        left.addWidget(general)
        self.device_box = DeviceBox(ws, actor)
        left.addWidget(self.device_box)
        left.addStretch(1)
        cols.addLayout(left, 1)

        ops = QGroupBox(self.tr("Operator"))
        ol = QVBoxLayout(ops)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Nama pengguna"), self.tr("Nama"),
                                              self.tr("Peran"), self.tr("Status")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(0, 150)
        ol.addWidget(self.table)
        self.toggle_button = QPushButton(self.tr("Aktifkan / nonaktifkan"))
        self.toggle_button.clicked.connect(self.toggle_selected)
        ol.addWidget(self.toggle_button)
        add = QFormLayout()
        self.new_username = QLineEdit()
        self.new_name = QLineEdit()
        self.new_role = QComboBox()
        for r in Role:
            self.new_role.addItem(label(ROLE_LABELS, r), r.value)
        self.new_password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        add.addRow(self.tr("Nama pengguna"), self.new_username)
        add.addRow(self.tr("Nama lengkap"), self.new_name)
        add.addRow(self.tr("Peran"), self.new_role)
        add.addRow(self.tr("Kata sandi awal"), self.new_password)
        ol.addLayout(add)
        self.add_button = QPushButton(self.tr("Tambah operator"))
        self.add_button.clicked.connect(self.add_operator)
        ol.addWidget(self.add_button)
        self.op_message = message_label("banner")
        ol.addWidget(self.op_message)
        cols.addWidget(ops, 1)
        ops.setVisible(actor.may_manage_operators)
        if not actor.may_manage_operators:
            note = QLabel(self.tr("Pengelolaan operator hanya untuk admin."))
            note.setObjectName("help")
            lay.addWidget(note)
        self.refresh_operators()

    def _general_box(self, s) -> QGroupBox:
        """Umum: office name and contact (receipts), server, warning, language, size limit."""
        general = QGroupBox(self.tr("Umum"))
        form = QFormLayout(general)
        self.office = QLineEdit(s.office_name)
        self.office.setPlaceholderText(self.tr("mis. Kantor Desa Tertung"))
        self.contact = QLineEdit(str((s.extra or {}).get("office_contact") or ""))
        self.contact.setPlaceholderText(self.tr("mis. Jl. Desa No. 1, telp. 0812xxxxxxx"))
        self.contact.setMaxLength(160)
        self.warn_days = QSpinBox()
        self.warn_days.setRange(1, 60)
        self.warn_days.setSuffix(self.tr(" hari"))
        self.warn_days.setValue(sync_state.warn_days(self.ws))
        self.endpoint = QLineEdit(s.endpoint_url)
        self.endpoint.setPlaceholderText("https://lapor.sintang.go.id")
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.max_mb = QSpinBox()
        self.max_mb.setRange(1, 200)
        self.max_mb.setSuffix(" MB")
        self.max_mb.setValue(max(1, s.max_attachment_bytes // (1024 * 1024)))
        form.addRow(self.tr("Nama kantor (di tanda terima)"), self.office)
        form.addRow(self.tr("Kontak kantor (di tanda terima)"), self.contact)
        form.addRow(self.tr("Alamat server pusat"), self.endpoint)
        form.addRow(self.tr("Peringatkan bila laporan menunggu lebih dari"), self.warn_days)
        form.addRow(self.tr("Bahasa"), self.language)
        form.addRow(self.tr("Batas ukuran lampiran"), self.max_mb)
        self.message = message_label("banner")
        form.addRow(self.message)
        self.save_button = QPushButton(self.tr("Simpan pengaturan"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        return general

    def save(self) -> None:
        url = self.endpoint.text().strip()
        if url and not url.startswith(("http://", "https://")):
            show_message(self.message, self.tr("Alamat server harus diawali https:// "
                                            "(atau http:// untuk uji coba)."), False)
            return
        s = self.ws.settings
        old_lang = s.language
        before = dict(s.__dict__)
        s.office_name = self.office.text().strip()
        contact = " ".join(self.contact.text().split())
        s.extra = {**(s.extra or {}), "office_contact": contact} if contact else {
            k: v for k, v in (s.extra or {}).items() if k != "office_contact"}
        if self.warn_days.value() != sync_state.warn_days(self.ws):
            self.ws.db.set_meta(sync_state.META_WARN_DAYS, str(self.warn_days.value()))
            self.ws.record_settings_change(self.actor, ["sync_warn_days"])
        s.endpoint_url = url
        s.language = self.language.currentData()
        s.max_attachment_bytes = self.max_mb.value() * 1024 * 1024
        self.device_box.apply()
        s.save(self.ws.paths)
        changed = [k for k, v in s.__dict__.items() if before.get(k) != v]
        if changed:
            self.ws.record_settings_change(self.actor, changed)
        show_message(self.message, self.tr("Pengaturan tersimpan."), True)
        self.saved.emit()
        if s.language != old_lang:
            self.language_changed.emit(s.language)

    def refresh_operators(self) -> None:
        ops = self.ws.operators()
        self.table.setRowCount(len(ops))
        for row, op in enumerate(ops):
            cells = [op.username, op.display_name, label(ROLE_LABELS, op.role),
                     self.tr("Aktif") if op.active else self.tr("Nonaktif")]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(256, int(op.id))
                item.setData(257, 1 if op.active else 0)
                self.table.setItem(row, col, item)

    def add_operator(self) -> None:
        try:
            self.ws.add_operator(self.actor, self.new_username.text().strip(),
                                 self.new_name.text().strip(), self.new_role.currentData(),
                                 self.new_password.text())
        except WorkspaceError as exc:
            show_message(self.op_message, dt(str(exc)), False)
            return
        show_message(self.op_message, self.tr("Operator ditambahkan."), True)
        for w in (self.new_username, self.new_name, self.new_password):
            w.clear()
        self.refresh_operators()

    def toggle_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        op_id, active = int(item.data(256)), bool(item.data(257))
        try:
            self.ws.set_operator_active(self.actor, op_id, not active)
        except WorkspaceError as exc:
            show_message(self.op_message, dt(str(exc)), False)
            return
        self.refresh_operators()
