"""Central's audit log of desk and staff actions: who, when, what (never personal data)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_central.db import Database, utcnow
from lapor_central.desk.models import AuditEntry


def record(s: Session, staff_id: int | None, username: str, action: str, *,
           report_id: str | None = None, detail: str | None = None) -> None:
    s.add(AuditEntry(at=utcnow(), staff_id=staff_id, username=username[:64], action=action,
                     report_id=report_id, detail=detail))


def entries(db: Database, report_id: str | None = None, limit: int = 200) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if report_id is not None:
        q = q.where(AuditEntry.report_id == report_id)
    with db.read() as s:
        return list(s.scalars(q))
