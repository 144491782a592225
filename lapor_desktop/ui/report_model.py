"""The report list as a Qt table model that pages from SQLite (never loads everything).

``fetchMore`` asks the search service for the page after the last row it holds (keyset
paging on ``created_at, pk``, or the FTS rowid when searching), so a page deep in the list
costs the same as the first. One more row than asked tells whether another page exists;
the count shown above the list is separate (``search.count_upto``). Rows are compact
named tuples; text shown for a row (dates, deadlines) is computed for visible rows only
and cached by what it depends on.
"""

from __future__ import annotations

from datetime import timezone

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from lapor_desktop import search
from lapor_desktop.ui import formatting, theme
from lapor_desktop.ui.i18n import dt, label
from lapor_protocol.deadlines import WIB, deadline_for
from lapor_protocol.domain import KIND_LABELS, LOCAL_STATE_LABELS, REMOTE_STATUS_LABELS

PAGE = 200
MAX_PAGE = 5000
BadgeRole = Qt.ItemDataRole.UserRole + 10   # (symbol, bg, fg) or None
IdRole = Qt.ItemDataRole.UserRole + 11
RowRole = Qt.ItemDataRole.UserRole + 12

COL_NUMBER, COL_DATE, COL_TITLE, COL_KIND, COL_STATE, COL_REMOTE, COL_DEADLINE = range(7)


def safe_deadline(status, since, received_at, calendar=None):
    """The deadline (``estimated`` when a year has no known cuti bersama), or None."""
    try:
        return deadline_for(status, since, received_at, calendar=calendar)
    except ValueError:
        return None


_DAY_CACHE: dict[str, str] = {}


def local_day(created_at: str, tz: timezone = WIB) -> str:
    """dd-mm-yyyy on the office's calendar for a stored UTC timestamp. Indonesian zones are
    whole hours from UTC, so the day depends only on the date and hour (the cache key)."""
    key = created_at[:13] + tz.tzname(None)
    day = _DAY_CACHE.get(key)
    if day is None:
        if len(_DAY_CACHE) > 20_000:
            _DAY_CACHE.clear()
        day = _DAY_CACHE[key] = search.utc(created_at).astimezone(tz).strftime("%d-%m-%Y")
    return day


class ReportTableModel(QAbstractTableModel):
    def __init__(self, ws, parent=None, page_size: int = PAGE):
        super().__init__(parent)
        self.ws = ws
        self._tz = formatting.office_zone(ws)
        self.page_size = page_size
        self.filters = search.Filters()
        self.rows: list[search.ListRow] = []
        self.total = 0              # matches (a lower bound when not total_exact)
        self.total_exact = True
        self._more = False
        self._deadlines: dict[int, object] = {}   # pk -> Deadline | None (rows shown)
        self._bold = QFont()
        self._bold.setBold(True)
        self._overdue = QColor(theme.ERROR)
        self.headers = [self.tr("Nomor"), self.tr("Tanggal"), self.tr("Judul"),
                        self.tr("Klasifikasi"), self.tr("Status lokal"),
                        self.tr("Status LAPOR!"), self.tr("Tenggat")]

    # ------------------------------------------------------------------ loading
    def set_filters(self, filters: search.Filters) -> None:
        self.filters = filters
        self.reload()

    def reload(self) -> None:
        """First page, then the count (cheap or capped: see ``search.count_upto``)."""
        page = self._page(None, self.page_size)
        self.beginResetModel()
        self.rows = page
        self._deadlines.clear()
        self.endResetModel()
        if self._more:
            self.total, self.total_exact = search.count_upto(self.ws, self.filters)
            self.total = max(self.total, len(self.rows))
        else:
            self.total, self.total_exact = len(self.rows), True

    def _page(self, after, size: int) -> list:
        page = search.query_after(self.ws, self.filters, after, limit=size + 1)
        self._more = len(page) > size
        if self._more:
            del page[size:]
        return page

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or not self._more or not self.rows:
            return
        size = min(self.page_size * max(1, len(self.rows) // (self.page_size * 4)),
                   MAX_PAGE)
        page = self._page(search.cursor_of(self.rows[-1]), size)
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows),
                                 len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        if not self._more:
            self.total, self.total_exact = len(self.rows), True

    # ------------------------------------------------------------------ model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def deadline(self, row: search.ListRow):
        if row.remote_status is None:
            return None
        if row.pk not in self._deadlines:
            received = search.utc(row.received_at)
            since = search.utc(row.remote_status_at) or received
            self._deadlines[row.pk] = safe_deadline(row.remote_status, since, received,
                                                     self.ws.catalog().calendar())
        return self._deadlines[row.pk]

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
                return local_day(row.created_at, self._tz)
            if col == COL_TITLE:
                return row.title or self.tr("(tanpa judul)")
            if col == COL_KIND:
                return label(KIND_LABELS, row.kind)
            if col == COL_STATE:
                return label(LOCAL_STATE_LABELS, row.local_state)
            if col == COL_REMOTE:
                # A status not yet seen shows as a bold row (and says so in its tooltip);
                # the badge keeps the column narrow enough for 1366-pixel screens.
                return label(REMOTE_STATUS_LABELS, row.remote_status, self.tr("Belum ada"))
            if col == COL_DEADLINE:
                d = self.deadline(row)
                if d is None:
                    return ""
                if d.overdue:
                    text = self.tr("Lewat %n hari kerja", "", -d.working_days_left)
                else:
                    text = self.tr("%n hari kerja lagi", "", d.working_days_left)
                return ("≈ " if d.estimated else "") + text
        if role == BadgeRole:
            if col == COL_STATE:
                return theme.LOCAL_BADGES.get(row.local_state)
            if col == COL_REMOTE and row.remote_status:
                return theme.REMOTE_BADGES.get(row.remote_status)
        if role == Qt.ItemDataRole.FontRole and not row.status_seen:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DEADLINE:
            d = self.deadline(row)
            if d is not None and d.overdue:
                return self._overdue
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DEADLINE:
            d = self.deadline(row)
            if d is None:
                return None
            tip = f"{dt(d.label)}: {d.due.strftime('%d-%m-%Y')}"
            return tip + self.tr(" (perkiraan: cuti bersama tahun itu belum diketahui)") \
                if d.estimated else tip
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_REMOTE and not row.status_seen:
            return self.tr("Status baru dari LAPOR!, belum dilihat: %1").replace(
                "%1", label(REMOTE_STATUS_LABELS, row.remote_status, self.tr("Belum ada")))
        return None
