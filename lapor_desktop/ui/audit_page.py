"""Jejak audit: who did what and when, for kepala desa and admin, with filters."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from lapor_desktop import anchors, audit
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.widgets import message_label, page_title


class AuditPage(QDialog):
    """The audit log, newest first; filter by action and by a start date."""

    COLUMNS = ("Waktu (WIB)", "Tindakan", "Operator", "Laporan", "Keterangan")

    def __init__(self, ws, actor, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        self.setWindowTitle(self.tr("Jejak audit"))
        self.resize(1100, 620)
        lay = QVBoxLayout(self)
        lay.addWidget(page_title(self.tr("Jejak audit")))
        bar = QHBoxLayout()
        self.action = QComboBox()
        self.action.addItem(self.tr("Semua tindakan"), "")
        for code, text in audit.ACTION_LABELS.items():
            self.action.addItem(dt(text), code)
        self.use_since = QCheckBox(self.tr("Sejak"))
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd-MM-yyyy")
        self.verify_label = QLabel()
        refresh = QPushButton(self.tr("Tampilkan"))
        refresh.clicked.connect(self.refresh)
        for w in (QLabel(self.tr("Tindakan")), self.action, self.use_since, self.since, refresh):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.verify_label)
        lay.addLayout(bar)
        self.error = message_label("bannerError")
        lay.addWidget(self.error)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.action.currentIndexChanged.connect(lambda _i: self.refresh())
        self.use_since.toggled.connect(lambda _b: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        from lapor_desktop.workspace import WorkspaceError

        since = self.since.date().toPython() if self.use_since.isChecked() else None
        try:
            events = audit.list_events(self.ws, self.actor, since=since,
                                       action=self.action.currentData() or None)
        except WorkspaceError as exc:
            self.error.setText(dt(str(exc)))
            self.error.show()
            return
        self.table.setRowCount(len(events))
        for row, e in enumerate(events):
            values = (e.at_local, dt(e.label), e.operator or "—", e.report_id or "—",
                      e.detail_text)
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        try:
            ok, broken = audit.verify(self.ws, self.actor)
        except WorkspaceError as exc:
            self.error.setText(dt(str(exc)))
            self.error.show()
            return
        with self.ws.db.read() as s:
            # Also against the anchors that left the laptop (docs/security.md).
            cut = anchors.check_local(s, self.ws.device_id)
            flag = anchors.central_flag(s, self.ws.device_id)
        text = (self.tr("Rantai audit utuh") if ok
                else self.tr("Rantai audit RUSAK mulai #%1").replace("%1", str(broken)))
        if cut or flag:
            found = " ".join(dt(m) for m in (cut and cut.message, flag) if m)
            text = found if ok else f"{text}. {found}"
            ok = False
        self.verify_label.setText(text)
        self.verify_label.setObjectName("help" if ok else "fieldError")
