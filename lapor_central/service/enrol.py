"""Enrolment codes, device enrolment (bound to one device id), tokens and revocation.

A device id is enrolled once. Enrolling it again needs a code issued to replace exactly
that device (``create_enrollment_codes(..., replaces=DEVICE_ID)``); spending such a code
revokes every earlier token of the device.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import case, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_central import central_key
from lapor_central.db import Database, upsert_returning, utcnow
from lapor_central.models import Device, DeviceToken, EnrolAttempt, EnrollmentCode
from lapor_central.service.common import (
    AREA_RE,
    DeviceAuth,
    DeviceExists,
    EnrollmentRefused,
    NotFound,
    sha256_hex,
)
from lapor_protocol import domain

log = logging.getLogger(__name__)

ENROLL_CODE_DAYS = 7
ENROLL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
MSG_CODE_REFUSED = ("Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. "
                    "Minta kode baru ke admin kabupaten.")
MSG_DEVICE_EXISTS = ("Perangkat dengan ID ini sudah terdaftar. Untuk mengganti perangkat itu, "
                     "minta kode pengganti (enroll-code --replace) ke admin kabupaten.")


def valid_enrol_region(region: str) -> bool:
    return bool(AREA_RE.match(region or "")) and domain.area_exists(region)


def _normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def _new_code() -> str:
    raw = "".join(secrets.choice(ENROLL_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def create_enrollment_codes(db: Database, regions: Sequence[str],
                            replaces: str | None = None) -> list[str]:
    """One one-time code per region (village PP.KK.CC.DDDD or kecamatan PP.KK.CC), stored
    hashed, all in one transaction. ``replaces``: the codes may only enrol that device id
    again (its old tokens are revoked when one is spent)."""
    bad = [r for r in regions if not valid_enrol_region(r)]
    if bad:
        raise ValueError(f"Kode wilayah {bad[0]!r} bukan kecamatan (PP.KK.CC) atau desa "
                         "(PP.KK.CC.DDDD) yang terdaftar di Kemendagri.")
    now = utcnow()
    codes = [_new_code() for _ in regions]
    with db.write() as s:
        if replaces is not None:
            device = s.get(Device, replaces)
            if device is None:
                raise NotFound(f"Perangkat {replaces!r} tidak dikenal.")
            if any(r != device.region_code for r in regions):
                raise ValueError(f"Perangkat {replaces!r} terdaftar untuk wilayah "
                                 f"{device.region_code}; kode pengganti harus untuk wilayah itu.")
        s.add_all(EnrollmentCode(code_hash=sha256_hex(_normalise_code(code)), region_code=region,
                                 created_at=now, replaces_device=replaces,
                                 expires_at=now + timedelta(days=ENROLL_CODE_DAYS))
                  for code, region in zip(codes, regions))
    return codes


def create_enrollment_code(db: Database, region: str, replaces: str | None = None) -> str:
    """A one-time code for a village (PP.KK.CC.DDDD) or kecamatan (PP.KK.CC)."""
    return create_enrollment_codes(db, [region], replaces)[0]


def enroll(db: Database, code: str, device_id: str, device_name: str,
           address: str | None = None) -> dict[str, str]:
    """Spend a code and issue a bearer token bound to the code's region and device id.

    Raises EnrollmentRefused (unknown, used or expired code) or DeviceExists (the id is
    enrolled and the code does not replace it; the code stays unspent). ``address``: the
    attempt counted for it by :func:`claim_enrol_attempt` is given back in the same
    transaction when the enrolment succeeds."""
    try:
        return _enroll(db, code, device_id, device_name, address)
    except IntegrityError:
        # A concurrent enrolment created the same device id first.
        raise DeviceExists(MSG_DEVICE_EXISTS) from None


def _enroll(db: Database, code: str, device_id: str, device_name: str,
            address: str | None) -> dict[str, str]:
    now = utcnow()
    code_hash = sha256_hex(_normalise_code(code))
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        row = s.get(EnrollmentCode, code_hash)
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise EnrollmentRefused(MSG_CODE_REFUSED)
        device = s.get(Device, device_id)
        if device is not None and row.replaces_device != device_id:
            raise DeviceExists(MSG_DEVICE_EXISTS)
        if device is None and row.replaces_device is not None:
            raise EnrollmentRefused(MSG_CODE_REFUSED)
        # A conditional update is the single-use guard, also under concurrent enrolments.
        spent = s.execute(
            update(EnrollmentCode)
            .where(EnrollmentCode.code_hash == code_hash, EnrollmentCode.used_at.is_(None))
            .values(used_at=now, used_by=device_id)
        ).rowcount
        if spent != 1:
            raise EnrollmentRefused(MSG_CODE_REFUSED)
        region = row.region_code
        if device is None:
            s.add(Device(id=device_id, name=device_name, region_code=region, enrolled_at=now))
        else:
            s.execute(update(DeviceToken)
                      .where(DeviceToken.device_id == device_id,
                             DeviceToken.revoked_at.is_(None))
                      .values(revoked_at=now))
            device.name, device.region_code, device.enrolled_at = device_name, region, now
        s.flush()
        s.add(DeviceToken(token_hash=sha256_hex(token), device_id=device_id,
                          region_code=region, created_at=now))
        if address is not None:
            _refund(s, address)
    log.info("device enrolled: %s region %s%s", device_id, region,
             " (replacement)" if device is not None else "")
    # Central's key goes with the token: from now on the device seals identities to it.
    return {"token": token, "device_id": device_id, "region_code": region,
            "central_key": central_key.keys(db).public_b64}


def authenticate(db: Database, token: str) -> DeviceAuth | None:
    with db.read() as s:
        row = s.get(DeviceToken, sha256_hex(token))
        if row is None or row.revoked_at is not None:
            return None
        return DeviceAuth(row.device_id, row.region_code)


def revoke_device(db: Database, device_id: str) -> int:
    with db.write() as s:
        if s.get(Device, device_id) is None:
            raise NotFound(f"Perangkat {device_id!r} tidak dikenal.")
        n = s.execute(update(DeviceToken)
                      .where(DeviceToken.device_id == device_id,
                             DeviceToken.revoked_at.is_(None))
                      .values(revoked_at=utcnow())).rowcount
    log.info("device revoked: %s (%d tokens)", device_id, n)
    return n


ENROL_MAX_REFUSED = 10
ENROL_WINDOW_S = 60


def claim_enrol_attempt(db: Database, address: str, limit: int = ENROL_MAX_REFUSED,
                        window_s: int = ENROL_WINDOW_S) -> int:
    """Count one enrolment attempt from ``address`` before its code is checked; the
    seconds to wait (0: go ahead). One upsert, so concurrent attempts each see their own
    number and never more than ``limit`` of them are checked per window. A successful
    attempt gives its count back (:func:`refund_enrol_attempt`): only refusals stay."""
    t = EnrolAttempt.__table__
    now = utcnow()
    expired = t.c.window_start <= now - timedelta(seconds=window_s)
    with db.write() as s:
        row = upsert_returning(
            s, t, {"address": address[:64], "window_start": now, "attempts": 1},
            ["address"],
            {"attempts": case((expired, 1), else_=t.c.attempts + 1),
             "window_start": case((expired, now), else_=t.c.window_start)},
            [t.c.attempts, t.c.window_start])
    if row.attempts <= limit:
        return 0
    left = (row.window_start + timedelta(seconds=window_s) - now).total_seconds()
    return max(1, int(left + 0.999))


def refund_enrol_attempt(db: Database, address: str) -> None:
    with db.write() as s:
        _refund(s, address)


def _refund(s: Session, address: str) -> None:
    t = EnrolAttempt.__table__
    s.execute(update(EnrolAttempt).where(t.c.address == address[:64], t.c.attempts > 0)
              .values(attempts=t.c.attempts - 1)
              .execution_options(synchronize_session=False))


class AttemptLimiter:
    """Refused requests per client address in a sliding window (per process, in memory).

    ``blocked(addr)`` is the seconds to wait (0 when allowed); ``failed(addr)`` counts one
    refusal. Only refusals count, so a kabupaten enrolling hundreds of villages from one
    address is never slowed, while guessing codes is."""

    def __init__(self, max_failures: int = 10, window_s: float = 60.0) -> None:
        self.max_failures, self.window_s = max_failures, window_s
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, addr: str, now: float) -> deque[float]:
        q = self._seen.setdefault(addr, deque())
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return q

    def blocked(self, addr: str) -> int:
        now = time.monotonic()
        with self._lock:
            q = self._recent(addr, now)
            if len(q) < self.max_failures:
                if not q:
                    self._seen.pop(addr, None)
                return 0
            return max(1, int(q[0] + self.window_s - now + 0.999))

    def failed(self, addr: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # bound memory under address spraying
                self._seen.clear()
            self._recent(addr, now).append(now)
