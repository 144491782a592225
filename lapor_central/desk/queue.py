"""The report queue: a read model kept up to date from status events, paged by keyset.

Every change to a report at central is a ``status_event`` with a sequence number handed
out in commit order. :func:`catch_up` applies the events after the stored high-water mark
to ``desk_queue`` (one row per report: status, agency, region, current deadline), so the
queue sorts and filters on indexed columns whatever the number of reports.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from lapor_central.db import Database
from lapor_central.desk.models import DeskQueue, DeskState
from lapor_central.desk.staff import StaffInfo
from lapor_central.models import Report, StatusEvent
from lapor_protocol.domain import RemoteStatus

NO_DUE = date(9999, 12, 31)
BATCH = 5000
PAGE = 50
STATE_KEY = "queue_seq"
UUID_RE = re.compile(r"^[0-9a-f-]{36}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FINAL = frozenset({RemoteStatus.SELESAI, RemoteStatus.DIARSIPKAN, RemoteStatus.DITOLAK})


def catch_up(db: Database) -> int:
    """Apply new status events to the queue; returns how many were applied."""
    with db.read() as s:
        top = s.scalar(select(func.max(StatusEvent.seq))) or 0
        state = s.get(DeskState, STATE_KEY)
        if state is not None and state.value >= top:
            return 0
    applied = 0
    while True:
        with db.write() as s:
            n = _apply_batch(s)
        applied += n
        if n < BATCH:
            return applied


def _apply_batch(s: Session) -> int:
    state = s.get(DeskState, STATE_KEY, with_for_update=True)
    if state is None:
        state = DeskState(key=STATE_KEY, value=0)
        s.add(state)
    events = list(s.scalars(select(StatusEvent).where(StatusEvent.seq > state.value)
                            .order_by(StatusEvent.seq).limit(BATCH)))
    if not events:
        return 0
    ids = {e.report_id for e in events}
    rows = {r.report_id: r for r in s.scalars(select(DeskQueue)
                                               .where(DeskQueue.report_id.in_(ids)))}
    missing = ids - rows.keys()
    if missing:
        for rep in s.scalars(select(Report).where(Report.id.in_(missing))):
            rows[rep.id] = _new_row(rep)
            s.add(rows[rep.id])
    for ev in events:
        row = rows[ev.report_id]
        row.status, row.agency, row.due = ev.status, ev.agency, ev.deadline
        row.due_key, row.last_seq = ev.deadline or NO_DUE, ev.seq
    state.value = events[-1].seq
    return len(events)


def _new_row(rep: Report) -> DeskQueue:
    try:
        title = str(json.loads(rep.wire_json).get("title") or "")[:200]
    except ValueError:
        title = ""
    return DeskQueue(report_id=rep.id, tracking_id=rep.tracking_id, title=title,
                     status=rep.status, agency=rep.agency, region_code=rep.region_code,
                     kecamatan=rep.region_code[:8], category=rep.category,
                     received_at=rep.received_at, due=None, due_key=NO_DUE, last_seq=0)


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
    def parse(cls, params: dict[str, str]) -> "QueueFilter":
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
        return cls(status=status if status in set(RemoteStatus) else None,
                   kecamatan=clean("kecamatan", r"\d{2}\.\d{2}\.\d{2}"),
                   village=clean("village", r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
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
    kecamatans: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)


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
    catch_up(db)
    q = _where_area(_scope(select(DeskQueue), staff), f)
    if f.status:
        q = q.where(DeskQueue.status == f.status)
    if f.overdue:
        q = q.where(DeskQueue.due_key < today)
    if f.after:
        q = q.where(tuple_(DeskQueue.due_key, DeskQueue.report_id) > tuple_(*f.after))
    q = q.order_by(DeskQueue.due_key, DeskQueue.report_id).limit(limit + 1)
    cq = _where_area(_scope(select(DeskQueue.status, func.count()), staff), f)
    with db.read() as s:
        rows = list(s.scalars(q))
        counts = {st: n for st, n in s.execute(cq.group_by(DeskQueue.status))}
        areas = _areas(s, staff, f)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = (rows[-1].due_key, rows[-1].report_id) if more and rows else None
    return QueuePage(rows=rows, counts=counts, total=sum(counts.values()), next_after=nxt,
                     kecamatans=areas[0], villages=areas[1])


def _areas(s: Session, staff: StaffInfo, f: QueueFilter) -> tuple[list[str], list[str]]:
    kec = _scope(select(DeskQueue.kecamatan).distinct(), staff)
    kecs = sorted(s.scalars(kec))
    vil = _scope(select(DeskQueue.region_code).distinct(), staff)
    if f.kecamatan:
        vil = vil.where(DeskQueue.kecamatan == f.kecamatan)
    return kecs, sorted(s.scalars(vil))


def visible(db: Database, staff: StaffInfo, report_id: str) -> bool:
    """Whether ``staff`` may open the report (agency staff: only their agency's)."""
    if not UUID_RE.match(report_id or ""):
        return False
    catch_up(db)
    q = _scope(select(DeskQueue.report_id).where(DeskQueue.report_id == report_id), staff)
    with db.read() as s:
        return s.scalar(q) is not None


__all__ = ["QueueFilter", "QueuePage", "catch_up", "load_page", "visible"]
