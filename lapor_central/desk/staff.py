"""Staff accounts and signing in (with throttling), free of HTTP.

Roles: ``kabupaten`` (the SP4N-LAPOR! admin at Diskominfo) sees every report; ``agency``
sees only reports routed to its agency. Failed sign-ins are counted per user name, known
or not: after 5 failures the name is locked for 30 s, doubling with every further lock up
to 15 minutes. The state lives in the database, so it survives a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.orm import Session

from lapor_central.db import Database, upsert_returning, utcnow
from lapor_central.desk.audit import record
from lapor_central.desk.models import LoginThrottle, Staff
from lapor_central.desk.passwords import check_strength, hash_password, verify_password

ROLES = ("kabupaten", "agency")
ROLE_LABELS = {"kabupaten": "Admin Kabupaten", "agency": "Instansi"}
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MAX_FAILURES = 5
FIRST_LOCK_S = 30
MAX_LOCK_S = 15 * 60


class StaffError(ValueError):
    pass


class LoginLocked(PermissionError):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"Terlalu banyak percobaan masuk. Coba lagi dalam {seconds} detik.")
        self.seconds = seconds


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    display_name: str
    role: str
    agency: str | None
    disabled: bool

    @property
    def is_kabupaten(self) -> bool:
        return self.role == "kabupaten"


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.username, row.display_name, row.role, row.agency,
                     row.disabled)


def add_staff(db: Database, username: str, role: str, password: str, *,
              agency: str | None = None, display_name: str | None = None,
              agencies: frozenset[str] | set[str] = frozenset()) -> StaffInfo:
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise StaffError("Nama pengguna 3–64 karakter: huruf kecil, angka, titik, garis bawah "
                         "atau tanda hubung.")
    if role not in ROLES:
        raise StaffError("Peran harus kabupaten atau agency.")
    if role == "agency" and not agency:
        raise StaffError("Staf instansi memerlukan --agency (kode instansi dari katalog).")
    if agency and agency not in agencies:
        raise StaffError(f"Instansi {agency!r} tidak ada dalam katalog.")
    check_strength(password, username, display_name or "")
    with db.write() as s:
        if s.scalar(select(Staff.id).where(Staff.username == username)) is not None:
            raise StaffError(f"Nama pengguna {username} sudah dipakai.")
        row = Staff(username=username, display_name=(display_name or username).strip()[:120],
                    role=role, agency=agency if role == "agency" else None,
                    password_hash=hash_password(password), disabled=False,
                    created_at=utcnow())
        s.add(row)
        s.flush()
        record(s, None, "cli", "staff.add", detail=f"{username} ({role})")
        return _info(row)


def list_staff(db: Database) -> list[StaffInfo]:
    with db.read() as s:
        return [_info(r) for r in s.scalars(select(Staff).order_by(Staff.username))]


def disable_staff(db: Database, username: str) -> StaffInfo:
    from lapor_central.desk.sessions import end_sessions_of

    with db.write() as s:
        row = s.scalar(select(Staff).where(Staff.username == username.strip().lower()))
        if row is None:
            raise LookupError(f"Staf {username} tidak ditemukan.")
        row.disabled = True
        end_sessions_of(s, row.id)
        record(s, None, "cli", "staff.disable", detail=row.username)
        return _info(row)


def get_staff(db: Database, staff_id: int) -> StaffInfo | None:
    with db.read() as s:
        row = s.get(Staff, staff_id)
        return _info(row) if row is not None and not row.disabled else None


def _lock_seconds(locks: int) -> int:
    return min(FIRST_LOCK_S * 2 ** max(locks - 1, 0), MAX_LOCK_S)


def sign_in(db: Database, username: str, password: str) -> StaffInfo | None:
    """The staff member, or None for a wrong name/password; raises :class:`LoginLocked`.

    An unknown or disabled name costs the same hashing as a known one. Every attempt is
    counted *before* the password is checked, with one atomic upsert, so however many
    guesses arrive at once at most ``MAX_FAILURES`` are checked before the name locks;
    a right password clears the count.
    """
    name = (username or "").strip().lower()[:64]
    now = utcnow()
    with db.write() as s:
        attempt, locked_until = _claim_attempt(s, name, now)
        if attempt > MAX_FAILURES and not (locked_until and locked_until > now):
            locked_until = _lock(s, name, now)  # the allowance went to guesses in flight
    if locked_until is not None and locked_until > now:
        raise LoginLocked(_seconds_left(locked_until, now))
    with db.read() as s:
        row = s.scalar(select(Staff).where(Staff.username == name))
    ok = verify_password(password or "", row.password_hash if row is not None else None)
    ok = ok and row is not None and not row.disabled
    with db.write() as s:
        if ok:
            assert row is not None  # ok implies a known, enabled name
            s.execute(delete(LoginThrottle).where(LoginThrottle.username == name))
            record(s, row.id, row.username, "login")
            return _info(row)
        if attempt == MAX_FAILURES:
            _lock(s, name, now)
        record(s, None, name, "login.failed")
    return None


def _claim_attempt(s: Session, name: str, now: datetime) -> tuple[int, datetime | None]:
    """Count one attempt (not while locked); its number since the last reset."""
    t = LoginThrottle.__table__
    locked = and_(t.c.locked_until.is_not(None), t.c.locked_until > now)
    row = upsert_returning(
        s, t, {"username": name, "failures": 1, "locks": 0, "locked_until": None},
        ["username"], {"failures": case((locked, t.c.failures), else_=t.c.failures + 1)},
        [t.c.failures, t.c.locked_until])
    return int(row.failures), row.locked_until


def _lock(s: Session, name: str, now: datetime) -> datetime | None:
    """Lock the name unless a lock is running already (one statement: the lock length
    doubles with ``locks``); the end of the lock now in force."""
    t = LoginThrottle.__table__
    steps = [(t.c.locks == k, now + timedelta(seconds=_lock_seconds(k + 1)))
             for k in range(6)]
    s.execute(update(LoginThrottle).where(t.c.username == name,
                              or_(t.c.locked_until.is_(None), t.c.locked_until <= now))
              .values(failures=0, locks=t.c.locks + 1,
                      locked_until=case(*steps, else_=now + timedelta(seconds=MAX_LOCK_S)))
              .execution_options(synchronize_session=False))
    return s.scalar(select(t.c.locked_until).where(t.c.username == name))


def _seconds_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() + 0.999))
