"""Attachment uploads: what may be uploaded, and verifying and filing a finished one."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from lapor_central.db import Database, utcnow
from lapor_central.models import Attachment, Report, Upload, UploadPart
from lapor_central.service.common import (
    MESSAGES,
    ChecksumMismatch,
    DeviceAuth,
    UploadRefused,
    is_uuid,
    owned_by,
)
from lapor_central.storage import Storage
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


class LeaseLost(Exception):
    """The upload's lease passed to another request before it could be finished."""


def complete_upload(db: Database, storage: Storage, upload_id: str, token: str,
                    report_id: str, attachment_id: str, parts: Sequence[UploadPart],
                    at_offset: int) -> None:
    """Verify a fully received upload against the report's sha256 and file it, or refuse
    it (ChecksumMismatch; the caller discards the upload). Runs in a worker thread.

    ``parts`` are the recorded parts plus the stored but not yet recorded last one;
    ``at_offset`` is the offset the upload row must still be at. The parts are assembled
    into a local file and hashed; only a verified file is filed, whole and once
    (``storage.publish``). One transaction fenced by the lease ``token`` and that offset
    then moves the offset to the end, marks the upload finished and the attachment
    received (LeaseLost otherwise): the offset reaches the length only together with a
    filed attachment, so a crash in between leaves the last PATCH to be sent again."""
    with db.read() as s:
        row = s.get(Attachment, (report_id, attachment_id))
        want = None if row is None else (row.sha256, row.size, row.received_at is not None)
    if want is None:
        raise ChecksumMismatch("unknown attachment")
    sha256, size, received = want
    if not _chained(parts, size):
        _count_failure(db, report_id, attachment_id)
        raise ChecksumMismatch("parts do not cover the file")
    if not received:
        whole = storage.spool_path(f"{upload_id}-{token}.whole")
        try:
            digest, got = storage.assemble([p.key for p in parts], whole)
            if digest != sha256 or got != size:
                _count_failure(db, report_id, attachment_id)
                raise ChecksumMismatch("sha256 mismatch")
            storage.publish(report_id, attachment_id, whole, sha256)
        finally:
            whole.unlink(missing_ok=True)
    now = utcnow()
    with db.write() as s:
        done = cast("CursorResult[Any]", s.execute(
            update(Upload).where(Upload.id == upload_id, Upload.lease_token == token,
                                 Upload.upload_offset == at_offset,
                                 Upload.finished_at.is_(None))
            .values(finished_at=now, upload_offset=size))).rowcount
        if done != 1:
            raise LeaseLost(upload_id)
        s.execute(update(Attachment).where(Attachment.report_id == report_id,
                                           Attachment.id == attachment_id,
                                           Attachment.received_at.is_(None))
                  .values(received_at=now, last_error=None))
    log.info("attachment %s/%s received (%d bytes)", report_id, attachment_id, size)


def _chained(parts: Sequence[UploadPart], size: int) -> bool:
    at = 0
    for p in parts:
        if p.offset != at:
            return False
        at += p.size
    return at == size


def _count_failure(db: Database, report_id: str, attachment_id: str) -> None:
    with db.write() as s:
        s.execute(update(Attachment).where(Attachment.report_id == report_id,
                                           Attachment.id == attachment_id)
                  .values(failed_uploads=Attachment.failed_uploads + 1,
                          last_error="sha256_mismatch"))
    log.warning("attachment %s/%s discarded: sha256 mismatch", report_id, attachment_id)
