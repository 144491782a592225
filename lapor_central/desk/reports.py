"""One report as the desk shows it, the identity rule, and the lifecycle actions.

Actions go through :func:`lapor_central.service.advance`, so each one is a status event
that reaches the village on its next sync (directly or through the kecamatan relay),
note included. The lifecycle (``lapor_protocol.domain``) decides which actions are offered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from lapor_central import service
from lapor_central.db import Database
from lapor_central.desk.audit import record
from lapor_central.desk.models import DeskQueue
from lapor_central.desk.queue import catch_up, visible
from lapor_central.desk.staff import StaffInfo
from lapor_central.models import Attachment, Report, StatusEvent
from lapor_protocol.domain import Privacy, RemoteStatus, can_transition_remote

NOTE_MAX = 2000
REASON_MIN = 10
IDENTITY_FIELDS = (("name", "Nama"), ("nik", "NIK"), ("phone", "Telepon"),
                   ("email", "Surel"), ("address", "Alamat"))
INLINE_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    target: RemoteStatus
    note_required: bool
    kabupaten_only: bool = False
    needs_agency: bool = False


ACTIONS: tuple[Action, ...] = (
    Action("verifikasi", "Verifikasi", RemoteStatus.TERVERIFIKASI, False, kabupaten_only=True),
    Action("teruskan", "Teruskan ke instansi lain", RemoteStatus.DITERUSKAN, True,
           needs_agency=True),
    Action("tindak_lanjut", "Tindak lanjut", RemoteStatus.DITINDAKLANJUTI, True),
    Action("tunda", "Tunda", RemoteStatus.DITUNDA, True),
    Action("bukan_wewenang", "Bukan wewenang", RemoteStatus.BUKAN_WEWENANG, True),
    Action("selesai", "Selesai", RemoteStatus.SELESAI, False),
    Action("arsipkan", "Arsipkan", RemoteStatus.DIARSIPKAN, True, kabupaten_only=True),
)
ACTIONS_BY_KEY = {a.key: a for a in ACTIONS}


class ActionRefused(ValueError):
    """An action the rules do not allow, with a message for the page (Indonesian)."""


def offered(staff: StaffInfo, status: str) -> list[Action]:
    return [a for a in ACTIONS if can_transition_remote(status, a.target)
            and (staff.is_kabupaten or not a.kabupaten_only)]


@dataclass
class ReportView:
    report: Report
    data: dict[str, Any]
    attachments: list[Attachment]
    events: list[StatusEvent]
    due: date | None
    actions: list[Action]
    identity: list[tuple[str, str]] | None = None
    identity_hidden: bool = False
    can_reveal: bool = False


def load(db: Database, staff: StaffInfo, report_id: str, *,
         reveal_reason: str | None = None) -> ReportView | None:
    """The report if ``staff`` may open it (None otherwise: the page answers 404)."""
    if not visible(db, staff, report_id):
        return None
    with db.read() as s:
        rep = s.get(Report, report_id)
        atts = list(s.scalars(select(Attachment).where(Attachment.report_id == report_id)
                              .order_by(Attachment.file_name, Attachment.id)))
        events = list(s.scalars(select(StatusEvent).where(StatusEvent.report_id == report_id)
                                .order_by(StatusEvent.seq)))
        due = s.scalar(select(DeskQueue.due).where(DeskQueue.report_id == report_id))
    data = json.loads(rep.wire_json)
    view = ReportView(rep, data, atts, events, due, offered(staff, rep.status))
    _apply_identity_rule(db, staff, view, reveal_reason)
    return view


def _apply_identity_rule(db: Database, staff: StaffInfo, view: ReportView,
                         reveal_reason: str | None) -> None:
    comp = view.data.get("complainant") or {}
    shown = [(label, str(comp[k])) for k, label in IDENTITY_FIELDS if comp.get(k)]
    if view.report.privacy == Privacy.PUBLIK:
        view.identity = shown
        return
    view.identity_hidden = True
    view.can_reveal = staff.is_kabupaten
    if staff.is_kabupaten and reveal_reason is not None:
        with db.write() as s:
            record(s, staff.id, staff.username, "identity.reveal", report_id=view.report.id,
                   detail=reveal_reason)
        view.identity = shown
        view.identity_hidden = False


def check_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if len(text) < REASON_MIN:
        raise ActionRefused(f"Tuliskan alasan membuka identitas (paling sedikit {REASON_MIN} "
                            "karakter).")
    return text[:NOTE_MAX]


def _clean_note(note: str | None) -> str | None:
    text = "".join(ch for ch in (note or "") if ch in "\n\t" or ch.isprintable()).strip()
    if len(text) > NOTE_MAX:
        raise ActionRefused(f"Catatan paling banyak {NOTE_MAX} karakter (sekarang {len(text)}).")
    return text or None


def perform(db: Database, staff: StaffInfo, report_id: str, key: str, note: str | None,
            agency: str | None, agencies: dict[str, str],
            seen: str | None = None) -> dict[str, Any]:
    """Run one desk action; raises LookupError (404) or :class:`ActionRefused`.

    ``seen``: the status the page showed when the action was chosen (the form sends it
    back). The step is taken only from that status, checked under the report's row lock,
    so of several people acting on one report at once exactly one gets through.
    """
    if not visible(db, staff, report_id):
        raise LookupError(report_id)
    action = ACTIONS_BY_KEY.get(key)
    with db.read() as s:
        rep = s.get(Report, report_id)
    if seen is not None and seen != rep.status:
        raise ActionRefused("Status laporan sudah diubah orang lain sejak halaman ini dibuka; "
                            "periksa lagi sebelum bertindak.")
    if action is None or action not in offered(staff, rep.status):
        raise ActionRefused("Tindakan ini tidak tersedia untuk status laporan sekarang.")
    note = _clean_note(note)
    if action.note_required and not note:
        raise ActionRefused(f"Catatan wajib diisi untuk tindakan “{action.label}”.")
    target_agency = None
    if action.needs_agency:
        if not agency or agency not in agencies:
            raise ActionRefused("Pilih instansi tujuan dari daftar.")
        target_agency = agency
    try:
        event = service.advance(db, rep.tracking_id, action.target.value, note=note,
                                agency=target_agency, expect=rep.status)
    except service.NotFound:
        raise LookupError(report_id) from None
    except ValueError as exc:  # a concurrent change made the step illegal
        raise ActionRefused(str(exc)) from None
    with db.write() as s:
        detail = f"{rep.status} -> {action.target.value}"
        if target_agency:
            detail += f"; instansi {target_agency}"
        record(s, staff.id, staff.username, f"report.{action.key}", report_id=report_id,
               detail=detail)
    catch_up(db)
    return event
