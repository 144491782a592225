"""Corrections: a new report that supersedes a finalised one, started in one transaction.

The original's identity is carried over inside the service and never handed to the caller,
so an ``operator`` (who may not see identities) can correct a report: identity fields left
empty keep the original values, filled ones replace them. Attachment files are copied
(decrypted and sealed again under the copy's own id) before the transaction and removed
again if it fails, so an interrupted start leaves neither a draft nor a file behind
(``upkeep.sweep`` removes what a crash leaves).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lapor_desktop import audit, rolekeys
from lapor_desktop.attachments import AttachmentError, StoredFile, store_stream
from lapor_desktop.intake import (
    IDENTITY_FIELDS,
    IDENTITY_HIDDEN,
    Finalised,
    ValidationFailed,
    _apply_content,
    _attachment_row,
    _freeze,
    _get,
    _new_row,
    exchange_data,
    file_name_of,
    validate,
)
from lapor_desktop.sealed_files import SealedFileError, files_key
from lapor_desktop.stored_files import open_plain
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError
from lapor_protocol.domain import LocalState, normalise_report

CHANGEABLE = {"kind", "title", "body", "incident_date", "region_code", "location_detail",
              "category", "agency", "privacy", "channel", "complainant"}


def merge(original: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The original content with ``changes`` applied; an empty identity field keeps the
    original value."""
    unknown = sorted(set(changes) - CHANGEABLE)
    if unknown:
        raise WorkspaceError("Isian tidak dapat dikoreksi: " + ", ".join(unknown)
                             + ". Lampiran laporan asal ikut disalin.")
    merged = {**original, **{k: v for k, v in changes.items() if k != "complainant"}}
    comp = dict(original.get("complainant") or {})
    new_comp = changes.get("complainant") or {}
    if not isinstance(new_comp, Mapping):
        raise WorkspaceError("complainant harus berupa objek JSON.")
    for name in IDENTITY_FIELDS:
        value = new_comp.get(name)
        if isinstance(value, str) and value.strip():
            comp[name] = value
    merged["complainant"] = comp
    return merged


def _original(ws: Workspace, actor: Actor, report_id: str):
    with ws.db.read() as s:
        old = _get(s, report_id)
        if old.local_state == LocalState.DRAF:
            raise WorkspaceError("Draf dapat diubah langsung; koreksi hanya untuk laporan final.")
        if old.superseded_by:
            raise WorkspaceError("Laporan ini sudah dikoreksi oleh laporan lain.")
        data = exchange_data(old, actor.cipher)
        files = [(a.id, a.stored_path, a.media_type, file_name_of(a, actor.cipher))
                 for a in old.attachments]
        carry = None
        if (old.sealed_identity is not None and not rolekeys.has_work_copy(old)
                and not rolekeys.sealed_fields(old, actor.cipher)):
            # This session cannot open the sealed identity: carry it over as it is, bound
            # to the report whose id it was sealed with.
            carry = (old.sealed_identity, old.identity_source or old.id)
    return data, files, carry


def _copy_attachment(ws: Workspace, key: bytes, new_id: str, att_id: str, stored_path: str,
                     media: str, name: str) -> StoredFile:
    """A sealed copy (new id, new file key) of a stored attachment, decrypted as it
    streams; the copy is already prepared, so the photo pipeline does not run again."""
    try:
        with open_plain(ws, key, att_id, stored_path) as src:
            return store_stream(src, name, media, ws.paths.root, ws.paths.attachments,
                                new_id, ws.settings.max_attachment_bytes, key=key,
                                prepare=False)
    except (AttachmentError, OSError, SealedFileError):
        raise WorkspaceError(
            f"Lampiran '{name}' laporan asal tidak dapat disalin (berkasnya hilang "
            "atau rusak). Koreksi tidak dibuat.") from None


def start(ws: Workspace, actor: Actor, report_id: str,
          changes: Mapping[str, Any] | None = None, *, finalise: bool = False) -> str:
    """Start (and with ``finalise`` also finalise) the correction of a finalised report,
    all in one transaction. Returns the new report's id."""
    data, files, carry = _original(ws, actor, report_id)
    merged = merge(data, changes or {})
    if finalise and carry is not None:
        raise WorkspaceError(IDENTITY_HIDDEN)
    if finalise:
        result = validate(ws, merged)
        if not result.ok:
            raise ValidationFailed(result)
    new_row = _new_row(ws, actor)
    new_id = new_row.id
    copies = []
    key = files_key(actor.data_key)
    try:
        for att_id, stored_path, media, name in files:
            copies.append(_copy_attachment(ws, key, new_id, att_id, stored_path, media, name))
        with ws.db.write() as s:
            old = _get(s, report_id)
            if old.superseded_by:
                raise WorkspaceError("Laporan ini sudah dikoreksi oleh laporan lain.")
            s.add(new_row)
            s.flush()
            audit.record(s, operator_id=actor.operator_id, action="create", report_id=new_id)
            new_row.supersedes = report_id
            old.superseded_by = new_id
            if carry is not None:
                new_row.sealed_identity, new_row.identity_source = carry
            _apply_content(new_row, merged, actor, draft=True)
            for f in copies:
                s.add(_attachment_row(actor, new_id, f))
            s.flush()
            audit.record(s, operator_id=actor.operator_id, action="correct",
                         report_id=new_id, detail={"supersedes": report_id})
            if finalise:
                _freeze(s, ws, actor, new_row, normalise_report(merged))
    except BaseException:
        for f in copies:
            (ws.paths.root / f.stored_path).unlink(missing_ok=True)
        raise
    return new_id


def correct(ws: Workspace, actor: Actor, report_id: str,
            changes: Mapping[str, Any]) -> Finalised:
    """Correct and finalise in one go (``lapor-desktop report correct``)."""
    new_id = start(ws, actor, report_id, changes, finalise=True)
    with ws.db.read() as s:
        row = _get(s, new_id)
        return Finalised(row.id, row.local_number, row.content_hash)
