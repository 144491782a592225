"""Append-only, hash-chained audit log.

Each event's hash covers the previous event's hash and its own canonical content, so a
deleted or edited row breaks the chain (``verify_chain``). SQLite triggers refuse UPDATE and
DELETE on the table. Details never carry personal data.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_desktop.store.models import AuditEvent, utcnow_seconds
from lapor_protocol.wire import canonical_json

GENESIS = "0" * 64


def _digest(prev: str, at: datetime, operator_id: int | None, action: str,
            report_id: str | None, detail: dict) -> str:
    payload = canonical_json({
        "prev": prev, "at": at.astimezone(timezone.utc).isoformat(), "operator": operator_id,
        "action": action, "report": report_id, "detail": detail,
    })
    return hashlib.sha256(payload).hexdigest()


def record(session: Session, *, operator_id: int | None, action: str,
           report_id: str | None = None, detail: dict | None = None) -> AuditEvent:
    """Append one event inside the caller's write transaction."""
    detail = detail or {}
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    prev = prev or GENESIS
    at = utcnow_seconds()
    event = AuditEvent(at=at, operator_id=operator_id, action=action, report_id=report_id,
                       detail=detail, prev_hash=prev,
                       hash=_digest(prev, at, operator_id, action, report_id, detail))
    session.add(event)
    session.flush()
    return event


def verify_chain(session: Session) -> tuple[bool, int | None]:
    """(True, None) when intact, else (False, id of the first broken event)."""
    prev = GENESIS
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        expected = _digest(prev, ev.at, ev.operator_id, ev.action, ev.report_id, ev.detail)
        if ev.prev_hash != prev or ev.hash != expected:
            return False, ev.id
        prev = ev.hash
    return True, None
