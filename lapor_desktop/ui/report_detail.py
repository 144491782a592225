"""A report in full: fields, attachments, the status timeline and working-day deadlines.

The complainant's identity is masked until an operator whose role allows it clicks
"Tampilkan identitas" and gives a reason; the service audits every reveal with its reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lapor_desktop import intake
from lapor_desktop.attachments import human_size
from lapor_desktop.ui import theme
from lapor_desktop.ui.i18n import dt, label
from lapor_desktop.ui.intake_attachments import open_decrypted
from lapor_desktop.ui.report_model import safe_deadline
from lapor_desktop.ui.widgets import message_label, page_layout, region_text
from lapor_desktop.workspace import WorkspaceError
from lapor_protocol.deadlines import WIB
from lapor_protocol.domain import (
    CHANNEL_LABELS,
    KIND_LABELS,
    LOCAL_STATE_LABELS,
    PRIVACY_LABELS,
    REMOTE_STATUS_LABELS,
)


def _when(at) -> str:
    return at.astimezone(WIB).strftime("%d-%m-%Y %H:%M") + " WIB" if at else "—"


def _value(text: str | None) -> QLabel:
    lab = QLabel(text if text else "—")
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _badge(text: str, badge) -> QLabel:
    lab = QLabel(f"{badge[0]}  {text}" if badge else text)
    if badge:
        lab.setStyleSheet(f"background:{badge[1]}; color:{badge[2]}; border-radius:6px;"
                          f"padding:3px 8px; border:1px solid {badge[2]};")
    return lab


class ReportDetailPage(QWidget):
    back = Signal()
    correction_started = Signal(str)   # new draft id
    edit_draft = Signal(str)

    def __init__(self, ws, actor, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        self.view = None
        self.revealed = False
        outer = page_layout(self)
        head = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Kembali (Esc)"))
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        head.addWidget(self.back_button)
        head.addWidget(self.title, 1)
        outer.addLayout(head)
        self.badges = QHBoxLayout()
        outer.addLayout(self.badges)
        self.error = message_label("bannerError")
        outer.addWidget(self.error)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.receipt_button = QPushButton(self.tr("Cetak ulang tanda terima"))
        self.receipt_button.clicked.connect(self.reprint)
        self.correct_button = QPushButton(self.tr("Buat koreksi"))
        self.correct_button.clicked.connect(self.start_correction)
        self.edit_button = QPushButton(self.tr("Lanjutkan draf"))
        self.edit_button.setObjectName("primary")
        self.edit_button.clicked.connect(lambda: self.edit_draft.emit(self.view.id))
        bar.addWidget(self.receipt_button)
        bar.addWidget(self.correct_button)
        bar.addWidget(self.edit_button)
        outer.addLayout(bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.back.emit)

    # ------------------------------------------------------------------ content
    def show_report(self, report_id: str, reveal: bool = False, reason: str | None = None,
                    note: str | None = None) -> None:
        self.error.hide()
        self.view = intake.get_report(self.ws, self.actor, report_id, reveal=reveal,
                                      reason=reason, note=note)
        self.revealed = reveal
        if not self.view.status_seen:
            intake.mark_status_seen(self.ws, report_id)
        self._render()

    def reveal_identity(self, reason: str | None = None, note: str | None = None) -> bool:
        """Open the identity after asking why (``reason`` given: no dialog)."""
        if self.view is None:
            return False
        if not self.actor.may_reveal_identity:
            self.error.setText(self.tr("Peran Anda tidak berwenang melihat identitas pelapor."))
            self.error.show()
            return False
        if reason is None:
            from lapor_desktop.ui.trust_dialogs import RevealDialog

            dialog = RevealDialog(self)
            if dialog.exec() != RevealDialog.DialogCode.Accepted:
                return False
            reason, note = dialog.choice()
        try:
            self.show_report(self.view.id, reveal=True, reason=reason, note=note)
        except WorkspaceError as exc:
            self.error.setText(dt(str(exc)))
            self.error.show()
            return False
        return True

    def _clear(self) -> None:
        while self.badges.count():
            item = self.badges.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        old = self.body.layout()
        if old is not None:
            QWidget().setLayout(old)  # reparent the old layout away so it is deleted

    def _render(self) -> None:
        v = self.view
        self._clear()
        self.title.setText(f"{v.local_number or self.tr('(draf)')} — "
                           f"{v.title or self.tr('(tanpa judul)')}")
        self._render_badges(v)
        grid = QGridLayout(self.body)
        grid.setHorizontalSpacing(18)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        cat = self.ws.catalog()
        grid.addWidget(self._report_box(v, cat), 0, 0, 3, 1)
        grid.addWidget(self._identity_box(v), 0, 1)
        grid.addWidget(self._deadline_box(v), 1, 1)
        grid.addWidget(self._timeline_box(v, cat), 2, 1)
        grid.addWidget(self._attachment_box(v), 3, 0, 1, 2)
        grid.setRowStretch(4, 1)
        is_draft = v.local_state == "draf"
        self.edit_button.setVisible(is_draft)
        self.receipt_button.setVisible(not is_draft)
        self.correct_button.setVisible(not is_draft and not v.superseded_by)

    def _render_badges(self, v) -> None:
        self.badges.addWidget(_badge(label(LOCAL_STATE_LABELS, v.local_state),
                                     theme.LOCAL_BADGES.get(v.local_state)))
        self.badges.addWidget(_badge(
            self.tr("LAPOR!: %1").replace(
                "%1", label(REMOTE_STATUS_LABELS, v.remote_status, self.tr("belum dikirim"))),
            theme.REMOTE_BADGES.get(v.remote_status or "")))
        self.badges.addWidget(_badge(label(PRIVACY_LABELS, v.privacy), None))
        self.badges.addStretch(1)

    def _report_box(self, v, cat) -> QGroupBox:
        report = QGroupBox(self.tr("Laporan"))
        form = QFormLayout(report)
        form.addRow(self.tr("Klasifikasi"), _value(label(KIND_LABELS, v.kind)))
        form.addRow(self.tr("Saluran"), _value(label(CHANNEL_LABELS, v.channel)))
        form.addRow(self.tr("Judul"), _value(v.title))
        form.addRow(self.tr("Isi"), _value(v.body))
        form.addRow(self.tr("Tanggal kejadian"), _value(
            "-".join(reversed(v.incident_date.split("-"))) if v.incident_date else None))
        form.addRow(self.tr("Lokasi"), _value(region_text(v.region_code)))
        form.addRow(self.tr("Detail lokasi"), _value(v.location_detail))
        form.addRow(self.tr("Kategori"), _value(cat.categories.get(v.category or "",
                                                                    v.category)))
        form.addRow(self.tr("Instansi tujuan"), _value(cat.agencies.get(v.agency or "",
                                                                         v.agency)))
        form.addRow(self.tr("Dicatat"), _value(_when(v.created_at)))
        form.addRow(self.tr("Difinalkan"), _value(_when(v.finalised_at)))
        form.addRow(self.tr("Nomor LAPOR!"), _value(v.tracking_id))
        if v.supersedes:
            form.addRow(self.tr("Mengoreksi"), _value(v.supersedes))
        if v.superseded_by:
            form.addRow(self.tr("Dikoreksi oleh"), _value(v.superseded_by))
        if v.sync_error:
            form.addRow(self.tr("Catatan server"), _value(v.sync_error))
        return report

    def _identity_box(self, v) -> QGroupBox:
        ident = QGroupBox(self.tr("Identitas pelapor"))
        il = QVBoxLayout(ident)
        iform = QFormLayout()
        i = v.identity
        iform.addRow(self.tr("Nama"), _value(i.name))
        iform.addRow(self.tr("NIK"), _value(i.nik))
        iform.addRow(self.tr("Telepon"), _value(i.phone))
        iform.addRow(self.tr("Email"), _value(i.email))
        iform.addRow(self.tr("Alamat"), _value(i.address))
        il.addLayout(iform)
        if self.revealed:
            note = QLabel(self.tr("Identitas ditampilkan; tindakan ini tercatat di jejak audit."))
        elif self.actor.may_reveal_identity:
            note = QLabel(self.tr("Identitas disamarkan. Membuka identitas memerlukan alasan "
                                  "dan dicatat di jejak audit."))
        else:
            note = QLabel(self.tr("Identitas disamarkan. Peran Anda tidak berwenang "
                                  "membukanya."))
        note.setObjectName("help")
        note.setWordWrap(True)
        il.addWidget(note)
        self.reveal_button = QPushButton(self.tr("Tampilkan identitas…"))
        self.reveal_button.setEnabled(self.actor.may_reveal_identity and not self.revealed)
        self.reveal_button.clicked.connect(lambda: self.reveal_identity())
        il.addWidget(self.reveal_button)
        return ident

    def _deadline_box(self, v) -> QGroupBox:
        dl = QGroupBox(self.tr("Tenggat (hari kerja)"))
        dll = QVBoxLayout(dl)
        d = safe_deadline(v.remote_status, v.timeline[-1].at if v.timeline else None,
                          v.received_at)
        if d is None:
            text = (self.tr("Tenggat dihitung setelah laporan diterima LAPOR!.")
                    if v.remote_status is None else self.tr("Tidak ada tenggat berjalan."))
            dll.addWidget(_value(text))
            return dl
        if d.overdue:
            msg = self.tr("%1: %2 — terlambat %n hari kerja", "", -d.working_days_left)
        else:
            msg = self.tr("%1: %2 — %n hari kerja lagi", "", d.working_days_left)
        lab = _value(msg.replace("%1", dt(d.label)).replace("%2", d.due.strftime("%d-%m-%Y")))
        if d.overdue:
            lab.setObjectName("fieldError")
        dll.addWidget(lab)
        return dl

    def _timeline_box(self, v, cat) -> QGroupBox:
        tl = QGroupBox(self.tr("Riwayat status"))
        tll = QVBoxLayout(tl)
        if not v.timeline:
            tll.addWidget(_value(self.tr("Belum ada kabar dari LAPOR!.")))
        for ev in reversed(v.timeline):
            agency = cat.agencies.get(ev.agency or "", ev.agency)
            parts = [f"<b>{label(REMOTE_STATUS_LABELS, ev.status)}</b> · {_when(ev.at)}"]
            if agency:
                parts.append(agency)
            if ev.note:
                parts.append(ev.note)
            lab = QLabel("<br>".join(parts))
            lab.setWordWrap(True)
            lab.setTextFormat(Qt.TextFormat.RichText)
            tll.addWidget(lab)
        return tl

    def _attachment_box(self, v) -> QGroupBox:
        att = QGroupBox(self.tr("Lampiran"))
        al = QVBoxLayout(att)
        self.attachment_list = QListWidget()
        self.attachment_list.setMaximumHeight(110)
        for a in v.attachments:
            item = QListWidgetItem(f"{a.file_name}  ({human_size(a.size)})")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, a.media_type)
            self.attachment_list.addItem(item)
        self.attachment_list.itemActivated.connect(self.open_attachment)
        if v.attachments:
            al.addWidget(self.attachment_list)
            hint = QLabel(self.tr("Klik dua kali untuk membuka dengan aplikasi bawaan."))
            hint.setObjectName("help")
            al.addWidget(hint)
        else:
            al.addWidget(_value(self.tr("Tidak ada lampiran.")))
        return att

    # ------------------------------------------------------------------ actions
    def open_attachment(self, item: QListWidgetItem) -> Path | None:
        """Open an attachment with the system's viewer: its file is sealed, so a decrypted
        copy goes to the temp folder (removed when the app closes)."""
        path = open_decrypted(self, self.ws, self.actor, item.data(Qt.ItemDataRole.UserRole),
                              item.data(Qt.ItemDataRole.UserRole + 1))
        if path is None:
            self.error.setText(self.tr("Lampiran tidak dapat dibuka: berkasnya hilang atau "
                                       "rusak."))
            self.error.show()
        return path

    def reprint(self) -> None:
        from lapor_desktop.ui import receipt

        view = self.view
        if view.privacy == "publik" and self.actor.may_reveal_identity \
                and not view.identity_revealed:
            # The reprint names the reporter: that is a reveal, so it goes through the
            # audited path. Other roles reprint without the name.
            view = intake.get_report(self.ws, self.actor, view.id, reveal=True,
                                     reason="cetak_tanda_terima")
        try:
            path = receipt.write_receipt(self.ws, self.actor, view)
        except OSError as exc:
            self.error.setText(self.tr(
                "Tanda terima tidak dapat disimpan (%1). Periksa ruang disk dan folder data, "
                "lalu coba lagi.").replace("%1", exc.strerror or str(exc)))
            self.error.show()
            return
        self.error.hide()
        if not receipt.print_receipt(self, self.ws, self.actor, view):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def start_correction(self) -> None:
        try:
            new_id = intake.start_correction(self.ws, self.actor, self.view.id)
        except WorkspaceError as exc:
            self.error.setText(dt(str(exc)))
            self.error.show()
            return
        self.correction_started.emit(new_id)
