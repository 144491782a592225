"""Listing and full-text search of reports, in pages; finding a citizen again.

FTS5 (``report_fts``, kept current by triggers) covers title, body, location, local number
and tracking id. User text is turned into quoted phrases, the last one as a prefix, so
punctuation and FTS operators typed by a person are never parsed as query syntax.

Identities are encrypted, so a phone number or NIK is found through a *blind index*
(``identity_index``): keyed HMACs of the normalised phone (E.164) and NIK under a key derived
from the data key (``security.blind_index_key``). Any way of writing the same number gives
the same digest; the table holds no phone or NIK. Only roles that may reveal identities may
search by them (``identity_digests``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from lapor_desktop.security import blind_digest, blind_index_key
from lapor_desktop.store.models import IdentityIndex
from lapor_desktop.workspace import Workspace
from lapor_protocol.deadlines import WIB
from lapor_protocol.domain import NIK_RE, normalise_phone

_TERM_RE = re.compile(r"[\w.\-/]+", re.UNICODE)

# Date filters name days on the office's calendar (Sintang is WIB); rows store UTC.
LOCAL_TZ = WIB


def _day_start_utc(day: date) -> str:
    start = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ)
    return start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class ReportRow:
    id: str
    local_number: str | None
    created_at: datetime
    title: str
    kind: str
    local_state: str
    remote_status: str | None
    tracking_id: str | None
    region_code: str
    received_at: datetime | None
    sync_error: str | None
    status_seen: bool


@dataclass(frozen=True)
class Filters:
    text: str = ""
    state: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    region_prefix: str | None = None
    remote_status: str | None = None
    # Blind-index digests (``identity_digests``): when set, ``text`` is not searched.
    identity: tuple[str, ...] = ()


def _digests(data_key: bytes, phone: str | None, nik: str | None) -> set[str]:
    key = blind_index_key(data_key)
    out = set()
    e164 = normalise_phone(phone) if phone else None
    if e164:
        out.add(blind_digest(key, "phone", e164))
    nik = (nik or "").strip()
    if NIK_RE.match(nik):
        out.add(blind_digest(key, "nik", nik))
    return out


def identity_rows(actor, report_id: str, *, phone: str | None,
                  nik: str | None) -> list[IdentityIndex]:
    """The blind-index rows of a report (for the caller to add once the report is flushed)."""
    return [IdentityIndex(report_id=report_id, digest=digest)
            for digest in sorted(_digests(actor.data_key, phone, nik))]


def index_identity(session: Session, actor, report_id: str, *, phone: str | None,
                   nik: str | None) -> None:
    """Replace a report's blind-index rows (inside the caller's transaction)."""
    session.execute(delete(IdentityIndex).where(IdentityIndex.report_id == report_id))
    session.add_all(identity_rows(actor, report_id, phone=phone, nik=nik))


def looks_like_identity(user_text: str) -> bool:
    """A phone number or NIK typed into a search box (not words)."""
    compact = re.sub(r"[\s().-]", "", user_text or "")
    return bool(re.fullmatch(r"\+?\d{8,16}", compact))


def identity_digests(actor, user_text: str) -> tuple[str, ...]:
    """Digests to search for when ``user_text`` is a phone number or NIK and the actor may
    reveal identities; empty otherwise (then the text is searched as words)."""
    if actor is None or not actor.may_reveal_identity or not looks_like_identity(user_text):
        return ()
    compact = re.sub(r"[\s().-]", "", user_text)
    return tuple(sorted(_digests(actor.data_key, compact, compact)))


def fts_query(user_text: str) -> str | None:
    terms = _TERM_RE.findall(user_text or "")
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms[:12]]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def _where(f: Filters) -> tuple[str, dict]:
    clauses, params = [], {}
    q = None if f.identity else fts_query(f.text)
    if f.identity:
        marks = ", ".join(f":d{n}" for n in range(len(f.identity)))
        clauses.append(f"r.id IN (SELECT report_id FROM identity_index WHERE digest IN "
                       f"({marks}))")
        params.update({f"d{n}": d for n, d in enumerate(f.identity)})
    if q:
        clauses.append("r.pk IN (SELECT rowid FROM report_fts WHERE report_fts MATCH :q)")
        params["q"] = q
    if f.state:
        clauses.append("r.local_state = :state")
        params["state"] = f.state
    if f.kind:
        clauses.append("r.kind = :kind")
        params["kind"] = f.kind
    if f.remote_status:
        clauses.append("r.remote_status = :rs")
        params["rs"] = f.remote_status
    if f.date_from:
        clauses.append("r.created_at >= :df")
        params["df"] = _day_start_utc(f.date_from)
    if f.date_to:
        clauses.append("r.created_at < :dt")
        params["dt"] = _day_start_utc(f.date_to + timedelta(days=1))
    if f.region_prefix:
        clauses.append("r.region_code LIKE :rp")
        params["rp"] = f.region_prefix.replace("%", "") + "%"
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_COLUMNS = ("r.id, r.local_number, r.created_at, r.title, r.kind, r.local_state, "
            "r.remote_status, r.tracking_id, r.region_code, r.received_at, r.sync_error, "
            "r.status_seen")


def _utc(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def _page_sql(filters: Filters, columns: str, *, limit: int, offset: int = 0,
              after: Cursor | None = None) -> tuple[str, dict]:
    """SQL and parameters of one page, newest first (by date; by storage order when
    searching text), after a keyset ``after`` or at ``offset``."""
    q = None if filters.identity else fts_query(filters.text)
    if q:
        # Walk the FTS index newest row first and stop at the page: frequent words match
        # most of the store, and collecting every match before sorting by date cost
        # 150-300 ms on 100,000 reports (bench/store_bench.py) against ~3 ms this way.
        # Rows are numbered in the order they were stored, so this is newest first too,
        # without trusting the laptop's clock.
        where, params = _where(Filters(**{**filters.__dict__, "text": ""}))
        where = " AND " + where[len(" WHERE "):] if where else ""
        if after is not None:
            where += " AND f.rowid < :after_pk"
            params["after_pk"] = int(after[1])
        params["q"] = q
        sql = (f"SELECT {columns} FROM report_fts f CROSS JOIN report r ON r.pk = f.rowid "
               f"WHERE report_fts MATCH :q{where} ORDER BY f.rowid DESC")
    else:
        where, params = _where(filters)
        if after is not None:
            where += (" AND " if where else " WHERE ") + \
                "(r.created_at, r.pk) < (:after_at, :after_pk)"
            params.update(after_at=after[0], after_pk=int(after[1]))
        sql = f"SELECT {columns} FROM report r{where} ORDER BY r.created_at DESC, r.pk DESC"
    params.update(limit=int(limit), offset=int(offset))
    return sql + " LIMIT :limit OFFSET :offset", params


def query(ws: Workspace, filters: Filters = Filters(), *, limit: int = 100,
          offset: int = 0) -> list[ReportRow]:
    """One page of reports, newest first (by date; by storage order when searching text)."""
    sql, params = _page_sql(filters, _COLUMNS, limit=limit, offset=offset)
    with ws.db.read() as s:
        rows = s.execute(text(sql), params).all()
    return [ReportRow(r[0], r[1], _utc(r[2]), r[3], r[4], r[5], r[6], r[7], r[8],
                      _utc(r[9]), r[10], bool(r[11])) for r in rows]


class ListRow(NamedTuple):
    """One row of the report list, kept small: the list may hold 100,000 of them.

    Dates stay as SQLite's UTC text (``utc()`` turns one into a datetime when shown);
    the short repeated values (kind, states, statuses) are shared string objects.
    """
    pk: int
    id: str
    local_number: str | None
    created_at: str
    title: str
    kind: str
    local_state: str
    remote_status: str | None
    remote_status_at: str | None
    received_at: str | None
    status_seen: bool


# (created_at, pk) of the last row shown, or (None, pk) when searching text (storage order).
Cursor = tuple


def cursor_of(row: ListRow) -> Cursor:
    return (row.created_at, row.pk)


_LIST_COLUMNS = ("r.pk, r.id, r.local_number, r.created_at, r.title, r.kind, r.local_state, "
                 "r.remote_status, r.remote_status_at, r.received_at, r.status_seen")
_SHARED: dict[str, str] = {}


def _share(value):
    if value is None:
        return None
    return _SHARED.setdefault(value, value) if len(_SHARED) < 512 else value


def utc(value) -> datetime | None:
    """A stored UTC timestamp (text or datetime) as an aware datetime."""
    return _utc(value)


def query_after(ws: Workspace, filters: Filters = Filters(), after: Cursor | None = None, *,
                limit: int = 100) -> list[ListRow]:
    """The page of list rows that follows ``after`` (keyset paging: no OFFSET, so a page
    deep in the list costs the same as the first). Same order as ``query``: newest first
    by date, or by storage order when searching text."""
    sql, params = _page_sql(filters, _LIST_COLUMNS, limit=limit, after=after)
    with ws.db.read() as s:
        rows = s.execute(text(sql), params).all()
    share = _share
    return [ListRow(r[0], r[1], r[2], r[3] if isinstance(r[3], str) else str(r[3]), r[4],
                    share(r[5]), share(r[6]), share(r[7]), r[8], r[9], bool(r[10]))
            for r in rows]


def count_upto(ws: Workspace, filters: Filters = Filters(), cap: int = 1000) -> tuple[int, bool]:
    """(number of matches, exact?). Counting is exact when it is cheap (no text, or text
    alone: straight from the FTS index); text combined with other filters counts at most
    ``cap`` and answers (cap, False) beyond that, so a keystroke never counts a whole
    store."""
    q = None if filters.identity else fts_query(filters.text)
    rest = Filters(**{**filters.__dict__, "text": ""})
    if not q:
        return count(ws, filters), True
    with ws.db.read() as s:
        if rest == Filters():
            n = s.execute(text("SELECT count(*) FROM report_fts WHERE report_fts MATCH :q"),
                          {"q": q}).scalar()
            return int(n), True
        where, params = _where(rest)
        params.update(q=q, cap=int(cap) + 1)
        n = int(s.execute(text(
            "SELECT count(*) FROM (SELECT 1 FROM report_fts f CROSS JOIN report r "
            f"ON r.pk = f.rowid WHERE report_fts MATCH :q AND {where[len(' WHERE '):]} "
            "LIMIT :cap)"), params).scalar())
    return (n, True) if n <= cap else (cap, False)


def count(ws: Workspace, filters: Filters = Filters()) -> int:
    where, params = _where(filters)
    with ws.db.read() as s:
        return int(s.execute(text(f"SELECT count(*) FROM report r{where}"), params).scalar())


def counts_by_state(ws: Workspace) -> dict[str, int]:
    with ws.db.read() as s:
        return dict(s.execute(text(
            "SELECT local_state, count(*) FROM report GROUP BY local_state")).all())
