"""Village side: write every finalised, unacknowledged report to one signed bundle file."""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lapor_desktop import anchors, audit, delivery, device, stored_files
from lapor_desktop import kecamatan as kec
from lapor_desktop.bundles.format import (
    ATTACHMENT_PREFIX,
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    KECAMATAN_EVENT,
    MANIFEST,
    REPORTS,
    SIGNATURE,
    BundleError,
    ExportResult,
    NothingToExport,
    Progress,
    chunks,
    zip_entry,
)
from lapor_desktop.bundles.seal import SEAL_ALG, files_key_aad, identity_aad, pad_json, seal
from lapor_desktop.fsutil import CHUNK, fsync_dir
from lapor_desktop.intake import to_wire
from lapor_desktop.sealed_files import SealedFileError, SealingWriter
from lapor_desktop.security import b64e
from lapor_desktop.store.models import Report, StatusEvent, utcnow_seconds
from lapor_desktop.workspace import Actor, Workspace
from lapor_protocol import identity_box
from lapor_protocol.domain import LocalState
from lapor_protocol.wire import canonical_json

FileEntry = tuple[str, str, int, str]  # (attachment id, stored path, size, sha256)


class _HashingOut:
    """Passes writes on to a ZIP member, hashing and counting what goes in."""

    def __init__(self, out: IO[bytes]):
        self._out, self.digest, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self._out.write(data)


def pending_ids(ws: Workspace) -> list[str]:
    """Finalised reports not yet acknowledged by the kecamatan, oldest first."""
    acked = select(StatusEvent.report_id).where(
        StatusEvent.remote_event_id.like(KECAMATAN_EVENT + "%"))
    with ws.db.read() as s:
        return list(s.scalars(
            select(Report.id).where(Report.local_state == LocalState.SIAP_KIRIM.value,
                                    Report.id.not_in(acked))
            .order_by(Report.finalised_at, Report.pk)))


def export_bundle(ws: Workspace, actor: Actor, target: Path, *,
                  progress: Progress | None = None) -> ExportResult:
    """Write every finalised, unacknowledged report (with attachments) to ``target``.

    Written to a temporary name next to the target and renamed only when complete.
    Memory stays bounded: reports are read in batches and files are streamed.
    """
    if ws.is_kecamatan:
        raise BundleError("Instalasi kecamatan tidak mengekspor bundel desa; gunakan "
                          "'bundle ack' untuk tanda terima.")
    key = kec.installed_key(ws)
    if key is None:
        raise BundleError("Kunci kecamatan belum diimpor. Impor dulu berkas kunci kecamatan "
                          "(lapor-desktop kecamatan-key import BERKAS).")
    ids = pending_ids(ws)
    if not ids:
        raise NothingToExport("Tidak ada laporan final yang belum diterima kecamatan.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    signer = Ed25519PrivateKey.from_private_bytes(ws.signing_key(actor))
    bundle_id = str(uuid.uuid4())
    # Attachment members are sealed under a key of this bundle alone, sealed in turn to
    # the kecamatan: a lost stick reveals no attachment either.
    bundle_key = os.urandom(32)
    files: list[FileEntry] = []
    # The audit chain's head goes into the signed manifest; recorded as sent first, so the
    # next bundle or sync proves it extends it even if this file never arrives.
    with ws.db.write() as s:
        anchor = anchors.current(s, ws.device_id)
        anchors.record_sent(s, ws.device_id, anchor)
    try:
        with open(tmp, "wb") as fh:
            with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
                entries = [_write_reports(ws, actor, key, zf, ids, files, progress)]
                entries += _write_attachments(ws, actor, zf, files, bundle_key, progress)
                manifest = _manifest(ws, key, bundle_id, len(ids), len(files), entries)
                manifest["files_key"] = {"alg": SEAL_ALG, "sealed": b64e(seal(
                    key.encryption_public_key, bundle_key, files_key_aad(bundle_id)))}
                manifest[anchors.MANIFEST_KEY] = anchor.to_dict()
                manifest_bytes = canonical_json(manifest)
                zf.writestr(zip_entry(MANIFEST), manifest_bytes)
                zf.writestr(zip_entry(SIGNATURE), signer.sign(manifest_bytes))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    with ws.db.write() as s:
        audit.record(s, operator_id=actor.operator_id, action="bundle_export",
                     detail={"bundle": bundle_id, "reports": len(ids),
                             "attachments": len(files), "recipient": key.fingerprint[:16]})
    return ExportResult(target, bundle_id, len(ids), len(files), target.stat().st_size,
                        key.fingerprint)


def _sealed_line(row: Report, cipher, key) -> bytes:
    """The wire report with the complainant and the attachments' file names sealed to the
    kecamatan, as one JSONL line; with the box sealed to central (``identity_box``), which
    the kecamatan relays unchanged."""
    box = delivery.kecamatan_box(row, key.fingerprint)
    if box is not None:
        # Sealed at finalising: nothing of the identity is read here.
        wire = to_wire(row, cipher, identity=False)
        wire["content_hash"] = row.content_hash
    else:
        wire = to_wire(row, cipher)
        if wire["content_hash"] != row.content_hash:
            raise BundleError(f"Laporan {row.local_number}: isi tersimpan tidak cocok dengan "
                              "sidik saat final (atau identitasnya hanya tersegel). "
                              "Ekspor dibatalkan.")
        secret = {"complainant": wire["complainant"],
                  "file_names": {a["id"]: a["file_name"] for a in wire["attachments"]}}
        box = seal(key.encryption_public_key, pad_json(canonical_json(secret)),
                   identity_aad(row.id, wire["content_hash"]))
    wire["complainant"] = {"sealed": b64e(box), "alg": SEAL_ALG}
    central = delivery.central_box(row)
    if central is not None:
        wire[identity_box.MEMBER] = central
    wire["attachments"] = [{**a, "file_name": ""} for a in wire["attachments"]]
    return canonical_json(wire) + b"\n"


def _write_reports(ws: Workspace, actor: Actor, key, zf: zipfile.ZipFile, ids: list[str],
                   files: list[FileEntry], progress: Progress | None) -> dict[str, Any]:
    """Stream ``reports.jsonl`` in batches; collect the attachment files into ``files``."""
    digest, size, done = hashlib.sha256(), 0, 0
    with zf.open(zip_entry(REPORTS), "w", force_zip64=True) as w:
        for chunk in chunks(ids, BATCH):
            with ws.db.read() as s:
                rows = s.scalars(select(Report).where(Report.id.in_(chunk))
                                 .options(selectinload(Report.attachments)))
                by_id = {r.id: r for r in rows}
                for rid in chunk:
                    row = by_id[rid]
                    line = _sealed_line(row, actor.cipher, key)
                    digest.update(line)
                    size += len(line)
                    w.write(line)
                    for a in sorted(row.attachments, key=lambda a: (a.created_at, a.id)):
                        files.append((a.id, a.stored_path, a.size, a.sha256))
                    done += 1
            if progress:
                progress("reports", done, len(ids))
    return {"name": REPORTS, "size": size, "sha256": digest.hexdigest()}


def _write_attachments(ws: Workspace, actor: Actor, zf: zipfile.ZipFile,
                       files: list[FileEntry], bundle_key: bytes,
                       progress: Progress | None) -> list[dict[str, Any]]:
    """Every attachment, decrypted from the data folder and sealed under the bundle key as
    it streams into the bundle, its plaintext checked against the recorded hash."""
    entries = []
    key = stored_files.key_of(actor)
    clear_ok = stored_files.clear_allowed(ws)
    for n, (att_id, stored_path, expected_size, expected_sha) in enumerate(files, 1):
        name = ATTACHMENT_PREFIX + att_id
        try:
            src = stored_files.open_plain(ws, key, att_id, stored_path, clear_ok=clear_ok)
        except OSError:
            raise BundleError(f"Lampiran {att_id} tidak ditemukan di folder data. "
                              "Ekspor dibatalkan.") from None
        except SealedFileError:
            raise _damaged(att_id) from None
        with src, zf.open(zip_entry(name), "w", force_zip64=True) as w:
            out = _HashingOut(w)
            sealer = SealingWriter(out, bundle_key, att_id)
            try:
                while block := src.read(CHUNK):
                    sealer.write(block)
            except SealedFileError:
                raise _damaged(att_id) from None
            sealer.close()
        if sealer.size != expected_size or sealer.sha256 != expected_sha:
            raise _damaged(att_id)
        entries.append({"name": name, "size": out.size, "sha256": out.digest.hexdigest()})
        if progress:
            progress("attachments", n, len(files))
    return entries


def _damaged(att_id: str) -> BundleError:
    return BundleError(f"Lampiran {att_id} rusak di folder data (tidak dapat dibuka atau "
                       "sha256 tidak cocok). Ekspor dibatalkan.")


def _manifest(ws: Workspace, key, bundle_id: str, reports: int, attachments: int,
              entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "bundle_id": bundle_id, "created_at": utcnow_seconds().isoformat(),
        "device_id": ws.device_id, "device_code": device.device_code(ws),
        "region_code": ws.region_code, "device_public_key": ws.db.get_meta("device_public_key"),
        "recipient": {"region_code": key.region_code, "device_id": key.device_id,
                      "fingerprint": key.fingerprint},
        "counts": {"reports": reports, "attachments": attachments},
        "entries": entries,
    }
