"""Acknowledgements: the kecamatan signs what it received from a village (with central's
tracking ids once known); the village verifies it and marks its reports."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select

from lapor_desktop import audit, rolekeys
from lapor_desktop import kecamatan as kec
from lapor_desktop.bundles.format import (
    ACK_FORMAT,
    ACK_FORMAT_VERSION,
    ACK_MAX,
    KECAMATAN_EVENT,
    KECAMATAN_STATUS,
    AckImportResult,
    AckResult,
    BundleError,
    NothingToExport,
    not_regular,
)
from lapor_desktop.fsutil import FileTooLarge, NotRegularFile, atomic_write_bytes, open_regular
from lapor_desktop.security import b64d, b64e
from lapor_desktop.store.models import Outbox, Report, StatusEvent, utcnow_seconds
from lapor_desktop.workspace import Actor, Workspace
from lapor_protocol.domain import LocalState
from lapor_protocol.wire import canonical_json


def villages(ws: Workspace) -> list[str]:
    """Villages this kecamatan holds bundled reports from."""
    with ws.db.read() as s:
        return list(s.scalars(select(Report.origin_region).distinct()
                              .where(Report.origin_region.is_not(None),
                                     Report.origin_region != ws.region_code)
                              .order_by(Report.origin_region)))


def write_ack(ws: Workspace, actor: Actor, target: Path, village_region: str) -> AckResult:
    """A signed acknowledgement for one village: every report received from it, with its
    tracking id and central status once known."""
    if not ws.is_kecamatan:
        raise BundleError("Tanda terima hanya dibuat di instalasi kecamatan.")
    if not kec.within(village_region, ws.region_code):
        raise BundleError(f"Desa {village_region} bukan wilayah kecamatan {ws.region_code}.")
    key = kec.own_key(ws, actor)
    items = []
    with ws.db.read() as s:
        rows = s.execute(select(Report.id, Report.content_hash, Report.local_number,
                                Report.tracking_id, Report.remote_status,
                                Report.remote_status_at, Report.received_at,
                                Report.created_at)
                         .where(Report.origin_region == village_region,
                                Report.local_state != LocalState.DRAF.value)
                         .order_by(Report.local_number))
        for r in rows:
            items.append({
                "id": r.id, "content_hash": r.content_hash, "local_number": r.local_number,
                "tracking_id": r.tracking_id, "remote_status": r.remote_status,
                "remote_status_at": r.remote_status_at.isoformat() if r.remote_status_at
                else None,
                "received_at": r.received_at.isoformat() if r.received_at else None,
                "kecamatan_at": r.created_at.isoformat() if r.created_at else None,
            })
    if not items:
        raise NothingToExport(f"Belum ada laporan dari desa {village_region} di kecamatan ini.")
    ack_id = str(uuid.uuid4())
    doc = {
        "format": ACK_FORMAT, "format_version": ACK_FORMAT_VERSION, "ack_id": ack_id,
        "created_at": utcnow_seconds().isoformat(),
        "kecamatan": {"region_code": ws.region_code, "device_id": ws.device_id,
                      "fingerprint": key.fingerprint},
        "village_region": village_region, "reports": items,
    }
    signer = Ed25519PrivateKey.from_private_bytes(ws.signing_key(actor))
    body = canonical_json(doc)
    data = canonical_json({"ack": doc, "signature": b64e(signer.sign(body))})
    atomic_write_bytes(Path(target), data)
    with_tracking = sum(1 for i in items if i["tracking_id"])
    with ws.db.write() as s:
        audit.record(s, operator_id=actor.operator_id, action="bundle_ack",
                     detail={"ack": ack_id, "village": village_region, "reports": len(items),
                             "with_tracking": with_tracking})
    return AckResult(Path(target), ack_id, village_region, len(items), with_tracking)


def _read_ack(ws: Workspace, path: Path) -> dict:
    if ws.is_kecamatan:
        raise BundleError("Tanda terima kecamatan hanya diimpor di instalasi desa.")
    key = kec.installed_key(ws)
    if key is None:
        raise BundleError("Kunci kecamatan belum diimpor: tanda terima tidak dapat diperiksa.")
    try:
        with open_regular(path, max_bytes=ACK_MAX) as fh:
            raw = fh.read(ACK_MAX + 1)
    except NotRegularFile:
        raise not_regular(path) from None
    except FileTooLarge:
        raise BundleError("Berkas ini terlalu besar untuk sebuah tanda terima kecamatan: "
                          "bukan tanda terima.") from None
    except OSError as exc:
        raise BundleError(f"Berkas tanda terima tidak dapat dibaca: "
                          f"{exc.strerror or exc}") from None
    try:
        outer = json.loads(raw.decode("utf-8"))
        doc, sig = outer["ack"], b64d(outer["signature"])
        if not isinstance(doc, dict) or set(outer) != {"ack", "signature"}:
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise BundleError("Berkas tanda terima rusak atau terpotong.") from None
    if doc.get("format") != ACK_FORMAT:
        raise BundleError("Berkas ini bukan tanda terima kecamatan LAPOR Desktop.")
    version = doc.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BundleError("Versi format tanda terima tidak sah.")
    if version > ACK_FORMAT_VERSION:
        raise BundleError(f"Tanda terima memakai format versi {version} yang lebih baru; "
                          "perbarui LAPOR Desktop.")
    try:
        Ed25519PublicKey.from_public_bytes(key.signing_public_key).verify(
            sig, canonical_json(doc))
    except (InvalidSignature, ValueError):
        raise BundleError("Tanda tangan tanda terima tidak sah: bukan dari kecamatan yang "
                          "kuncinya diimpor, atau berkas telah diubah.") from None
    if not isinstance(doc.get("kecamatan"), dict) \
            or doc["kecamatan"].get("fingerprint") != key.fingerprint:
        raise BundleError("Tanda terima dibuat dengan kunci kecamatan lain.")
    if doc.get("village_region") != ws.region_code:
        raise BundleError(f"Tanda terima ini untuk desa {str(doc.get('village_region'))[:20]}, "
                          f"bukan desa ini ({ws.region_code}).")
    if not isinstance(doc.get("reports"), list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) for i in doc["reports"]):
        raise BundleError("Daftar laporan dalam tanda terima rusak.")
    return doc


def _parse_time(value: Any, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            t = datetime.fromisoformat(value)
            return t if t.tzinfo else t.replace(tzinfo=UTC)
        except ValueError:
            pass
    return default


def import_ack(ws: Workspace, actor: Actor, path: Path) -> AckImportResult:
    """Mark the village's reports as received by the kecamatan, and delivered (terkirim, with
    tracking id and a timeline entry) where central's tracking id is known. Idempotent."""
    doc = _read_ack(ws, Path(path))
    created = _parse_time(doc.get("created_at"), utcnow_seconds())
    acknowledged = delivered = unknown = events = 0
    with ws.db.write() as s:
        for item in doc["reports"]:
            report = s.scalar(select(Report).where(Report.id == item["id"]))
            if report is None or report.content_hash != item.get("content_hash"):
                unknown += 1
                continue
            acknowledged += 1
            # The kecamatan holds the identity now: only the sealed copy stays here.
            rolekeys.erase_delivered(s, [report.id])
            existing = set(s.scalars(select(StatusEvent.remote_event_id)
                                     .where(StatusEvent.report_id == report.id)))
            if KECAMATAN_EVENT + report.id not in existing:
                s.add(StatusEvent(report_id=report.id,
                                  remote_event_id=KECAMATAN_EVENT + report.id,
                                  status=KECAMATAN_STATUS,
                                  at=_parse_time(item.get("kecamatan_at"), created),
                                  source="bundle",
                                  note="Diterima kantor kecamatan lewat bundel USB."))
                events += 1
            tracking = item.get("tracking_id")
            status = item.get("remote_status")
            if not isinstance(tracking, str) or not tracking:
                continue
            status_at = _parse_time(item.get("remote_status_at"), created)
            if report.local_state == LocalState.SIAP_KIRIM.value:
                report.local_state = LocalState.TERKIRIM.value
                report.tracking_id = tracking[:32]
                report.received_at = _parse_time(item.get("received_at"), status_at)
                outbox = s.get(Outbox, report.id)
                if outbox is not None:
                    outbox.state = "done"
                    outbox.last_error = None
                delivered += 1
            if isinstance(status, str) and status and report.remote_status is None:
                report.remote_status = status[:20]
                report.remote_status_at = status_at
                report.status_seen = False
            if isinstance(status, str) and status:
                event_id = f"bundle:{status[:20]}:{report.id}"
                if event_id not in existing:
                    s.add(StatusEvent(report_id=report.id, remote_event_id=event_id,
                                      status=status[:20], at=status_at, source="bundle",
                                      note=f"Nomor pelacakan {tracking[:32]} (tanda terima "
                                           "kecamatan)."))
                    events += 1
        audit.record(s, operator_id=actor.operator_id, action="bundle_ack_import",
                     detail={"ack": str(doc.get("ack_id"))[:36], "acknowledged": acknowledged,
                             "delivered": delivered, "unknown": unknown})
    return AckImportResult(str(doc.get("ack_id")), acknowledged, delivered, unknown, events)
