"""Append-only, hash-chained audit log, keyed by a forward-secure ratchet.

Each event's hash covers the previous event's hash and its own canonical content, so a
deleted or edited row breaks the chain (``verify_chain``). SQLite triggers refuse UPDATE and
DELETE on the table. Details never carry personal data.

Events before the chain was keyed (stores from before revision 0005) keep their plain
SHA-256 links. From the ``audit_keyed`` event on, link ``n`` is an HMAC-SHA256 under the
epoch key ``K_n``: ``K_0`` is derived from a random root key that is sealed to the role key
(only reveal-capable roles open it), and ``K_{n+1} = SHA-256(K_n)``. Only the current
epoch key is stored (``meta.audit_ratchet``), so every session, even an unauthenticated
failed login, can append, but nobody holding today's key can recompute an earlier link, and
a truncated chain no longer matches the stored count and key. ``verify`` (kepala desa,
admin) recomputes every link from the root.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lapor_desktop.security import DecryptionError, b64d, b64e, open_box, seal_box
from lapor_desktop.store.models import AuditEvent, Meta, Operator, utcnow_seconds
from lapor_protocol.deadlines import WIB
from lapor_protocol.wire import canonical_json

# Roles that may read the audit log.
ROLES_READ_AUDIT = frozenset({"kepala_desa", "admin"})

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
    "audit_keyed": "Jejak audit mulai dikunci",
    "role_key_grant": "Kunci peran diberikan",
    "identities_sealed": "Identitas lama disegel",
    "operator_role": "Peran operator diubah",
}

GENESIS = "0" * 64


def _digest(prev: str, at: datetime, operator_id: int | None, action: str,
            report_id: str | None, detail: dict) -> str:
    payload = canonical_json({
        "prev": prev, "at": at.astimezone(UTC).isoformat(), "operator": operator_id,
        "action": action, "report": report_id, "detail": detail,
    })
    return hashlib.sha256(payload).hexdigest()


ROOT_META = "audit_root"  # the root key, sealed to the role key
RATCHET_META = "audit_ratchet"  # {"n": keyed events, "key": K_n, "from": first keyed id}
ROOT_AAD = b"lapor-audit-root"
KEYED_START = "audit_keyed"


def _epoch0(root: bytes) -> bytes:
    return hashlib.sha256(b"lapor-audit-epoch-0\x00" + root).digest()


def _successor(key: bytes) -> bytes:
    return hashlib.sha256(b"lapor-audit-ratchet\x00" + key).digest()


def _mac(key: bytes, n: int, prev: str, at: datetime, operator_id: int | None, action: str,
         report_id: str | None, detail: dict) -> str:
    payload = canonical_json({
        "n": n, "prev": prev, "at": at.astimezone(UTC).isoformat(), "operator": operator_id,
        "action": action, "report": report_id, "detail": detail,
    })
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _ratchet(session: Session) -> dict | None:
    row = session.get(Meta, RATCHET_META)
    return json.loads(row.value) if row is not None else None


def start_keyed(session: Session, role_public: bytes, *, operator_id: int | None) -> None:
    """Key the chain from here on (once per installation, when the role key is made)."""
    if session.get(Meta, RATCHET_META) is not None:
        return
    root = os.urandom(32)
    session.add(Meta(key=ROOT_META, value=b64e(seal_box(role_public, root, ROOT_AAD))))
    session.add(Meta(key=RATCHET_META, value=json.dumps(
        {"n": 0, "key": b64e(_epoch0(root)), "from": None})))
    session.flush()
    record(session, operator_id=operator_id, action=KEYED_START)


def record(session: Session, *, operator_id: int | None, action: str,
           report_id: str | None = None, detail: dict | None = None) -> AuditEvent:
    """Append one event inside the caller's write transaction (under BEGIN IMMEDIATE, so
    the previous hash and the epoch key are read and replaced by one writer at a time)."""
    detail = detail or {}
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    prev = prev or GENESIS
    at = utcnow_seconds()
    state = _ratchet(session)
    if state is None:
        digest = _digest(prev, at, operator_id, action, report_id, detail)
    else:
        digest = _mac(b64d(state["key"]), int(state["n"]), prev, at, operator_id, action,
                      report_id, detail)
    event = AuditEvent(at=at, operator_id=operator_id, action=action, report_id=report_id,
                       detail=detail, prev_hash=prev, hash=digest)
    session.add(event)
    session.flush()
    if state is not None:
        # Today's key is replaced by its successor: it can no longer recompute this link.
        ratchet = session.get(Meta, RATCHET_META)
        assert ratchet is not None
        ratchet.value = json.dumps({
            "n": int(state["n"]) + 1, "key": b64e(_successor(b64d(state["key"]))),
            "from": state["from"] or event.id})
        # No flush: the next record() in this unit of work gets the same Meta object from
        # the identity map, and the commit writes it.
    return event


def verify_chain(session: Session, root_key: bytes | None = None) -> tuple[bool, int | None]:
    """(True, None) when intact, else (False, id of the first broken event; one past the
    last event when events are missing at the end).

    Without ``root_key`` the keyed part is checked for its links only (a rewrite with the
    public algorithm passes that check): ``verify`` always gives the key."""
    state = _ratchet(session)
    keyed_from = state["from"] if state else None
    key = _epoch0(root_key) if root_key is not None else None
    prev, n, last = GENESIS, 0, 0
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        last = ev.id
        if ev.prev_hash != prev:
            return False, ev.id
        if keyed_from is None or ev.id < keyed_from:
            expected = _digest(prev, ev.at, ev.operator_id, ev.action, ev.report_id,
                               ev.detail)
            if ev.hash != expected:
                return False, ev.id
        else:
            if n == 0 and ev.action != KEYED_START:
                return False, ev.id
            if key is not None:
                if not hmac.compare_digest(ev.hash, _mac(
                        key, n, prev, ev.at, ev.operator_id, ev.action, ev.report_id,
                        ev.detail)):
                    return False, ev.id
                key = _successor(key)
            n += 1
        prev = ev.hash
    if state is not None and (n != int(state["n"]) or (
            key is not None and not hmac.compare_digest(key, b64d(state["key"])))):
        return False, last + 1  # events cut from the end (or the ratchet replaced)
    if state is None and session.get(Meta, "identity_public_key") is not None:
        return False, last + 1  # the role key exists, so the chain must be keyed
    return True, None


def root_key(session: Session, actor) -> bytes | None:
    """The verifier's root key, for a session holding the role key; None otherwise."""
    row = session.get(Meta, ROOT_META)
    private = getattr(actor, "identity_private", None)
    if row is None or not private:
        return None
    try:
        return open_box(private, b64d(row.value), ROOT_AAD)
    except DecryptionError:
        return None


def verify(ws, actor) -> tuple[bool, int | None]:
    """``verify_chain`` with the root key (kepala desa and admin, holding the role key)."""
    from lapor_desktop.workspace import PermissionDenied

    if actor is None or actor.role not in ROLES_READ_AUDIT:
        raise PermissionDenied("Hanya kepala desa dan admin yang dapat memeriksa jejak audit.")
    with ws.db.read() as s:
        root = root_key(s, actor)
        if root is None and s.get(Meta, ROOT_META) is not None:
            raise PermissionDenied(
                "Akun Anda belum menerima kunci pemeriksa jejak audit. Minta admin masuk "
                "sekali, lalu coba lagi.")
        return verify_chain(s, root)


def head_at(session: Session, count: int) -> str | None:
    """The hash of the ``count``-th event (in chain order); GENESIS for 0; None when the
    chain is shorter."""
    if count <= 0:
        return GENESIS if count == 0 else None
    return session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id)
                          .offset(count - 1).limit(1))


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
