"""Daftar Laporan: search (debounced FTS), filters, and the paged table with badges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from lapor_desktop import search
from lapor_desktop.ui import formatting
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.report_model import (
    COL_DATE,
    COL_DEADLINE,
    COL_KIND,
    COL_NUMBER,
    COL_REMOTE,
    COL_STATE,
    COL_TITLE,
    BadgeRole,
    IdRole,
    ReportTableModel,
)
from lapor_desktop.ui.widgets import page_layout
from lapor_protocol.domain import KIND_LABELS, LOCAL_STATE_LABELS, Kind, LocalState

SEARCH_MS = 250


class BadgeDelegate(QStyledItemDelegate):
    """Draws a rounded badge: symbol + text on a tinted background (never colour alone)."""

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        badge = index.data(BadgeRole)
        if not badge:
            return super().paint(painter, option, index)
        symbol, bg, fg = badge
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text = f"{symbol}  {index.data()}"
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        painter.setFont(font)
        fm = painter.fontMetrics()
        w = min(fm.horizontalAdvance(text) + 16, option.rect.width() - 6)
        r = QRectF(option.rect.left() + 4, option.rect.center().y() - fm.height() / 2 - 2,
                   w, fm.height() + 4)
        painter.setPen(QColor(fg))
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(r, 6, 6)
        painter.drawText(r.adjusted(8, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, int(w - 12)))
        painter.restore()

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + 36)
        return size


class ReportListPage(QWidget):
    open_report = Signal(str)   # report id

    def __init__(self, ws, actor, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        lay = page_layout(self, self.tr("Daftar Laporan"))
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Cari judul, isi, lokasi, atau nomor laporan "
                                               "(Ctrl+F)"))
        self.state = QComboBox()
        self.state.addItem(self.tr("Semua status"), None)
        for s in LocalState:
            self.state.addItem(dt(LOCAL_STATE_LABELS[s]), s.value)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Semua klasifikasi"), None)
        for k in Kind:
            self.kind.addItem(dt(KIND_LABELS[k]), k.value)
        self.count_label = QLabel()
        self.count_label.setObjectName("help")
        bar.addWidget(self.search, 3)
        bar.addWidget(self.state, 1)
        bar.addWidget(self.kind, 1)
        bar.addWidget(self.count_label)
        lay.addLayout(bar)

        self.model = ReportTableModel(ws, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        delegate = BadgeDelegate(self.table)
        self.table.setItemDelegateForColumn(COL_STATE, delegate)
        self.table.setItemDelegateForColumn(COL_REMOTE, delegate)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # Widths fit the longest values (a bold local number, "Permintaan Informasi",
        # "Diteruskan ke instansi" in a badge) at 1366x768; the title takes the rest.
        for col, width in ((COL_NUMBER, 178), (COL_DATE, 88), (COL_KIND, 128),
                           (COL_STATE, 150), (COL_REMOTE, 170), (COL_DEADLINE, 138)):
            h.resizeSection(col, width)
        self.model.rowsInserted.connect(lambda *_a: self._show_count())
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        lay.addWidget(self.table, 1)
        hint = QLabel(self.tr("Enter atau klik dua kali untuk membuka laporan. Baris tebal "
                              "berarti status dari LAPOR! berubah sejak terakhir dilihat."))
        hint.setObjectName("help")
        lay.addWidget(hint)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_MS)
        self._timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.state.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.kind.currentIndexChanged.connect(lambda _i: self.apply_filters())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def filters(self) -> search.Filters:
        # A phone number or NIK finds that citizen's reports (blind index), for the roles
        # that may reveal identities; otherwise the text is searched as words.
        return search.Filters(text=self.search.text(), state=self.state.currentData(),
                              kind=self.kind.currentData(),
                              identity=search.identity_digests(self.actor, self.search.text()))

    def apply_filters(self) -> None:
        self._timer.stop()
        self.model.set_filters(self.filters())
        self._show_count()

    def _show_count(self) -> None:
        m = self.model
        if m.total_exact:
            self.count_label.setText(self.tr("%1 laporan").replace(
                "%1", formatting.number(m.total)))
        else:
            # Text plus filters: counted up to a cap so a keystroke stays quick.
            self.count_label.setText(self.tr("lebih dari %1 laporan").replace(
                "%1", formatting.number(m.total)))

    def refresh(self) -> None:
        self.apply_filters()

    def _activated(self, index: QModelIndex) -> None:
        rid = index.data(IdRole)
        if rid:
            self.open_report.emit(rid)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._activated(self.table.currentIndex())
            return
        super().keyPressEvent(event)

