"""Desk sessions: a random cookie token (stored as its sha256) and a per-session CSRF token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from lapor_central.db import Database, utcnow
from lapor_central.desk.models import DeskSession
from lapor_central.desk.staff import StaffInfo, get_staff

SESSION_HOURS = 10  # a working day; signing in again the next morning is expected


@dataclass(frozen=True)
class DeskUser:
    staff: StaffInfo
    csrf: str
    token_hash: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def start_session(db: Database, staff: StaffInfo) -> str:
    token = new_token()
    now = utcnow()
    with db.write() as s:
        s.execute(delete(DeskSession).where(DeskSession.expires_at < now))
        s.add(DeskSession(token_hash=_hash(token), staff_id=staff.id, csrf=new_token(),
                          created_at=now, expires_at=now + timedelta(hours=SESSION_HOURS)))
    return token


def current_user(db: Database, token: str | None) -> DeskUser | None:
    if not token or len(token) > 100:
        return None
    th = _hash(token)
    with db.read() as s:
        row = s.get(DeskSession, th)
        if row is None or row.expires_at <= utcnow():
            return None
        staff_id, csrf = row.staff_id, row.csrf
    staff = get_staff(db, staff_id)
    return DeskUser(staff, csrf, th) if staff is not None else None


def end_session(db: Database, token_hash: str) -> None:
    with db.write() as s:
        s.execute(delete(DeskSession).where(DeskSession.token_hash == token_hash))


def end_sessions_of(s: Session, staff_id: int) -> None:
    s.execute(delete(DeskSession).where(DeskSession.staff_id == staff_id))


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given or "")
