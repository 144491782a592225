"""Use cases of intake: drafts, attachments, finalising (corrections: ``corrections``;
reading a report and the audited reveal: ``report_view``, re-exported here).

Every function takes the ``Workspace`` and the ``Actor`` (who is acting, with the unlocked
data key) and opens its own short unit of work. Callers get plain dataclasses, never live
ORM objects.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from lapor_desktop import audit, delivery, device, rolekeys, search
from lapor_desktop.attachments import AttachmentError, StoredFile, check_file, store_file
from lapor_desktop.report_view import (  # noqa: F401 - re-exported for callers of intake
    IDENTITY_FIELDS,
    REVEAL_REASONS,
    AttachmentView,
    Identity,
    ReportNotFound,
    ReportView,
    StatusEventView,
    file_name_of,
    get_report,
    mask_text,
    masked_identity,
    salt_of,
    seal_file_name,
)
from lapor_desktop.report_view import (
    get_row as _get,
)
from lapor_desktop.report_view import (
    identity_of as _identity,
)
from lapor_desktop.sealed_files import files_key
from lapor_desktop.store.models import Attachment, Counter, Outbox, Report, utcnow_seconds
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError
from lapor_protocol.domain import (
    DATE_RE,
    Channel,
    Issue,
    Kind,
    LocalState,
    ValidationResult,
    check_local_transition,
    normalise_report,
    validate_report,
)
from lapor_protocol.wire import content_hash

# Shown in an empty identity field of a correction: the original identity is carried over
# unseen unless the field is filled in.
CARRIED_HINT = "tetap seperti laporan asal kecuali diisi"
# A correction of a delivered report carries its identity sealed: only a role that may
# reveal identities can finalise it (the wire to central needs the identity).
IDENTITY_HIDDEN = ("Koreksi ini membawa identitas pelapor yang tersegel (laporan asal sudah "
                   "terkirim). Identitas hanya dapat dibuka kepala desa, kecamatan, atau "
                   "admin: minta salah satu dari mereka memfinalkan koreksi ini.")


class ValidationFailed(WorkspaceError):
    def __init__(self, result: ValidationResult, index: int | None = None):
        self.result = result
        self.index = index
        lines = [f"{i.field}: {i.message}" for i in result.errors]
        prefix = f"Laporan #{index}: " if index is not None else ""
        super().__init__(prefix + "; ".join(lines))


class ReportFrozen(WorkspaceError):
    pass


@dataclass(frozen=True)
class Finalised:
    id: str
    local_number: str
    content_hash: str


# ---------------------------------------------------------------------------- helpers

def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value)
    return value if value.strip() else None


def _apply_content(report: Report, data: Mapping[str, Any], actor: Actor, *, draft: bool,
                   keep_blank_identity: bool = False) -> None:
    """Copy exchange-format content into the row; identity encrypted under the data key and
    its phone/NIK put in the blind index. ``keep_blank_identity``: an empty identity field
    keeps what the row holds (a correction carries the original identity unseen)."""
    cipher = actor.cipher
    report.kind = str(data.get("kind") or Kind.PENGADUAN.value)
    report.title = str(data.get("title") or "") if draft else data["title"]
    report.body = str(data.get("body") or "")
    report.incident_date = _parse_date(data.get("incident_date"))
    report.region_code = str(data.get("region_code") or "")[:16]
    report.location_detail = _str_or_none(data.get("location_detail"))
    report.category = _str_or_none(data.get("category"))
    report.agency = _str_or_none(data.get("agency"))
    # A draft keeps "no choice yet" as empty: the privacy choice must be made explicitly.
    report.privacy = str(data.get("privacy") or "")[:16]
    report.channel = str(data.get("channel") or Channel.TATAP_MUKA.value)[:16]
    comp = data.get("complainant") or {}
    if not isinstance(comp, Mapping):
        comp = {}
    for name in IDENTITY_FIELDS:
        value = _str_or_none(comp.get(name))
        if value is None and keep_blank_identity:
            continue
        setattr(report, f"enc_{name}",
                cipher.encrypt(value, context=f"{report.id}:{name}"))
    report.updated_at = utcnow_seconds()
    session = object_session(report)
    if session is not None:
        session.flush()
        search.index_identity(
            session, actor, report.id,
            phone=cipher.decrypt(report.enc_phone, context=f"{report.id}:phone"),
            nik=cipher.decrypt(report.enc_nik, context=f"{report.id}:nik"))


def _content(report: Report) -> dict[str, Any]:
    return {
        "kind": report.kind, "title": report.title, "body": report.body,
        "incident_date": report.incident_date.isoformat() if report.incident_date else None,
        "region_code": report.region_code, "location_detail": report.location_detail,
        "category": report.category, "agency": report.agency, "privacy": report.privacy,
        "channel": report.channel,
    }


def exchange_data(report: Report, cipher) -> dict[str, Any]:
    """The report's content in the exchange format (identity decrypted)."""
    ident = _identity(report, cipher)
    return {**_content(report),
            "complainant": {n: getattr(ident, n) for n in IDENTITY_FIELDS}}


def to_wire(report: Report, cipher, *, identity: bool = True) -> dict[str, Any]:
    """The wire report of a finalised row (see ``lapor_protocol.wire``). ``identity=False``:
    without the ``complainant`` member and without reading it (the caller adds the sealed
    box, ``delivery.central_wire``); its ``content_hash`` is then not the report's."""
    if identity:
        data = exchange_data(report, cipher)
        salt = salt_of(report, cipher)
        if salt is not None:  # reports finalised before salts existed hash without one
            data["complainant"]["salt"] = salt
    else:
        data = _content(report)
    wire = {
        "id": report.id,
        "local_number": report.local_number,
        "supersedes": report.supersedes,
        **data,
        "attachments": [
            {"id": a.id, "file_name": file_name_of(a, cipher), "media_type": a.media_type,
             "size": a.size, "sha256": a.sha256}
            for a in sorted(report.attachments, key=lambda a: (a.created_at, a.id))
        ],
        "recorded_at": report.finalised_at.isoformat() if report.finalised_at else None,
        "origin": {"device_id": report.origin_device, "region_code": report.origin_region},
    }
    wire["content_hash"] = content_hash(wire)
    return wire


def new_salt() -> str:
    """The random value hashed with the identity (see ``domain.SALT_RE``)."""
    return secrets.token_hex(16)


def validate(ws: Workspace, data: Mapping[str, Any]) -> ValidationResult:
    cat = ws.catalog()
    return validate_report(data, category_exists=cat.has_category,
                           agency_exists=cat.has_agency, region_served=cat.serves_region)


def _next_local_number(session: Session, ws: Workspace, year: int) -> str:
    name = f"local_number:{year}"
    counter = session.get(Counter, name)
    if counter is None:
        counter = Counter(name=name, value=0)
        session.add(counter)
    counter.value += 1
    session.flush()
    return device.format_local_number(ws.region_code, device.device_code(ws, session), year,
                                      counter.value)


def _freeze(session: Session, ws: Workspace, actor: Actor, report: Report,
            normalised: Mapping[str, Any], *, fresh: bool = False) -> Finalised:
    check_local_transition(report.local_state, LocalState.SIAP_KIRIM)
    cipher = actor.cipher
    _apply_content(report, normalised, actor, draft=False)
    salt = new_salt()
    report.enc_salt = cipher.encrypt(salt, context=f"{report.id}:salt")
    if actor.identity_public is not None:
        # Sealed to the role key for reveal-capable roles; the work copy above goes once
        # the report is delivered (rolekeys.erase_delivered).
        comp = {**{n: getattr(_identity(report, cipher), n) for n in IDENTITY_FIELDS},
                "salt": salt}
        report.sealed_identity = rolekeys.seal_identity(actor.identity_public, report.id,
                                                        comp)
        report.identity_source = None
    if not report.agency:
        report.agency = ws.catalog().suggest_agency(report.category, report.region_code)
    now = utcnow_seconds()
    report.finalised_at = now
    # The year printed on the receipt is the office's calendar year, not UTC's.
    report.local_number = _next_local_number(session, ws, now.astimezone().year)
    report.local_state = LocalState.SIAP_KIRIM.value
    session.flush()
    session.refresh(report, ["attachments"])
    wire = to_wire(report, cipher)
    report.content_hash = wire["content_hash"]
    # Sealed to central (and the kecamatan); the work copy goes now when they are known.
    delivery.seal_and_erase(session, report, wire, fresh=fresh)
    session.add(Outbox(report_id=report.id, state="pending", attempts=0,
                       next_attempt_at=None, enqueued_at=now))
    audit.record(session, operator_id=actor.operator_id, action="finalise",
                 report_id=report.id, detail={"local_number": report.local_number})
    return Finalised(report.id, report.local_number, report.content_hash)


def _new_row(ws: Workspace, actor: Actor, report_id: str | None = None) -> Report:
    now = utcnow_seconds()
    return Report(id=report_id or str(uuid.uuid4()), kind=Kind.PENGADUAN.value,
                  local_state=LocalState.DRAF.value, recorded_by=actor.operator_id,
                  created_at=now, updated_at=now, origin_device=ws.device_id,
                  origin_region=ws.region_code, status_seen=True)


# ---------------------------------------------------------------------------- drafts

def _unstorable(data: Any) -> ValidationResult:
    """Errors for a draft that cannot be stored as given: not an object, or text holding
    lone surrogates (possible from JSON escapes), which UTF-8 cannot represent."""
    result = ValidationResult()
    if not isinstance(data, Mapping):
        result.error("", "type")
        return result

    def bad(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False

    for key, value in data.items():
        if key == "complainant" and isinstance(value, Mapping):
            for sub, inner in value.items():
                if bad(inner):
                    result.error(f"complainant.{sub}", "text.control")
        elif bad(value):
            result.error(str(key), "text.control")
    return result


def save_draft(ws: Workspace, actor: Actor, data: Mapping[str, Any],
               report_id: str | None = None) -> str:
    """Create or update a draft; content need not be valid yet. Returns the report id."""
    refused = _unstorable(data)
    if not refused.ok:
        raise ValidationFailed(refused)
    with ws.db.write() as s:
        if report_id is None:
            report = _new_row(ws, actor)
            s.add(report)
            s.flush()
            audit.record(s, operator_id=actor.operator_id, action="create",
                         report_id=report.id)
        else:
            report = _get(s, report_id)
            if report.local_state != LocalState.DRAF:
                raise ReportFrozen("Laporan yang sudah final tidak dapat diubah; buat koreksi.")
        _apply_content(report, data, actor, draft=True,
                       keep_blank_identity=report.supersedes is not None)
        return report.id


def draft_data(ws: Workspace, actor: Actor, report_id: str) -> dict[str, Any]:
    """A draft's content for the form. A correction's identity, carried over from the
    finalised original, is not handed out: its fields come back empty and
    ``identity_carried`` is True (an empty field keeps the original value)."""
    with ws.db.read() as s:
        report = _get(s, report_id)
        data = exchange_data(report, actor.cipher)
        if report.supersedes is not None:
            data["complainant"] = {n: None for n in IDENTITY_FIELDS}
            data["identity_carried"] = True
        return data


def with_carried_identity(ws: Workspace, actor: Actor, report_id: str | None,
                          data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with the empty identity fields of a correction filled from the stored
    draft, for validation only (never shown)."""
    merged = dict(data)
    if report_id is None:
        return merged
    with ws.db.read() as s:
        report = s.scalar(select(Report).where(Report.id == report_id))
        if report is None or report.supersedes is None:
            return merged
        stored = _identity(report, actor.cipher)
    comp = dict(data.get("complainant") or {})
    for name in IDENTITY_FIELDS:
        if not _str_or_none(comp.get(name)):
            comp[name] = getattr(stored, name)
    merged["complainant"] = comp
    return merged


def list_drafts(ws: Workspace) -> list[tuple[str, str, datetime]]:
    """(id, title, updated_at) of open drafts, newest first."""
    with ws.db.read() as s:
        rows = s.execute(select(Report.id, Report.title, Report.updated_at)
                         .where(Report.local_state == LocalState.DRAF.value)
                         .order_by(Report.updated_at.desc()))
        return [tuple(r) for r in rows]


def delete_draft(ws: Workspace, actor: Actor, report_id: str) -> None:
    with ws.db.write() as s:
        report = _get(s, report_id)
        if report.local_state != LocalState.DRAF:
            raise ReportFrozen("Hanya draf yang dapat dihapus.")
        paths = [ws.paths.root / a.stored_path for a in report.attachments]
        s.delete(report)
        audit.record(s, operator_id=actor.operator_id, action="delete_draft",
                     report_id=report_id)
    for p in paths:
        p.unlink(missing_ok=True)


def add_attachment(ws: Workspace, actor: Actor, report_id: str, src: Path) -> AttachmentView:
    with ws.db.read() as s:
        if _get(s, report_id).local_state != LocalState.DRAF:
            raise ReportFrozen("Lampiran hanya dapat ditambah pada draf.")
    stored = store_file(Path(src), ws.paths.root, ws.paths.attachments, report_id,
                        ws.settings.max_attachment_bytes, key=files_key(actor.data_key))
    try:
        with ws.db.write() as s:
            _get(s, report_id)
            s.add(_attachment_row(actor, report_id, stored))
    except BaseException:
        (ws.paths.root / stored.stored_path).unlink(missing_ok=True)
        raise
    return AttachmentView(stored.id, stored.file_name, stored.media_type, stored.size,
                          stored.sha256, ws.paths.root / stored.stored_path, False)


def _attachment_row(actor: Actor, report_id: str, stored: StoredFile) -> Attachment:
    """The row of a stored file; its original name sealed under the data key."""
    return Attachment(id=stored.id, report_id=report_id, file_name="",
                      enc_file_name=seal_file_name(actor.cipher, stored.id, stored.file_name),
                      media_type=stored.media_type, size=stored.size, sha256=stored.sha256,
                      stored_path=stored.stored_path, created_at=datetime.now(UTC))


def remove_attachment(ws: Workspace, actor: Actor, attachment_id: str) -> None:
    with ws.db.write() as s:
        att = s.get(Attachment, attachment_id)
        if att is None:
            return
        if att.report.local_state != LocalState.DRAF:
            raise ReportFrozen("Lampiran laporan final tidak dapat dihapus.")
        path = ws.paths.root / att.stored_path
        s.delete(att)
    path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- finalise

def finalise(ws: Workspace, actor: Actor, report_id: str) -> Finalised:
    """Validate, freeze, number and queue a draft, all in one transaction."""
    with ws.db.write() as s:
        report = _get(s, report_id)
        if report.local_state != LocalState.DRAF:
            raise ReportFrozen("Laporan ini sudah final.")
        if rolekeys.identity_hidden(report, actor.cipher):
            raise WorkspaceError(IDENTITY_HIDDEN)
        data = exchange_data(report, actor.cipher)
        result = validate(ws, data)
        if not result.ok:
            raise ValidationFailed(result)
        return _freeze(s, ws, actor, report, normalise_report(data))


def create_reports(ws: Workspace, actor: Actor,
                   items: Sequence[Mapping[str, Any]]) -> list[Finalised]:
    """Record and finalise several reports in the exchange format: all or nothing.

    Everything (fields, attachment files, types and sizes) is checked before anything is
    written; files are copied in before the single transaction and removed if it fails.
    """
    errors: list[tuple[int, ValidationResult]] = []
    for index, item in enumerate(items):
        result = validate(ws, item)
        if isinstance(item, Mapping) and isinstance(item.get("attachments"), list):
            for n, path in enumerate(item["attachments"]):
                if not isinstance(path, str):
                    continue
                try:
                    check_file(Path(path), ws.settings.max_attachment_bytes)
                except AttachmentError as exc:
                    result.errors.append(Issue(f"attachments[{n}]", "attachment", str(exc)))
        if not result.ok:
            errors.append((index, result))
    if errors:
        raise BatchValidationFailed(errors)

    stored: list[StoredFile] = []
    ids = [str(uuid.uuid4()) for _ in items]
    key = files_key(actor.data_key)
    try:
        files = _store_batch_files(ws, ids, items, stored, key)
        out = []
        with ws.db.write() as s:
            for rid, item, mine in zip(ids, items, files):
                report = _new_row(ws, actor, rid)
                s.add(report)
                s.flush()
                audit.record(s, operator_id=actor.operator_id, action="create", report_id=rid)
                for f in mine:
                    s.add(_attachment_row(actor, rid, f))
                s.flush()
                out.append(_freeze(s, ws, actor, report, normalise_report(item), fresh=True))
        return out
    except BaseException:
        for f in stored:
            (ws.paths.root / f.stored_path).unlink(missing_ok=True)
        raise


def _store_batch_files(ws: Workspace, ids: list[str], items: Sequence[Mapping[str, Any]],
                       stored: list[StoredFile], key: bytes) -> list[list[StoredFile]]:
    """Store every item's attachments (each appended to ``stored`` at once, so the caller
    can remove them all); a file refused only now (a photo that cannot be cleaned, or
    still too large once cleaned) fails the batch like a validation error."""
    files: list[list[StoredFile]] = []
    for index, (rid, item) in enumerate(zip(ids, items, strict=True)):
        mine: list[StoredFile] = []
        for n, p in enumerate(item.get("attachments") or []):
            try:
                f = store_file(Path(p), ws.paths.root, ws.paths.attachments, rid,
                               ws.settings.max_attachment_bytes, key=key)
            except AttachmentError as exc:
                result = ValidationResult()
                result.errors.append(Issue(f"attachments[{n}]", "attachment", str(exc)))
                raise BatchValidationFailed([(index, result)]) from None
            stored.append(f)
            mine.append(f)
        files.append(mine)
    return files


class BatchValidationFailed(WorkspaceError):
    def __init__(self, errors: list[tuple[int, ValidationResult]]):
        self.errors = errors
        lines = [f"[{i}] {e.field}: {e.message}" for i, r in errors for e in r.errors]
        super().__init__("\n".join(lines))


def start_correction(ws: Workspace, actor: Actor, report_id: str) -> str:
    """A new draft correcting a finalised report (see ``corrections.start``)."""
    from lapor_desktop import corrections

    return corrections.start(ws, actor, report_id)


# ---------------------------------------------------------------------------- reading

def mark_status_seen(ws: Workspace, report_id: str) -> None:
    with ws.db.write() as s:
        _get(s, report_id).status_seen = True


def record_export(ws: Workspace, actor: Actor, what: str, count: int) -> None:
    with ws.db.write() as s:
        audit.record(s, operator_id=actor.operator_id, action="export",
                     detail={"what": what, "count": count})
