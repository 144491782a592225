"""Audit-chain anchors at central: ``POST /api/v1/audit-anchor`` and the desk's warnings.

Every sync of a desktop sends its audit chain's head with proofs (its hash at the counts
of anchors it sent before). Central judges it against the device's last anchor with the
rule shared with the kecamatan (``lapor_protocol.anchors.judge``), keeps it, and answers its
last anchor for the device. A chain that no longer extends its last anchor (truncated,
rewritten, or unproven) flags the device; the desk shows the flag to kabupaten staff on the
queue and on the reports made on that device. The device comes from the token only.
See docs/sync-protocol.md ("Audit anchor").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from lapor_central import API_PREFIX
from lapor_central.db import Database, iso_utc, utcnow
from lapor_central.models import AuditAnchor, AuditAnchorPoint, Device
from lapor_central.service import DeviceAuth
from lapor_protocol.anchors import (
    MAX_COUNT,
    MAX_PROOFS,
    PROBLEM_LABELS,
    PROBLEMS,
    Anchor,
    AnchorError,
    Point,
    judge,
    parse_anchor,
)

HEX64 = r"^[0-9a-f]{64}$"


class AnchorProof(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=0, le=MAX_COUNT)
    hash: str = Field(pattern=HEX64)


class AnchorRequest(BaseModel):
    """The head of the device's audit chain and its proofs."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=0, le=MAX_COUNT, description="Number of events in the chain")
    head: str = Field(pattern=HEX64, description="Hash of the newest event")
    proofs: list[AnchorProof] = Field(default_factory=list, max_length=MAX_PROOFS,
                                      description="The device's hash at the counts of "
                                                  "anchors it sent before")


class AnchorPoint(BaseModel):
    count: int
    hash: str
    received_at: str


class AnchorResponse(BaseModel):
    result: str = Field(description="first | ok | old | truncated | diverged | unproven")
    anchor: AnchorPoint = Field(description="Central's last anchor for this device")
    problem: str | None = Field(None, description="Set once the device's chain failed to "
                                                  "extend its last anchor; stays set")


def _lock_device(s: Session, device_id: str) -> None:
    """Anchors of one device are judged one at a time (a row lock; SQLite writes are
    serialised by BEGIN IMMEDIATE already)."""
    s.execute(select(Device.id).where(Device.id == device_id).with_for_update())


def _add_points(s: Session, device_id: str, anchor: Anchor, now: datetime) -> None:
    for c, h in [(anchor.count, anchor.head), *anchor.proofs.items()]:
        row = s.get(AuditAnchorPoint, (device_id, c))
        if row is None:
            s.add(AuditAnchorPoint(device_id=device_id, count=c, hash=h, received_at=now))
        elif row.hash != h:  # the chain now says otherwise: keep what it says now
            row.hash, row.received_at = h, now


def receive(db: Database, device: DeviceAuth, anchor: Anchor) -> dict[str, Any]:
    """Judge and keep one anchor; the answer of the route."""
    now = utcnow()
    with db.write() as s:
        _lock_device(s, device.device_id)
        state = s.get(AuditAnchor, device.device_id)
        last = Point(state.count, state.hash) if state is not None else None
        # No ``known`` points: a device syncs one run at a time, so at central a head below
        # the last one is always a cut, never an older message arriving late.
        verdict = judge(last, anchor)
        if state is None:
            state = AuditAnchor(device_id=device.device_id)
            s.add(state)
        if verdict in PROBLEMS and last is not None:
            state.problem, state.problem_at = verdict, now
            state.problem_detail = (f"jangkar terakhir {last.count} catatan, diterima "
                                    f"{anchor.count} catatan")
        # The new head is the base from now on, also after a cut: the flag stays set, and
        # the next runs are judged against what the device holds now.
        state.region_code, state.count, state.hash, state.received_at = (
            device.region_code, anchor.count, anchor.head, now)
        s.flush()
        _add_points(s, device.device_id, anchor, now)
        return {"result": verdict,
                "anchor": {"count": state.count, "hash": state.hash,
                           "received_at": iso_utc(state.received_at)},
                "problem": state.problem}


def add_routes(app: FastAPI, central: Any, require_device: Any) -> None:
    from lapor_central.app import ERRORS, ApiError

    @app.post(f"{API_PREFIX}/audit-anchor", response_model=AnchorResponse, tags=["sync"],
              summary="Anchor the device's audit chain: its head and proofs",
              responses=ERRORS)
    def audit_anchor(body: AnchorRequest,
                     device: DeviceAuth = Depends(require_device)) -> dict[str, Any]:
        try:
            anchor = parse_anchor(body.model_dump())
        except AnchorError as exc:
            raise ApiError(422, "invalid_anchor", str(exc)) from None
        return receive(central.db, device, anchor)


# --------------------------------------------------------------------------- the desk

@dataclass(frozen=True)
class AnchorFlag:
    """A device whose audit chain no longer extends its last anchor."""

    device_id: str
    region_code: str
    problem: str
    since: datetime | None
    detail: str | None

    @property
    def label(self) -> str:
        return PROBLEM_LABELS.get(self.problem, self.problem)


def _flags(s: Session, *where: Any) -> list[AnchorFlag]:
    rows = s.scalars(select(AuditAnchor).where(AuditAnchor.problem.is_not(None), *where)
                     .order_by(AuditAnchor.region_code, AuditAnchor.device_id))
    return [AnchorFlag(r.device_id, r.region_code, r.problem or "", r.problem_at,
                       r.problem_detail) for r in rows]


def flagged(db: Database) -> list[AnchorFlag]:
    """Every flagged device (the queue's warning)."""
    with db.read() as s:
        return _flags(s)


def flag_for(db: Database, device_ids: list[str]) -> AnchorFlag | None:
    """The flag of the device a report was made or pushed on, if any (the report page)."""
    ids = [d for d in device_ids if d]
    if not ids:
        return None
    with db.read() as s:
        found = _flags(s, AuditAnchor.device_id.in_(ids))
    return found[0] if found else None


__all__ = ["AnchorFlag", "AnchorRequest", "AnchorResponse", "add_routes", "flag_for",
           "flagged", "receive"]
