"""The report list as a Qt table model that pages from SQLite (never loads everything).

``fetchMore`` asks the search service for the next page; the total comes from a COUNT so
the view knows when to stop. Deadlines are computed per visible row and cached.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from lapor_desktop import search
from lapor_desktop.deadlines import deadline_for
from lapor_desktop.domain import KIND_LABELS, LOCAL_STATE_LABELS, REMOTE_STATUS_LABELS
from lapor_desktop.ui import theme
from lapor_desktop.ui.i18n import dt, label

WIB = timezone(timedelta(hours=7))
PAGE = 200
MAX_PAGE = 5000
BadgeRole = Qt.ItemDataRole.UserRole + 10   # (symbol, bg, fg) or None
IdRole = Qt.ItemDataRole.UserRole + 11
RowRole = Qt.ItemDataRole.UserRole + 12

COL_NUMBER, COL_DATE, COL_TITLE, COL_KIND, COL_STATE, COL_REMOTE, COL_DEADLINE = range(7)


def safe_deadline(status, since, received_at):
    """The deadline, or None when it cannot be computed (e.g. no holiday data for the year)."""
    try:
        return deadline_for(status, since, received_at)
    except ValueError:
        return None


class ReportTableModel(QAbstractTableModel):
    def __init__(self, ws, parent=None, page_size: int = PAGE):
        super().__init__(parent)
        self.ws = ws
        self.page_size = page_size
        self.filters = search.Filters()
        self.rows: list[search.ReportRow] = []
        self.total = 0
        self._since: dict[str, object] = {}
        self._deadlines: dict[str, object] = {}
        self.headers = [self.tr("Nomor"), self.tr("Tanggal"), self.tr("Judul"),
                        self.tr("Klasifikasi"), self.tr("Status lokal"),
                        self.tr("Status LAPOR!"), self.tr("Tenggat")]

    # ------------------------------------------------------------------ loading
    def set_filters(self, filters: search.Filters) -> None:
        self.filters = filters
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.total = search.count(self.ws, self.filters)
        self.rows = search.query(self.ws, self.filters, limit=self.page_size, offset=0)
        self._deadlines.clear()
        self._since = self._load_since(self.rows)
        self.endResetModel()

    def _load_since(self, rows) -> dict:
        ids = [r.id for r in rows if r.remote_status in ("diteruskan", "ditindaklanjuti")]
        return search.status_since(self.ws, ids)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        size = min(self.page_size * max(1, len(self.rows) // (self.page_size * 4)),
                   MAX_PAGE)
        page = search.query(self.ws, self.filters, limit=size, offset=len(self.rows))
        if not page:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self._since.update(self._load_since(page))
        self.endInsertRows()

    # ------------------------------------------------------------------ model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def deadline(self, row: search.ReportRow):
        if row.id not in self._deadlines:
            self._deadlines[row.id] = safe_deadline(
                row.remote_status, self._since.get(row.id) or row.received_at, row.received_at)
        return self._deadlines[row.id]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == IdRole:
            return row.id
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NUMBER:
                return row.local_number or self.tr("(draf)")
            if col == COL_DATE:
                return row.created_at.astimezone(WIB).strftime("%d-%m-%Y")
            if col == COL_TITLE:
                return row.title or self.tr("(tanpa judul)")
            if col == COL_KIND:
                return label(KIND_LABELS, row.kind)
            if col == COL_STATE:
                return label(LOCAL_STATE_LABELS, row.local_state)
            if col == COL_REMOTE:
                text = label(REMOTE_STATUS_LABELS, row.remote_status, self.tr("Belum ada"))
                return (self.tr("● Baru: %1").replace("%1", text)
                        if not row.status_seen else text)
            if col == COL_DEADLINE:
                d = self.deadline(row)
                if d is None:
                    return ""
                if d.overdue:
                    return self.tr("Lewat %n hari kerja", "", -d.working_days_left)
                return self.tr("%1 (%n hari kerja lagi)", "", d.working_days_left).replace(
                    "%1", d.due.strftime("%d-%m-%Y"))
        if role == BadgeRole:
            if col == COL_STATE:
                return theme.LOCAL_BADGES.get(row.local_state)
            if col == COL_REMOTE and row.remote_status:
                return theme.REMOTE_BADGES.get(row.remote_status)
        if role == Qt.ItemDataRole.FontRole and not row.status_seen:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DEADLINE:
            d = self.deadline(row)
            if d is not None and d.overdue:
                return QColor(theme.ERROR)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DEADLINE:
            d = self.deadline(row)
            return dt(d.label) if d else None
        return None
