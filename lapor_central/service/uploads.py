"""Attachment uploads: what may be uploaded, and verifying and filing a finished one."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select

from lapor_central.db import Database, utcnow
from lapor_central.models import Attachment, Report
from lapor_central.service.common import (
    MESSAGES,
    ChecksumMismatch,
    DeviceAuth,
    UploadRefused,
    is_uuid,
    owned_by,
)
from lapor_protocol.wire import Limits

log = logging.getLogger(__name__)

def check_upload(db: Database, device: DeviceAuth, metadata: Mapping[str, str],
                 declared_size: int | None, limits: Limits) -> None:
    """Refuse (UploadRefused) an upload central did not ask for, before any byte is stored."""
    needed = ("filename", "filetype", "report_id", "attachment_id", "sha256")
    absent = [k for k in needed if not metadata.get(k)]
    if absent:
        raise UploadRefused(400, "upload.metadata",
                            "Upload-Metadata harus memuat " + ", ".join(needed)
                            + "; yang kurang: " + ", ".join(absent) + ".")
    if declared_size is None:
        raise UploadRefused(400, "upload.length", "Upload-Length wajib diisi (ukuran berkas "
                            "harus diketahui di awal).")
    if declared_size > limits.max_attachment_bytes:
        raise UploadRefused(413, "attachment.too_large", MESSAGES["attachment.too_large"])
    rid, aid = metadata["report_id"], metadata["attachment_id"]
    if not (is_uuid(rid) and is_uuid(aid)):
        raise UploadRefused(404, "attachment.unknown", "Lampiran tidak dikenal.")
    with db.read() as s:
        row = s.execute(
            select(Attachment).join(Report, Report.id == Attachment.report_id)
            .where(Attachment.report_id == rid, Attachment.id == aid,
                   owned_by(device))
        ).scalar_one_or_none()
    if row is None:
        raise UploadRefused(404, "attachment.unknown",
                            "Lampiran tidak dikenal untuk laporan yang diterima dari "
                            "perangkat ini. Kirim laporannya lebih dulu.")
    if row.received_at is not None:
        raise UploadRefused(409, "attachment.already_received",
                            "Lampiran ini sudah diterima dan terverifikasi.")
    if declared_size != row.size:
        raise UploadRefused(422, "attachment.size_mismatch",
                            f"Ukuran berkas ({declared_size} bita) berbeda dari ukuran yang "
                            f"dicatat di laporan ({row.size} bita).")
    if metadata["sha256"].lower() != row.sha256:
        raise UploadRefused(422, "attachment.sha256_mismatch",
                            "sha256 di Upload-Metadata berbeda dari yang dicatat di laporan.")


def file_sha256(path: str | os.PathLike[str]) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def complete_upload(db: Database, storage: Path, path: Path, report_id: str,
                    attachment_id: str) -> None:
    """Verify a finished upload against the report's sha256 and file it, or discard it
    (ChecksumMismatch). Runs in a worker thread (hashing 20 MB must not block the loop)."""
    digest, size = file_sha256(path)
    with db.write() as s:
        row = s.get(Attachment, (report_id, attachment_id))
        if row is None:
            path.unlink(missing_ok=True)
            raise ChecksumMismatch("unknown attachment")
        if digest != row.sha256 or size != row.size:
            row.failed_uploads += 1
            row.last_error = "sha256_mismatch"
            path.unlink(missing_ok=True)
            log.warning("attachment %s/%s discarded: sha256 mismatch", report_id, attachment_id)
            raise ChecksumMismatch("sha256 mismatch")
        if row.received_at is None:
            target = storage / "attachments" / report_id / attachment_id
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target)
            row.received_at = utcnow()
            row.last_error = None
        path.unlink(missing_ok=True)
    log.info("attachment %s/%s received (%d bytes)", report_id, attachment_id, size)
