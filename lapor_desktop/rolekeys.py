"""A role is a key: identities sealed to the installation's role key pair.

- The *role key* is an X25519 key pair. Its public half (``meta.identity_public_key``) is
  held by every session, so any operator can seal a new identity. Its private half exists
  only sealed to the own key pair of each operator whose role may reveal identities
  (``ROLES_REVEAL_IDENTITY``): ``operator.role_key_box``.
- Every operator has an own X25519 key pair: the public half in the clear, the private half
  wrapped by the password KEK. A holder of the role key grants it to any operator by
  sealing it to their public key, without knowing their password.
- A finalised report's identity (with its salt) is sealed to the role key, bound to the
  report's id (``sealed_identity``). The work copy under the data key (``enc_*``) that
  drafting, finalising and delivery need is erased once central accepted the report or the
  kecamatan acknowledged it (``erase_delivered``). See docs/security.md.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session, object_session

from lapor_desktop import audit
from lapor_desktop.security import (
    DecryptionError,
    FieldCipher,
    b64d,
    b64e,
    new_encryption_key,
    open_box,
    seal_box,
    unwrap_secret,
    wrap_secret,
)
from lapor_desktop.store.models import Meta, Operator, Report
from lapor_protocol.domain import ROLES_REVEAL_IDENTITY
from lapor_protocol.wire import canonical_json

log = logging.getLogger(__name__)

PUBLIC_META = "identity_public_key"
# Set once every finalised row carries a sealed identity and delivered rows lost their
# work copy (the pass at login after revision 0005).
SEALED_META = "identities_sealed"
OPERATOR_KEY_LABEL = b"lapor-operator-key"
IDENTITY_FIELDS = ("name", "nik", "phone", "email", "address")
WORK_COLUMNS = (*(f"enc_{n}" for n in IDENTITY_FIELDS), "enc_salt")
PAD_BLOCK = 512
MAX_CHAIN = 64  # how far back a carried identity may point (corrections of corrections)


class RoleCipher(FieldCipher):
    """The session's cipher: the data key, plus the role's private key for holders."""

    def __init__(self, data_key: bytes, identity_private: bytes | None = None):
        super().__init__(data_key)
        self.identity_private = identity_private


@dataclass(frozen=True)
class SessionKeys:
    identity_public: bytes | None
    identity_private: bytes | None


# ---------------------------------------------------------------------------- operators

def role_public(session: Session) -> bytes | None:
    row = session.get(Meta, PUBLIC_META)
    return b64d(row.value) if row is not None else None


def new_operator_pair(row: Operator, kek: bytes) -> bytes:
    """A fresh own key pair for ``row`` (private half wrapped by ``kek``); returns the
    private half. A box sealed to an older pair no longer opens: the caller re-grants."""
    private, public = new_encryption_key()
    row.public_key = public
    row.wrapped_private_key = wrap_secret(kek, private, OPERATOR_KEY_LABEL)
    row.role_key_box = None
    return private


def _grant_aad(operator_id: int) -> bytes:
    return f"lapor-role-key:{operator_id}".encode("ascii")


def grant(row: Operator, role_private: bytes) -> bool:
    """Seal the role key to ``row`` (flushed, with an own public key); False when the
    operator has no key pair yet (it is made at their next login, then granted)."""
    if row.public_key is None or row.id is None:
        return False
    row.role_key_box = seal_box(row.public_key, role_private, _grant_aad(row.id))
    return True


def revoke(row: Operator) -> None:
    row.role_key_box = None


def _create_role_key(session: Session, holder: Operator) -> tuple[bytes, bytes]:
    private, public = new_encryption_key()
    session.add(Meta(key=PUBLIC_META, value=b64e(public)))
    grant(holder, private)
    audit.start_keyed(session, public, operator_id=holder.id)
    return private, public


def unlock(session: Session, row: Operator, kek: bytes) -> SessionKeys:
    """At login (inside its write transaction): make the operator's own key pair if it is
    missing, open the role key for roles that may reveal (creating it at the first such
    login of an installation), and grant it to reveal-capable operators still without."""
    public = role_public(session)
    try:
        own = (unwrap_secret(kek, row.wrapped_private_key, OPERATOR_KEY_LABEL)
               if row.wrapped_private_key is not None else None)
    except DecryptionError:
        # Wrapped under another KEK (a data key re-wrapped by an older version): a new
        # pair; a holder grants the role key to it again.
        log.warning("own key of an operator does not unwrap; a new pair is made")
        own = None
    if own is None:
        own = new_operator_pair(row, kek)
    private = None
    if row.role in ROLES_REVEAL_IDENTITY:
        if public is None:
            private, public = _create_role_key(session, row)
        elif row.role_key_box is not None:
            try:
                private = open_box(own, row.role_key_box, _grant_aad(row.id))
            except DecryptionError:
                log.warning("role key box of an operator does not open")
        if private is not None:
            grant_pending(session, private, by=row.id)
    return SessionKeys(public, private)


def grant_pending(session: Session, role_private: bytes, *, by: int | None) -> int:
    """Grant the role key to every active reveal-capable operator that has an own key pair
    but no grant yet (e.g. a kepala desa who logged in once since the upgrade)."""
    n = 0
    for op in session.scalars(select(Operator).where(
            Operator.active.is_(True), Operator.role.in_(sorted(ROLES_REVEAL_IDENTITY)),
            Operator.public_key.is_not(None), Operator.role_key_box.is_(None))):
        if grant(op, role_private):
            audit.record(session, operator_id=by, action="role_key_grant",
                         detail={"operator": op.id})
            n += 1
    return n


# ---------------------------------------------------------------------------- identities

def _aad(bound_id: str) -> bytes:
    return f"lapor-identity:{bound_id}".encode("ascii")


def seal_identity(public: bytes, bound_id: str, comp: Mapping[str, str | None]) -> bytes:
    """The identity (fields and salt) as one padded JSON box sealed to the role key."""
    body = canonical_json({k: comp.get(k) for k in (*IDENTITY_FIELDS, "salt")})
    return seal_box(public, body + b" " * (-len(body) % PAD_BLOCK), _aad(bound_id))


def _bound_id_ok(report: Report) -> str | None:
    """The id bound into the sealed identity, if it is this report's or an ancestor's."""
    if report.identity_source is None:
        return report.id
    session = object_session(report)
    current = report.supersedes
    for _ in range(MAX_CHAIN):
        if current is None or session is None:
            return None
        if current == report.identity_source:
            return current
        current = session.scalar(select(Report.supersedes).where(Report.id == current))
    return None


def sealed_fields(report: Report, cipher) -> dict[str, str | None]:
    """The sealed identity of ``report`` when this session may open it, else {}."""
    private = getattr(cipher, "identity_private", None)
    if not private or report.sealed_identity is None:
        return {}
    bound = _bound_id_ok(report)
    if bound is None:
        raise DecryptionError("carried identity points outside the report's history")
    doc = json.loads(open_box(private, report.sealed_identity, _aad(bound)))
    return {k: doc.get(k) for k in (*IDENTITY_FIELDS, "salt")}


def has_work_copy(report: Report) -> bool:
    return any(getattr(report, c) is not None for c in WORK_COLUMNS)


def identity_hidden(report: Report, cipher) -> bool:
    """A draft that carries a sealed identity this session cannot open (a correction,
    started by an operator, of a report already delivered)."""
    return (report.sealed_identity is not None and report.identity_source is not None
            and not getattr(cipher, "identity_private", None))


def erase_delivered(session: Session, report_ids: Iterable[str]) -> None:
    """Erase the work copy of delivered reports whose identity is sealed (inside the
    caller's transaction); a report not yet sealed keeps it until the login pass."""
    ids = list(report_ids)
    # secure_delete zeroes the freed bytes of the overwritten cells. Only around these
    # statements: always on, it made every finalise about a third slower.
    session.execute(text("PRAGMA secure_delete=ON"))
    try:
        for start in range(0, len(ids), 500):
            session.execute(
                update(Report).where(Report.id.in_(ids[start:start + 500]),
                                     Report.sealed_identity.is_not(None))
                .values(**{c: None for c in WORK_COLUMNS}),
                execution_options={"synchronize_session": False})
    finally:
        session.execute(text("PRAGMA secure_delete=OFF"))


# ---------------------------------------------------------------------------- upgrade

def _work_identity(report: Report, cipher: FieldCipher) -> dict[str, str | None]:
    out = {n: cipher.decrypt(getattr(report, f"enc_{n}"), context=f"{report.id}:{n}")
           for n in IDENTITY_FIELDS}
    out["salt"] = cipher.decrypt(report.enc_salt, context=f"{report.id}:salt")
    return out


def after_login(ws, actor) -> int:
    """Bring a store from before revision 0005 up to date, once, at the first login after
    the role key exists: seal every finalised identity, erase the work copy of delivered
    reports, flush the erased pages out of the WAL and drop the automatic pre-upgrade
    copies of the database (their identities open with the data key). Returns the number
    of identities sealed."""
    from lapor_desktop.bundles.format import KECAMATAN_EVENT
    from lapor_desktop.store.models import StatusEvent
    from lapor_protocol.domain import LocalState

    if actor.identity_public is None or ws.db.get_meta(SEALED_META) == "1":
        return 0
    cipher = FieldCipher(actor.data_key)
    sealed = 0
    with ws.db.write() as s:
        for report in s.scalars(select(Report).where(
                Report.local_state != LocalState.DRAF.value,
                Report.sealed_identity.is_(None)).execution_options(yield_per=500)):
            report.sealed_identity = seal_identity(actor.identity_public, report.id,
                                                   _work_identity(report, cipher))
            report.identity_source = None
            sealed += 1
        s.flush()
        acked = select(StatusEvent.report_id).where(
            StatusEvent.remote_event_id.like(KECAMATAN_EVENT + "%"))
        delivered = list(s.scalars(select(Report.id).where(
            (Report.local_state == LocalState.TERKIRIM.value) | Report.id.in_(acked))))
        erase_delivered(s, delivered)
        ws.db.set_meta(SEALED_META, "1", session=s)
        audit.record(s, operator_id=actor.operator_id, action="identities_sealed",
                     detail={"sealed": sealed, "erased": len(delivered)})
    _forget_old_copies(ws)
    return sealed


def protect_kecamatan_key(ws, actor) -> bool:
    """At login: an older store's bundle private key, under the data key, is sealed to the
    role key and its data-key copy erased (secure_delete). True when it was moved."""
    from lapor_desktop import kecamatan as kec

    blob = ws.db.get_meta(kec.META_PRIVATE)
    if blob is None or actor.identity_public is None:
        return False
    private = actor.cipher.decrypt_bytes(b64d(blob), context=kec.PRIVATE_CONTEXT)
    with ws.db.write() as s:
        ws.db.set_meta(kec.META_SEALED, b64e(kec.seal_private(actor.identity_public, private)),
                       session=s)
        s.execute(text("PRAGMA secure_delete=ON"))
        try:
            s.execute(delete(Meta).where(Meta.key == kec.META_PRIVATE))
        finally:
            s.execute(text("PRAGMA secure_delete=OFF"))
        audit.record(s, operator_id=actor.operator_id, action="kecamatan_key_sealed")
    return True


def _forget_old_copies(ws) -> None:
    """Old identity bytes must not outlive the upgrade: checkpoint the WAL and drop the
    automatic pre-migration copies (``store.db._backup``: ``<stem>-<revision>-<stamp>``).
    This pass runs once, before which nothing was sealed, so every such copy holds
    identities under the data key."""
    with ws.db.engine.connect() as con:
        con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(text("SELECT 1"))
    stem = ws.paths.database.stem
    for old in ws.paths.backups.glob(f"{stem}-*.sqlite3"):
        old.unlink(missing_ok=True)
