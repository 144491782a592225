"""Append-only, hash-chained audit log.

Each event's hash covers the previous event's hash and its own canonical content, so a
deleted or edited row breaks the chain (``verify_chain``). SQLite triggers refuse UPDATE and
DELETE on the table. Details never carry personal data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lapor_desktop.store.models import AuditEvent, Operator, utcnow_seconds
from lapor_protocol.wire import canonical_json

# Roles that may read the audit log.
ROLES_READ_AUDIT = frozenset({"kepala_desa", "admin"})
from lapor_protocol.deadlines import WIB

# What each action means, for the "Jejak audit" page and ``audit list`` (Bahasa Indonesia).
ACTION_LABELS = {
    "init": "Aplikasi disiapkan",
    "login": "Masuk",
    "login_failed": "Gagal masuk",
    "kdf_upgrade": "Perlindungan kata sandi diperbarui",
    "password_change": "Kata sandi diganti",
    "operator_add": "Operator ditambah",
    "operator_enable": "Operator diaktifkan",
    "operator_disable": "Operator dinonaktifkan",
    "settings_change": "Pengaturan diubah",
    "create": "Laporan dibuat",
    "finalise": "Laporan difinalkan",
    "correct": "Koreksi dimulai",
    "delete_draft": "Draf dihapus",
    "reveal_identity": "Identitas dibuka",
    "identity_search": "Pencarian nomor telepon/NIK",
    "export": "Ekspor",
    "bundle_export": "Paket USB dibuat",
    "bundle_import": "Paket USB diimpor",
    "bundle_ack": "Tanda terima paket dibuat",
    "bundle_ack_import": "Tanda terima paket diimpor",
    "kecamatan_key_create": "Kunci kecamatan dibuat",
    "kecamatan_key_export": "Kunci kecamatan diekspor",
    "kecamatan_key_import": "Kunci kecamatan diimpor",
}

GENESIS = "0" * 64


def _digest(prev: str, at: datetime, operator_id: int | None, action: str,
            report_id: str | None, detail: dict) -> str:
    payload = canonical_json({
        "prev": prev, "at": at.astimezone(UTC).isoformat(), "operator": operator_id,
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


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def head(session: Session) -> tuple[int, str]:
    """(number of events, hash of the newest): what anchors the chain outside the laptop;
    ``(0, GENESIS)`` for an empty chain."""
    n = count(session)
    newest = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return n, (newest if n else None) or GENESIS


def hashes_at(session: Session, counts: Iterable[int]) -> dict[int, str]:
    """``hash_at`` for many counts (the proofs of an anchor); counts past the chain are left
    out. Ids of an untouched chain run without gaps, so the n-th event is found by its id;
    a chain with gaps (rows deleted) is walked by position instead."""
    wanted = sorted({c for c in counts if c > 0})
    if not wanted:
        return {}
    lo, hi, total = session.execute(select(func.min(AuditEvent.id), func.max(AuditEvent.id),
                                           func.count())).one()
    if not total:
        return {}
    if hi - lo + 1 == total:
        by_id = {lo + c - 1: c for c in wanted if c <= total}
        rows = session.execute(select(AuditEvent.id, AuditEvent.hash)
                               .where(AuditEvent.id.in_(list(by_id))))
        return {by_id[i]: h for i, h in rows}
    found = {}
    for c in wanted:
        h = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id)
                           .offset(c - 1).limit(1))
        if h is not None:
            found[c] = h
    return found


def hash_at(session: Session, n: int) -> str | None:
    """The stored hash of the ``n``-th event (1-based, in chain order); None when the chain
    is shorter than ``n``. ``hash_at(s, 0)`` is ``GENESIS``."""
    if n <= 0:
        return GENESIS if n == 0 else None
    return hashes_at(session, [n]).get(n)


@dataclass(frozen=True)
class EventView:
    id: int
    at: datetime
    operator: str | None
    action: str
    report_id: str | None
    detail: dict

    @property
    def at_local(self) -> str:
        return self.at.astimezone(WIB).strftime("%d-%m-%Y %H:%M:%S")

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def detail_text(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in sorted(self.detail.items()))

    def as_dict(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(), "operator": self.operator,
                "action": self.action, "report_id": self.report_id, "detail": self.detail}


def list_events(ws, actor, *, since: date | None = None, action: str | None = None,
                limit: int = 1000) -> list[EventView]:
    """Newest first; only for ``ROLES_READ_AUDIT``. ``since`` is a day in WIB."""
    from lapor_desktop.workspace import PermissionDenied

    if actor is None or actor.role not in ROLES_READ_AUDIT:
        raise PermissionDenied("Hanya kepala desa dan admin yang dapat membaca jejak audit.")
    stmt = (select(AuditEvent, Operator.username)
            .outerjoin(Operator, Operator.id == AuditEvent.operator_id)
            .order_by(AuditEvent.id.desc()).limit(max(1, int(limit))))
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(since, time.min, tzinfo=WIB))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    with ws.db.read() as s:
        return [EventView(ev.id, ev.at, name, ev.action, ev.report_id, dict(ev.detail or {}))
                for ev, name in s.execute(stmt)]
