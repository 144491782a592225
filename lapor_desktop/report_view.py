"""Reading a report: plain views, masked identity, and the audited reveal.

A finalised report's identity (name, NIK, phone, email, address) is shown only through
``get_report(..., reveal=True, reason=...)``: to the roles in
``ROLES_REVEAL_IDENTITY``, with a reason from ``REVEAL_REASONS`` (plus optional free text),
and each reveal is written to the audit log with that reason. Attachment file names are
sealed under the data key like identities and opened here, for the same roles only: others
see a neutral name ("Lampiran 1 (foto JPEG, 120 KB)"). ``AttachmentView.path`` is the
sealed file; ``stored_files`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_desktop import audit, rolekeys
from lapor_desktop.store.models import Attachment, Report, StatusEvent
from lapor_desktop.workspace import Actor, PermissionDenied, Workspace, WorkspaceError
from lapor_protocol.domain import has_control

IDENTITY_FIELDS = ("name", "nik", "phone", "email", "address")
# Why an identity is opened: code -> label (Bahasa Indonesia). "lainnya" needs free text.
REVEAL_REASONS = {
    "tindak_lanjut": "Menindaklanjuti laporan (menghubungi pelapor)",
    "verifikasi": "Memverifikasi identitas pelapor yang datang",
    "permintaan_pelapor": "Atas permintaan pelapor sendiri",
    "permintaan_resmi": "Permintaan resmi instansi berwenang",
    "cetak_tanda_terima": "Mencetak ulang tanda terima",
    "lainnya": "Alasan lain (tulis keterangan)",
}
REASON_NOTE_MAX = 200
NO_GRANT = ("Kunci untuk membuka identitas belum diberikan ke akun Anda. Minta admin atau "
            "kepala desa masuk ke aplikasi sekali, lalu coba lagi.")


class ReportNotFound(WorkspaceError):
    pass


@dataclass(frozen=True)
class Identity:
    name: str | None = None
    nik: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class AttachmentView:
    id: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    path: Path
    uploaded: bool


@dataclass(frozen=True)
class StatusEventView:
    status: str
    note: str | None
    agency: str | None
    at: datetime
    source: str


@dataclass(frozen=True)
class ReportView:
    id: str
    local_number: str | None
    kind: str
    title: str
    body: str
    incident_date: str | None
    region_code: str
    location_detail: str | None
    category: str | None
    agency: str | None
    privacy: str
    channel: str
    local_state: str
    remote_status: str | None
    tracking_id: str | None
    created_at: datetime
    finalised_at: datetime | None
    received_at: datetime | None
    content_hash: str | None
    supersedes: str | None
    superseded_by: str | None
    sync_error: str | None
    status_seen: bool
    origin_region: str | None
    identity: Identity
    identity_revealed: bool
    attachments: tuple[AttachmentView, ...] = ()
    timeline: tuple[StatusEventView, ...] = ()


def get_row(session: Session, report_id: str) -> Report:
    report = session.scalar(select(Report).where(Report.id == report_id))
    if report is None:
        raise ReportNotFound("Laporan tidak ditemukan.")
    return report


def identity_of(report: Report, cipher) -> Identity:
    """The identity this session can read: the work copy under the data key (drafts and
    reports not yet delivered) over the sealed identity, which only a session holding the
    role key opens. An operator gets nothing for a delivered report."""
    # The box is opened only when the work copy cannot answer (erased, or a correction's
    # carried identity): finalising and sync stay free of X25519 work.
    carried = report.identity_source is not None
    sealed = (rolekeys.sealed_fields(report, cipher)
              if carried or not rolekeys.has_work_copy(report) else {})
    values = {}
    for name in IDENTITY_FIELDS:
        work = cipher.decrypt(getattr(report, f"enc_{name}"), context=f"{report.id}:{name}")
        values[name] = work if work is not None else sealed.get(name)
    return Identity(**values)


def salt_of(report: Report, cipher) -> str | None:
    """The identity's salt (work copy, else sealed), as ``identity_of``."""
    if rolekeys.has_work_copy(report):
        return cipher.decrypt(report.enc_salt, context=f"{report.id}:salt")
    return rolekeys.sealed_fields(report, cipher).get("salt")


def seal_file_name(cipher, attachment_id: str, name: str) -> bytes:
    return cipher.encrypt(name, context=f"{attachment_id}:file_name")


def file_name_of(att: Attachment, cipher) -> str:
    """The original file name of an attachment (sealed since revision 0003)."""
    if att.enc_file_name is not None and cipher is not None:
        return cipher.decrypt(att.enc_file_name, context=f"{att.id}:file_name") or ""
    return att.file_name or "lampiran"


# What a neutral attachment name says about the file's type (Bahasa Indonesia).
MEDIA_LABELS = {
    "image/jpeg": "foto JPEG", "image/png": "foto PNG", "image/gif": "gambar GIF",
    "image/webp": "foto WebP", "image/heic": "foto HEIC", "image/bmp": "gambar BMP",
    "image/tiff": "gambar TIFF", "application/pdf": "PDF",
    "application/msword": "dokumen Word", "application/rtf": "dokumen RTF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "dokumen Word",
    "application/vnd.ms-excel": "lembar Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "lembar Excel",
    "application/vnd.ms-powerpoint": "presentasi PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        "presentasi PowerPoint",
    "application/vnd.oasis.opendocument.text": "dokumen OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "lembar OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "presentasi OpenDocument",
}


def neutral_name(number: int, media_type: str, size: int) -> str:
    """What a role that may not reveal sees instead of the original file name (which can
    name the citizen): "Lampiran 1 (foto JPEG, 120 KB)"."""
    from lapor_desktop.attachments import human_size

    label = MEDIA_LABELS.get(media_type, "berkas")
    return f"Lampiran {number} ({label}, {human_size(size)})"


def shown_file_name(att: Attachment, number: int, actor: Actor | None) -> str:
    """The original name for the roles that may reveal, else the neutral name."""
    if actor is not None and actor.may_reveal_identity:
        return file_name_of(att, actor.cipher)
    return neutral_name(number, att.media_type, att.size)


def mask_text(value: str | None, keep_start: int = 1, keep_end: int = 0) -> str | None:
    if not value:
        return value
    words = []
    for word in value.split():
        if len(word) <= keep_start + keep_end:
            words.append(word[:1] + "*" * (len(word) - 1))
        else:
            words.append(word[:keep_start] + "*" * (len(word) - keep_start - keep_end)
                         + (word[-keep_end:] if keep_end else ""))
    return " ".join(words)


def masked_identity(ident: Identity) -> Identity:
    return Identity(
        name=mask_text(ident.name),
        nik=(ident.nik[:4] + "*" * 8 + ident.nik[-4:]) if ident.nik and len(ident.nik) == 16
        else mask_text(ident.nik),
        phone=(ident.phone[:5] + "*" * max(0, len(ident.phone) - 8) + ident.phone[-3:])
        if ident.phone and len(ident.phone) > 8 else mask_text(ident.phone),
        email=mask_text(ident.email, 1, 4),
        address=mask_text(ident.address),
    )


def check_reason(reason: str | None, note: str | None = None) -> dict:
    """The audited form of a reveal reason, or WorkspaceError saying what is missing."""
    if reason not in REVEAL_REASONS:
        raise WorkspaceError("Pilih alasan membuka identitas pelapor.")
    note = (note or "").strip()
    if reason == "lainnya" and not note:
        raise WorkspaceError("Tuliskan keterangan alasan membuka identitas.")
    if len(note) > REASON_NOTE_MAX or has_control(note):
        raise WorkspaceError(f"Keterangan alasan satu baris, paling banyak {REASON_NOTE_MAX} "
                             "karakter.")
    return {"reason": reason, **({"note": note} if note else {})}


def get_report(ws: Workspace, actor: Actor | None, report_id: str, *,
               reveal: bool = False, reason: str | None = None,
               note: str | None = None) -> ReportView:
    """A report with its identity masked, or in the clear when ``reveal`` is asked, with a
    reason, by a role that may see it (the reveal and its reason are audited)."""
    if reveal and (actor is None or not actor.may_reveal_identity):
        raise PermissionDenied("Peran Anda tidak berwenang melihat identitas pelapor.")
    if reveal:
        detail = check_reason(reason, note)
        with ws.db.write() as s:
            row = get_row(s, report_id)
            if (row.sealed_identity is not None and actor.identity_private is None
                    and (row.identity_source or not rolekeys.has_work_copy(row))):
                # A reveal-capable role whose grant has not arrived yet: say so rather
                # than show empty fields.
                raise PermissionDenied(NO_GRANT)
            audit.record(s, operator_id=actor.operator_id, action="reveal_identity",
                         report_id=report_id, detail=detail)
    with ws.db.read() as s:
        r = get_row(s, report_id)
        cipher = actor.cipher if actor is not None else None
        if cipher is not None:
            ident = identity_of(r, cipher)
            shown = ident if reveal else masked_identity(ident)
        else:
            shown = Identity()
        events = s.scalars(select(StatusEvent).where(StatusEvent.report_id == report_id)
                           .order_by(StatusEvent.at, StatusEvent.id))
        return ReportView(
            id=r.id, local_number=r.local_number, kind=r.kind, title=r.title, body=r.body,
            incident_date=r.incident_date.isoformat() if r.incident_date else None,
            region_code=r.region_code, location_detail=r.location_detail,
            category=r.category, agency=r.agency, privacy=r.privacy, channel=r.channel,
            local_state=r.local_state, remote_status=r.remote_status,
            tracking_id=r.tracking_id, created_at=r.created_at, finalised_at=r.finalised_at,
            received_at=r.received_at, content_hash=r.content_hash, supersedes=r.supersedes,
            superseded_by=r.superseded_by, sync_error=r.sync_error,
            status_seen=r.status_seen, origin_region=r.origin_region,
            identity=shown, identity_revealed=reveal,
            attachments=tuple(AttachmentView(a.id, shown_file_name(a, n, actor), a.media_type,
                                             a.size, a.sha256, ws.paths.root / a.stored_path,
                                             a.uploaded)
                              for n, a in enumerate(r.attachments, 1)),
            timeline=tuple(StatusEventView(e.status, e.note, e.agency, e.at, e.source)
                           for e in events),
        )
