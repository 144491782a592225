"""Delivery copies: a finalised report's identity sealed to whoever it is delivered to.

Sync and bundle export run in operator sessions, which must never read an identity once a
report is final. So at finalising (and whenever a recipient's key becomes known, for
reports that still hold a work copy) the identity is sealed to its recipients and the work
copy under the data key is erased in the same transaction:

- ``central``: the wire member ``identity_box`` (``lapor_protocol.identity_box``), sealed to
  central's X25519 key (``meta.central_key``, from the enrol response or
  ``GET /api/v1/central-key``), bound to the report id and content hash. Sync sends it in
  place of the clear ``complainant``; a kecamatan relays a village's box unchanged.
- ``kecamatan``: the bundle's sealed complainant and file names (``bundles.seal``), sealed
  to the kecamatan key a village imported, tagged with the key's fingerprint.

The work copy is erased once a central box exists and, when a kecamatan key is installed,
a kecamatan box too (and the role key holds a sealed copy, so a kepala desa can still
reveal it). Before central's key is known (never enrolled) the work copy stays: see
docs/security.md ("Delivery copies").
"""

from __future__ import annotations

import binascii
import json
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session, selectinload

from lapor_desktop import audit, rolekeys
from lapor_desktop.security import b64d, b64e
from lapor_desktop.store.models import Meta, Report
from lapor_protocol import identity_box
from lapor_protocol.domain import LocalState
from lapor_protocol.wire import canonical_json

log = logging.getLogger(__name__)

CENTRAL_META = "central_key"
# Reports that may still be delivered, and so may need a delivery copy.
UNDELIVERED = (LocalState.SIAP_KIRIM.value, LocalState.PERLU_PERBAIKAN.value)


# ---------------------------------------------------------------------------- keys

def central_public(session: Session) -> bytes | None:
    row = session.get(Meta, CENTRAL_META)
    return b64d(row.value) if row is not None else None


def parse_central_key(value: Any) -> bytes | None:
    """The raw 32-byte key of a base64 ``central_key`` member, or None when it is not one."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    try:
        raw = b64d(value)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def remember_central_key(ws, raw: bytes) -> bool:
    """Keep central's key; True when it is new (then ``seal_pending`` should run)."""
    with ws.db.write() as s:
        row = s.get(Meta, CENTRAL_META)
        if row is not None and row.value == b64e(raw):
            return False
        ws.db.set_meta(CENTRAL_META, b64e(raw), session=s)
        audit.record(s, operator_id=None, action="central_key",
                     detail={"key_id": identity_box.key_id(raw)})
    return True


def _kecamatan_key(session: Session):
    from lapor_desktop import kecamatan as kec

    row = session.get(Meta, kec.META_IMPORTED)
    return kec.parse_key(json.loads(row.value)) if row is not None else None


# ---------------------------------------------------------------------------- boxes

def boxes_of(report: Report) -> dict[str, Any]:
    try:
        boxes = json.loads(report.delivery_boxes or "{}")
    except ValueError:
        return {}
    return boxes if isinstance(boxes, dict) else {}


def central_box(report: Report) -> dict[str, str] | None:
    box = boxes_of(report).get("central")
    return box if isinstance(box, dict) else None


def kecamatan_box(report: Report, fingerprint: str) -> bytes | None:
    """The bundle box of ``report`` when it was sealed to the key with ``fingerprint``."""
    box = boxes_of(report).get("kecamatan")
    if isinstance(box, dict) and box.get("fingerprint") == fingerprint:
        return b64d(str(box["sealed"]))
    return None


def keep_central_box(report: Report, member: Mapping[str, str]) -> None:
    """Store a box made elsewhere (a village's, carried by its bundle): relayed unchanged."""
    boxes = boxes_of(report)
    boxes["central"] = dict(member)
    report.delivery_boxes = json.dumps(boxes, sort_keys=True)


def seal_for(session: Session, report: Report, wire: Mapping[str, Any]) -> bool:
    """Seal the missing delivery copies of ``report`` from its clear wire report (the caller
    has checked its hash). True when every known recipient now has one."""
    from lapor_desktop.bundles.seal import identity_aad, pad_json, seal

    boxes = boxes_of(report)
    chash = str(wire["content_hash"])
    central = central_public(session)
    # A box already made stays as it is (a village's, relayed by its kecamatan; or one
    # sealed to a key central has since rotated away from, which central still opens).
    if central is not None and not boxes.get("central"):
        boxes["central"] = identity_box.seal(central, report.id, chash, wire["complainant"])
    kec = _kecamatan_key(session)
    if kec is not None and (boxes.get("kecamatan") or {}).get("fingerprint") != kec.fingerprint:
        secret = {"complainant": wire["complainant"],
                  "file_names": {a["id"]: a["file_name"] for a in wire["attachments"]}}
        box = seal(kec.encryption_public_key, pad_json(canonical_json(secret)),
                   identity_aad(report.id, chash))
        boxes["kecamatan"] = {"fingerprint": kec.fingerprint, "sealed": b64e(box)}
    report.delivery_boxes = json.dumps(boxes, sort_keys=True) if boxes else None
    return central is not None and "central" in boxes and (
        kec is None or "kecamatan" in boxes)


def seal_and_erase(session: Session, report: Report, wire: Mapping[str, Any], *,
                   fresh: bool = False) -> bool:
    """At finalising (inside its transaction): delivery copies, then the work copy goes
    when they are complete and the role key holds a sealed copy. True when erased.
    ``fresh``: the row was created in this very transaction, so no earlier value of it is
    in the file and secure_delete (which zeroes freed space) has nothing to erase."""
    if not seal_for(session, report, wire) or report.sealed_identity is None:
        return False
    # Nulled on the row and written by the finalising flush itself (one UPDATE), with
    # secure_delete on so the draft's earlier ciphertext leaves no bytes in freed space.
    for column in rolekeys.WORK_COLUMNS:
        setattr(report, column, None)
    if fresh:
        session.flush()
        return True
    session.execute(text("PRAGMA secure_delete=ON"))
    try:
        session.flush()
    finally:
        session.execute(text("PRAGMA secure_delete=OFF"))
    return True


def seal_pending(ws, actor) -> int:
    """After a recipient's key became known (enrolment, a sync, a kecamatan key import) or
    at login: seal delivery copies for undelivered reports this session can read (their
    work copy, or the role key's sealed copy in a holder's session) and erase the work
    copies that are no longer needed. Returns the number of reports whose work copy went."""
    from lapor_desktop.intake import to_wire

    erased: list[str] = []
    with ws.db.write() as s:
        todo = _pending_filter(s)
        if todo is None:
            return 0
        rows = s.scalars(select(Report).options(selectinload(Report.attachments)).where(
            Report.local_state.in_(UNDELIVERED), todo).order_by(Report.pk))
        for report in rows:
            readable = rolekeys.has_work_copy(report) or (
                getattr(actor.cipher, "identity_private", None)
                and report.sealed_identity is not None)
            if not readable:
                continue
            wire = to_wire(report, actor.cipher)
            if wire["content_hash"] != report.content_hash:
                log.warning("report %s: identity does not match its hash; left as it is",
                            report.id)
                continue
            if seal_for(s, report, wire) and rolekeys.has_work_copy(report) \
                    and report.sealed_identity is not None:
                erased.append(report.id)
        s.flush()
        if erased:
            rolekeys.erase_delivered(s, erased)
            audit.record(s, operator_id=actor.operator_id, action="work_copies_erased",
                         detail={"count": len(erased)})
    return len(erased)


def _pending_filter(session: Session) -> Any:
    """SQL for reports that lack a delivery copy for a known key, or still hold a work
    copy that a complete set of copies makes needless; None when no key is known."""
    central = central_public(session)
    kec = _kecamatan_key(session)
    boxes = func.coalesce(Report.delivery_boxes, "")
    lacking = []
    if central is not None:
        lacking.append(~boxes.contains('"central"'))
    if kec is not None:
        lacking.append(~boxes.contains(kec.fingerprint))
    if not lacking:
        return None
    return or_(*lacking, Report.enc_salt.is_not(None) & Report.sealed_identity.is_not(None))


def central_wire(report: Report, cipher) -> dict[str, Any] | None:
    """The wire report for central with the identity as a sealed box, built without
    reading the identity; None when the report has no central box (then it goes in clear,
    from its work copy, as before revision 0009)."""
    from lapor_desktop.intake import to_wire

    box = central_box(report)
    if box is None or not report.content_hash:
        return None
    wire = to_wire(report, cipher, identity=False)
    wire[identity_box.MEMBER] = box
    wire["content_hash"] = report.content_hash
    return wire
