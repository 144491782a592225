"""Status events: the lifecycle (``advance``), and the signed-cursor status pull."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_central.db import Database, iso_utc, next_value, server_secret, utcnow
from lapor_central.deadlines import deadline_for
from lapor_central.models import Report, StatusEvent
from lapor_central.service.common import DeviceAuth, NotFound, load_catalog, owned_by
from lapor_protocol import domain

log = logging.getLogger(__name__)


def _add_event(s: Session, report: Report, status: str, note: str | None,
               agency: str | None, at: datetime) -> StatusEvent:
    event = StatusEvent(seq=next_value(s, "event"), report_id=report.id, status=status,
                        note=note, agency=agency, at=at,
                        deadline=deadline_for(status, at, report.received_at))
    s.add(event)
    s.flush()
    return event


# --------------------------------------------------------------------------- status pull

class BadCursor(ValueError):
    pass


CURSOR_MAC_BYTES = 16


def _cursor_mac(key: bytes, device_id: str, seq: int) -> bytes:
    msg = b"cursor:v2:" + device_id.encode("utf-8") + b":" + seq.to_bytes(8, "big")
    return hmac.new(key, msg, hashlib.sha256).digest()[:CURSOR_MAC_BYTES]


def encode_cursor(key: bytes, device_id: str, seq: int) -> str:
    """An opaque cursor: the event sequence and an HMAC binding it to this server's key and
    to the device it was issued to."""
    raw = seq.to_bytes(8, "big") + _cursor_mac(key, device_id, seq)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(key: bytes, device_id: str, cursor: str | None) -> int:
    """The sequence in a cursor this server issued to this device; BadCursor otherwise."""
    if cursor is None or cursor == "":
        return 0
    try:
        if len(cursor) > 64:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        if len(raw) != 8 + CURSOR_MAC_BYTES:
            raise ValueError
        seq = int.from_bytes(raw[:8], "big")
        if not hmac.compare_digest(raw[8:], _cursor_mac(key, device_id, seq)):
            raise ValueError
        return seq
    except (ValueError, binascii.Error):
        raise BadCursor("Kursor tidak dikeluarkan server ini untuk perangkat ini; "
                        "mulai lagi tanpa kursor.") from None


def event_json(ev: StatusEvent, tracking_id: str) -> dict[str, Any]:
    return {"event_id": str(ev.seq), "report_id": ev.report_id, "tracking_id": tracking_id,
            "status": ev.status, "note": ev.note, "agency": ev.agency, "at": iso_utc(ev.at),
            "deadline": ev.deadline.isoformat() if ev.deadline else None}


def status_changes(db: Database, device: DeviceAuth, cursor: str | None,
                   limit: int) -> dict[str, Any]:
    key = server_secret(db, "cursor")
    after = decode_cursor(key, device.device_id, cursor)
    with db.read() as s:
        rows = s.execute(
            select(StatusEvent, Report.tracking_id)
            .join(Report, Report.id == StatusEvent.report_id)
            .where(StatusEvent.seq > after, owned_by(device))
            .order_by(StatusEvent.seq).limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1][0].seq if rows else after
    return {"changes": [event_json(ev, tid) for ev, tid in rows],
            "cursor": encode_cursor(key, device.device_id, last), "more": more}


# --------------------------------------------------------------------------- lifecycle

class StatusChanged(ValueError):
    """The report is no longer in the status the change was decided on."""


def advance(db: Database, tracking_id: str, to: str, note: str | None = None,
            agency: str | None = None, expect: str | None = None) -> dict[str, Any]:
    """Move a report to ``to``; raises NotFound, domain.TransitionError or ValueError.

    The report row is locked for the whole step (``SELECT … FOR UPDATE`` on PostgreSQL;
    SQLite's ``BEGIN IMMEDIATE`` already admits one writer), so the transition is checked
    against the status it replaces. ``expect``: the status the caller saw when it chose
    the step (a desk action); if another change landed first, :class:`StatusChanged`.
    """
    if agency is not None:
        if not load_catalog(db).has_agency(agency):
            raise ValueError(f"Instansi {agency!r} tidak ada dalam katalog.")
    with db.write() as s:
        report = s.scalar(select(Report).where(Report.tracking_id == tracking_id)
                          .with_for_update())
        if report is None:
            raise NotFound(f"Laporan dengan nomor lacak {tracking_id} tidak ditemukan.")
        if expect is not None and report.status != expect:
            raise StatusChanged("Status laporan baru saja diubah orang lain (sekarang "
                                f"{report.status}); periksa lagi sebelum bertindak.")
        domain.check_remote_transition(report.status, to)
        report.status = to
        if agency is not None:
            report.agency = agency
        event = _add_event(s, report, to, note, report.agency, utcnow())
        out = event_json(event, report.tracking_id)
    log.info("report %s advanced to %s", tracking_id, to)
    return out


