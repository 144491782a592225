"""The report queue: a read model kept up to date from status events, paged by keyset.

Every change to a report at central is a ``status_event`` with a sequence number handed
out in commit order. :func:`catch_up` applies the events after the stored high-water mark
to ``desk_queue`` (one row per report: status, agency, region, current deadline), so the
queue sorts and filters on indexed columns whatever the number of reports.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from lapor_central.db import Database
from lapor_central.desk.models import DeskQueue, DeskState
from lapor_central.desk.staff import StaffInfo
from lapor_central.models import Report, StatusEvent
from lapor_protocol.domain import RemoteStatus

NO_DUE = date(9999, 12, 31)
_counts_cache: dict[tuple, dict[str, int]] = {}
_cache_lock = threading.Lock()
BATCH = 5000
PAGE = 50
STATE_KEY = "queue_seq"
UUID_RE = re.compile(r"^[0-9a-f-]{36}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def catch_up(db: Database) -> int:
    """Apply new status events to the queue; returns the last applied event number."""
    with db.read() as s:
        top = s.scalar(select(func.max(StatusEvent.seq))) or 0
        state = s.get(DeskState, STATE_KEY)
        if state is not None and state.value >= top:
            return state.value
    while True:
        with db.write() as s:
            n, mark = _apply_batch(s)
        if n < BATCH:
            return mark


def _apply_batch(s: Session) -> tuple[int, int]:
    state = s.get(DeskState, STATE_KEY, with_for_update=True)
    if state is None:
        state = DeskState(key=STATE_KEY, value=0)
        s.add(state)
        s.flush()
    events = s.execute(select(StatusEvent.seq, StatusEvent.report_id, StatusEvent.status,
                              StatusEvent.agency, StatusEvent.deadline)
                       .where(StatusEvent.seq > state.value)
                       .order_by(StatusEvent.seq).limit(BATCH)).all()
    if not events:
        return 0, state.value
    latest = {ev.report_id: ev for ev in events}  # in sequence order: the last one wins
    known = set(s.scalars(select(DeskQueue.report_id)
                          .where(DeskQueue.report_id.in_(list(latest)))))
    changes = [dict(rid=ev.report_id, status=ev.status, agency=ev.agency, due=ev.deadline,
                    due_key=ev.deadline or NO_DUE, last_seq=ev.seq)
               for rid, ev in latest.items() if rid in known]
    if changes:
        table = DeskQueue.__table__  # Core executemany: one UPDATE statement, many rows
        s.connection().execute(
            update(table).where(table.c.report_id == bindparam("rid"))
            .values(status=bindparam("status"), agency=bindparam("agency"),
                    due=bindparam("due"), due_key=bindparam("due_key"),
                    last_seq=bindparam("last_seq")), changes)
    new = [rid for rid in latest if rid not in known]
    if new:
        s.execute(insert(DeskQueue), [_new_row(rep, latest[rep.id]) for rep in s.execute(
            select(Report.id, Report.tracking_id, Report.region_code, Report.category,
                   Report.received_at, Report.wire_json).where(Report.id.in_(new)))])
    state.value = events[-1].seq
    return len(events), state.value


def _new_row(rep, ev) -> dict:
    try:
        title = str(json.loads(rep.wire_json).get("title") or "")[:200]
    except ValueError:
        title = ""
    return dict(report_id=rep.id, tracking_id=rep.tracking_id, title=title, status=ev.status,
                agency=ev.agency, region_code=rep.region_code, kecamatan=rep.region_code[:8],
                category=rep.category, received_at=rep.received_at, due=ev.deadline,
                due_key=ev.deadline or NO_DUE, last_seq=ev.seq)


@dataclass
class QueueFilter:
    status: str | None = None
    kecamatan: str | None = None
    village: str | None = None
    category: str | None = None
    overdue: bool = False
    tracking_id: str | None = None
    after: tuple[date, str] | None = None

    @classmethod
    def parse(cls, params: dict[str, str]) -> QueueFilter:
        """From query parameters; anything malformed is dropped, never an error page."""
        def clean(key: str, pattern: str) -> str | None:
            v = (params.get(key) or "").strip()
            return v if v and re.fullmatch(pattern, v) else None

        after = None
        a_due, a_id = params.get("after_due") or "", params.get("after_id") or ""
        if DATE_RE.match(a_due) and UUID_RE.match(a_id):
            try:
                after = (date.fromisoformat(a_due), a_id)
            except ValueError:
                after = None
        status = params.get("status")
        village = clean("village", r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
        kecamatan = clean("kecamatan", r"\d{2}\.\d{2}\.\d{2}")
        if village and kecamatan and not village.startswith(kecamatan + "."):
            village = None  # the kecamatan was changed: its old village no longer applies
        return cls(status=status if status in set(RemoteStatus) else None,
                   kecamatan=kecamatan or (village[:8] if village else None), village=village,
                   category=clean("category", r"[a-z0-9_-]{1,100}"),
                   overdue=params.get("overdue") == "1",
                   tracking_id=clean("q", r"[0-9]{1,20}"), after=after)

    def query_args(self, **override: str | None) -> dict[str, str]:
        args = {"status": self.status, "kecamatan": self.kecamatan, "village": self.village,
                "category": self.category, "overdue": "1" if self.overdue else None,
                "q": self.tracking_id}
        args.update(override)
        return {k: v for k, v in args.items() if v}


@dataclass
class QueuePage:
    rows: list[DeskQueue]
    counts: dict[str, int]
    total: int
    next_after: tuple[date, str] | None


def _scope(q, staff: StaffInfo):
    return q if staff.is_kabupaten else q.where(DeskQueue.agency == staff.agency)


def _where_area(q, f: QueueFilter):
    if f.kecamatan:
        q = q.where(DeskQueue.kecamatan == f.kecamatan)
    if f.village:
        q = q.where(DeskQueue.region_code == f.village)
    if f.category:
        q = q.where(DeskQueue.category == f.category)
    if f.tracking_id:
        q = q.where(DeskQueue.tracking_id == f.tracking_id)
    return q


def load_page(db: Database, staff: StaffInfo, f: QueueFilter, today: date,
              limit: int = PAGE) -> QueuePage:
    mark = catch_up(db)
    q = _where_area(_scope(select(DeskQueue), staff), f)
    if f.status:
        q = q.where(DeskQueue.status == f.status)
    if f.overdue:
        q = q.where(DeskQueue.due_key < today)
    if f.after:
        q = q.where(tuple_(DeskQueue.due_key, DeskQueue.report_id) > tuple_(*f.after))
    q = q.order_by(DeskQueue.due_key, DeskQueue.report_id).limit(limit + 1)
    with db.read() as s:
        rows = list(s.scalars(q))
        counts = _counts(s, staff, f, mark)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = (rows[-1].due_key, rows[-1].report_id) if more and rows else None
    return QueuePage(rows=rows, counts=counts, total=sum(counts.values()), next_after=nxt)


def _counts(s: Session, staff: StaffInfo, f: QueueFilter, mark: int) -> dict[str, int]:
    """Reports per status; they change only when an event is applied, so they are cached
    under the queue's high-water mark (exact, never stale)."""
    key = (str(s.get_bind().url), staff.agency if not staff.is_kabupaten else None,
           f.kecamatan, f.village, f.category, f.tracking_id, mark)
    with _cache_lock:
        hit = _counts_cache.get(key)
    if hit is not None:
        return hit
    cq = _where_area(_scope(select(DeskQueue.status, func.count()), staff), f)
    value = {st: n for st, n in s.execute(cq.group_by(DeskQueue.status))}
    with _cache_lock:
        if len(_counts_cache) >= 512:
            _counts_cache.clear()
        _counts_cache[key] = value
    return value


def visible(db: Database, staff: StaffInfo, report_id: str) -> bool:
    """Whether ``staff`` may open the report (agency staff: only their agency's)."""
    if not UUID_RE.match(report_id or ""):
        return False
    catch_up(db)
    q = _scope(select(DeskQueue.report_id).where(DeskQueue.report_id == report_id), staff)
    with db.read() as s:
        return s.scalar(q) is not None


__all__ = ["QueueFilter", "QueuePage", "catch_up", "load_page", "visible"]
