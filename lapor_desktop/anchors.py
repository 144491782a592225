"""The audit chain anchored outside the laptop (desktop side).

A village sends its chain's head (``audit.head``) with every sync and every bundle, with
proofs: its current hash at the counts of the anchors it sent before
(``audit.hash_at``). Each head sent is recorded here first (``audit_anchor_point``), so the
next head can prove it extends it, whether the answer came back or not. Central's answer (its
last anchor for this device) is kept in ``audit_anchor``. ``audit verify`` checks the local
chain against these (:func:`check_local`).

A kecamatan judges the anchor of every bundle it imports (:func:`receive`) with the rule
shared with central (``lapor_protocol.anchors.judge``) and keeps each village's last anchor
and a warning when the chain no longer extends it (:func:`problems`).

Anything stored on the laptop can be changed by whoever holds it; the point of an anchor is
the copy held by central and the kecamatan. The local check catches the careless cut (rows
deleted with a database tool), not an attacker who also edits these tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_desktop import audit
from lapor_desktop.store.models import AuditAnchor, AuditAnchorPoint, utcnow_seconds
from lapor_protocol.anchors import (
    MAX_PROOFS,
    PROBLEM_LABELS,
    PROBLEMS,
    Anchor,
    AnchorError,
    Point,
    judge,
    moves_base,
    parse_anchor,
)

MANIFEST_KEY = "audit_anchor"  # the member of a bundle manifest that carries the head


@dataclass(frozen=True)
class LocalProblem:
    """The local chain does not reach or match an anchor that left the laptop."""

    count: int
    local_count: int
    message: str


@dataclass(frozen=True)
class VillageProblem:
    device_id: str
    region_code: str | None
    problem: str
    since: datetime | None
    detail: str | None

    @property
    def label(self) -> str:
        return PROBLEM_LABELS.get(self.problem, self.problem)


# ---------------------------------------------------------------------------- sending side

def current(session: Session, device_id: str) -> Anchor:
    """This chain's head with proofs at the counts of the anchors this device sent or had
    accepted (newest first, at most ``MAX_PROOFS``)."""
    count, head = audit.head(session)
    counts = set(session.scalars(
        select(AuditAnchorPoint.count).where(AuditAnchorPoint.device_id == device_id,
                                             AuditAnchorPoint.count < count)
        .order_by(AuditAnchorPoint.count.desc()).limit(MAX_PROOFS - 1)))
    accepted = session.get(AuditAnchor, device_id)
    if accepted is not None and accepted.count < count:
        counts.add(accepted.count)  # central's last anchor: always proved
    proofs = audit.hashes_at(session, sorted(counts, reverse=True)[:MAX_PROOFS])
    return Anchor(count, head, proofs)


def _add_points(session: Session, device_id: str, points: Iterable[tuple[int, str]],
                at: datetime, *, replace: bool) -> None:
    for c, h in points:
        row = session.get(AuditAnchorPoint, (device_id, c))
        if row is None:
            session.add(AuditAnchorPoint(device_id=device_id, count=c, hash=h, at=at))
        elif replace and row.hash != h:
            row.hash, row.at = h, at


def record_sent(session: Session, device_id: str, anchor: Anchor) -> None:
    """Remember a head about to leave the laptop (inside the caller's write unit). A point
    already recorded is kept as it was: a changed chain must not rewrite its own evidence."""
    _add_points(session, device_id, [(anchor.count, anchor.head)], utcnow_seconds(),
                replace=False)


def record_accepted(session: Session, device_id: str, region_code: str, point: Point,
                    verdict: str, received_at: datetime | None = None) -> None:
    """Central's answer: its last anchor for this device and its verdict."""
    now = utcnow_seconds()
    _add_points(session, device_id, [(point.count, point.hash)], now, replace=False)
    _set_state(session, device_id, region_code, point, verdict, received_at or now, "")


def check_local(session: Session, device_id: str) -> LocalProblem | None:
    """The first anchor of this device the local chain no longer reaches or matches: central's
    last answer and the highest head ever sent. None when the chain extends them all."""
    local_count = audit.count(session)
    todo: list[Point] = []
    state = session.get(AuditAnchor, device_id)
    if state is not None:
        todo.append(Point(state.count, state.hash))
    top = session.scalars(select(AuditAnchorPoint).where(AuditAnchorPoint.device_id == device_id)
                          .order_by(AuditAnchorPoint.count.desc()).limit(1)).first()
    if top is not None:
        todo.append(Point(top.count, top.hash))
    have = audit.hashes_at(session, [p.count for p in todo])
    for p in sorted(set(todo), key=lambda p: -p.count):
        if local_count < p.count:
            return LocalProblem(p.count, local_count, (
                f"Jejak audit RUSAK: hanya {local_count} catatan, padahal jangkar yang sudah "
                f"dikirim ke server/kecamatan mencatat {p.count}. Catatan telah dihapus."))
        if (have.get(p.count) if p.count else audit.GENESIS) != p.hash:
            return LocalProblem(p.count, local_count, (
                f"Jejak audit RUSAK: catatan ke-{p.count} tidak cocok dengan jangkar yang "
                "sudah dikirim ke server/kecamatan. Catatan telah diubah atau dihapus."))
    return None


def central_flag(session: Session, device_id: str) -> str | None:
    """Central's warning about this laptop's chain, as its last answer said (Indonesian)."""
    state = session.get(AuditAnchor, device_id)
    if state is None or state.problem not in PROBLEMS:
        return None
    since = state.problem_at.strftime("%Y-%m-%d") if state.problem_at else "-"
    return (f"Server pusat menandai jejak audit laptop ini sejak {since}: "
            f"{PROBLEM_LABELS[state.problem]}.")


# ---------------------------------------------------------------------------- receiving side

def parse_manifest_anchor(manifest: dict[str, Any]) -> Anchor | None:
    """The anchor a bundle manifest carries; None for a bundle of an older desktop."""
    doc = manifest.get(MANIFEST_KEY)
    return None if doc is None else parse_anchor(doc)


def _set_state(session: Session, device_id: str, region_code: str | None, point: Point,
               verdict: str, at: datetime, detail: str) -> None:
    state = session.get(AuditAnchor, device_id)
    if state is None:
        state = AuditAnchor(device_id=device_id)
        session.add(state)
    state.region_code, state.count, state.hash, state.received_at = (
        region_code, point.count, point.hash, at)
    if verdict in PROBLEMS:  # stays set: the break happened, later anchors do not undo it
        state.problem, state.problem_at, state.problem_detail = verdict, at, detail[:200]


def receive(session: Session, device_id: str, region_code: str | None,
            anchor: Anchor) -> str:
    """Judge a village's anchor against the last one held here, keep it; the verdict."""
    state = session.get(AuditAnchor, device_id)
    last = Point(state.count, state.hash) if state is not None else None

    def known(c: int) -> str | None:
        row = session.get(AuditAnchorPoint, (device_id, c))
        return row.hash if row is not None else None

    verdict = judge(last, anchor, known)
    now = utcnow_seconds()
    if moves_base(verdict):
        detail = "" if last is None else (f"jangkar terakhir {last.count} catatan, "
                                          f"diterima {anchor.count} catatan")
        _set_state(session, device_id, region_code, Point(anchor.count, anchor.head),
                   verdict, now, detail)
        _add_points(session, device_id,
                    [(anchor.count, anchor.head), *anchor.proofs.items()], now, replace=True)
    return verdict


def receive_bundle(ws: Any, manifest: dict[str, Any]) -> str | None:
    """The verdict on a verified bundle's anchor (recorded), or None without an anchor."""
    try:
        anchor = parse_manifest_anchor(manifest)
    except AnchorError:
        return None  # verify refused it already; a bundle imported before is not blocked
    if anchor is None:
        return None
    with ws.db.write() as s:
        return receive(s, manifest["device_id"], manifest.get("region_code"), anchor)


def problems(session: Session) -> list[VillageProblem]:
    """Devices whose chain no longer extends the last anchor held here."""
    rows = session.scalars(select(AuditAnchor).where(AuditAnchor.problem.is_not(None))
                           .order_by(AuditAnchor.region_code, AuditAnchor.device_id))
    return [VillageProblem(r.device_id, r.region_code, r.problem or "", r.problem_at,
                           r.problem_detail) for r in rows]


def verdict_message(verdict: str | None, region_code: str | None = None) -> str | None:
    """A warning for a problem verdict (Bahasa Indonesia); None when all is well."""
    if verdict not in PROBLEMS:
        return None
    where = f" desa {region_code}" if region_code else ""
    return (f"PERINGATAN: {PROBLEM_LABELS[verdict]} pada perangkat{where}. Laporan tetap "
            "diimpor; hubungi kepala desa dan periksa laptop desa ('lapor-desktop audit "
            "verify').")
