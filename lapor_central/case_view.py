"""A case as central sees it: its revisions, its tracking id and its one clock.

Every report row is a revision of a case (``Report.case_id``, ``Report.superseded_by``;
docs/deadlines.md). Whatever shows a deadline at central (the desk queue and page, the
status feed, the API, the public page) asks :func:`report_clock`, which hands the case's
walk-in time and status history to :func:`lapor_protocol.case_clock.case_clock` with the
calendar of the catalogue central serves (cuti bersama included) and the office's zone.
The desktop asks the same function with the same calendar, so both show one date and one
count.

The case's history is the status events of all its revisions in central's order, except
the event that opened each revision after the first to arrive: that event only carries the
case's status over to the new revision (or records a late original), it is not a step of
the case and must not restart a stage's count.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_central.models import CatalogDoc, Report, StatusEvent
from lapor_protocol.case_clock import CaseClock, case_clock, local_day
from lapor_protocol.catalog import parse_catalog
from lapor_protocol.deadlines import WIB, WorkCalendar

OFFICE_ZONE: tzinfo = WIB  # Sintang's office hours and days; the desk's dates are WIB

_calendars: dict[tuple[str, int, str], WorkCalendar] = {}
_lock = threading.Lock()


def office_today(now: datetime | None = None) -> date:
    """Today in the office's zone (central's clock)."""
    return local_day(now or datetime.now(OFFICE_ZONE), OFFICE_ZONE)


def central_calendar(session: Session) -> WorkCalendar:
    """The working-day calendar of the catalogue central serves now (cached per version:
    a catalogue is replaced whole, under a new version)."""
    row = session.execute(select(CatalogDoc.id, CatalogDoc.version)
                          .order_by(CatalogDoc.id).limit(1)).one()
    key = (str(session.get_bind().url), row.id, row.version)
    with _lock:
        hit = _calendars.get(key)
    if hit is not None:
        return hit
    doc = session.scalar(select(CatalogDoc.document).where(CatalogDoc.id == row.id))
    calendar = parse_catalog(json.loads(doc or "{}")).calendar()
    with _lock:
        if len(_calendars) > 32:
            _calendars.clear()
        _calendars[key] = calendar
    return calendar


def case_key(report: Report) -> str:
    """The case a revision belongs to (rows written before c0006 and never backfilled
    count as their own case)."""
    return report.case_id or report.id


@dataclass(frozen=True)
class CaseHistory:
    """What the clock of one case is computed from."""

    walk_in: datetime
    clock_trusted: bool
    history: list[tuple[str, datetime]]
    tracking_id: str  # the case's number: the first central gave any of its revisions


def _walk_in(members: list[Report]) -> tuple[datetime, bool]:
    """The earliest walk-in among the revisions present (the citizen walked in once; a
    correction recorded later does not restart the case)."""
    best = min(members, key=lambda r: r.walk_in_at or r.received_at)
    return best.walk_in_at or best.received_at, bool(best.clock_trusted)


def case_histories(session: Session, case_ids: Iterable[str]) -> dict[str, CaseHistory]:
    """The :class:`CaseHistory` of each case in ``case_ids`` (two queries for all)."""
    ids = list(dict.fromkeys(case_ids))
    members: dict[str, list[Report]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = session.scalars(select(Report).where(
            (Report.case_id.in_(chunk)) | (Report.id.in_(chunk) & Report.case_id.is_(None))))
        for r in rows:
            members.setdefault(case_key(r), []).append(r)
    case_of = {r.id: cid for cid, rs in members.items() for r in rs}
    events: dict[str, list[tuple[int, str, str, datetime]]] = {}
    rids = list(case_of)
    for start in range(0, len(rids), 500):
        for seq, rid, status, at in session.execute(
                select(StatusEvent.seq, StatusEvent.report_id, StatusEvent.status,
                       StatusEvent.at).where(StatusEvent.report_id.in_(rids[start:start + 500]))):
            events.setdefault(case_of[rid], []).append((seq, rid, status, at))
    out: dict[str, CaseHistory] = {}
    for cid, rs in members.items():
        evs = sorted(events.get(cid, []))
        opening: dict[str, int] = {}
        for seq, rid, _s, _a in evs:
            opening.setdefault(rid, seq)
        first_seq = evs[0][0] if evs else None
        history = [(status, at) for seq, rid, status, at in evs
                   if seq == first_seq or seq != opening[rid]]
        walk_in, trusted = _walk_in(rs)
        tracking = min((r.tracking_id for r in rs), key=lambda t: (len(t), t))
        out[cid] = CaseHistory(walk_in, trusted, history, tracking)
    return out


def clock_of(history: CaseHistory, calendar: WorkCalendar,
             today: date | None = None) -> CaseClock:
    return case_clock(history.walk_in, history.history, calendar, OFFICE_ZONE,
                      today or office_today(), clock_trusted=history.clock_trusted)


def report_clock(session: Session, report: Report, today: date | None = None) -> CaseClock:
    """The case clock of ``report``'s case on ``today`` (the office's today by default):
    the stage, its due date, the receipt's promise and the working days left."""
    history = case_histories(session, [case_key(report)])[case_key(report)]
    return clock_of(history, central_calendar(session), today)


def case_clocks(session: Session, reports: Iterable[Report],
                today: date | None = None) -> dict[str, CaseClock]:
    """:func:`report_clock` for many reports at once (keyed by report id)."""
    reps = list(reports)
    histories = case_histories(session, [case_key(r) for r in reps])
    calendar = central_calendar(session)
    day = today or office_today()
    return {r.id: clock_of(histories[case_key(r)], calendar, day) for r in reps}


def case_tracking_id(session: Session, report: Report) -> str:
    """The case's tracking id: the first number central gave any of its revisions (it
    never changes once given; a correction shares it)."""
    return case_histories(session, [case_key(report)])[case_key(report)].tracking_id


def current_revision(session: Session, report: Report) -> Report:
    """The revision that carries the case now (follows ``superseded_by``)."""
    seen = {report.id}
    cur = report
    while cur.superseded_by and cur.superseded_by not in seen:
        nxt = session.get(Report, cur.superseded_by)
        if nxt is None:
            break
        seen.add(nxt.id)
        cur = nxt
    return cur


__all__ = ["OFFICE_ZONE", "CaseHistory", "case_clocks", "case_histories", "case_key",
           "case_tracking_id", "central_calendar", "clock_of", "current_revision",
           "office_today", "report_clock"]
