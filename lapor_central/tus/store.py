"""Upload state in the database, bytes in the attachment storage (lapor_central/storage.py);
blocking calls only (the HTTP layer runs them in worker threads).

Locking across worker processes and machines is a *row lease*: a PATCH takes the upload
by a conditional UPDATE (``lease_until`` empty or past) that sets a fresh random
``lease_token``, and renews it while the body streams. A second PATCH finds the lease held
and is refused at once; a lease left by a killed worker runs out after ``LEASE_SECONDS``.

Every write is *fenced* by the token: a PATCH spools its body to a local file, stores it
as a part of its own (named by upload id, offset and token), and the part counts only if
one UPDATE ``… WHERE id = ? AND lease_token = ? AND upload_offset = ? AND finished_at IS
NULL`` moves the offset (the part row is inserted in the same transaction). A PATCH whose
lease ran out, whose upload another PATCH finished, changes nothing: its part is deleted.
No request ever holds a handle on a shared file, so nothing can be appended to a
verified attachment.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, or_, select, update

from lapor_central.db import Database, utcnow
from lapor_central.models import Upload, UploadPart
from lapor_central.storage import Storage

log = logging.getLogger(__name__)

# How long a PATCH's lease lasts without renewal (the time a killed worker's lease blocks
# its upload); LAPOR_CENTRAL_UPLOAD_LEASE_S overrides it (tests use a short one).
LEASE_SECONDS = max(1, int(os.environ.get("LAPOR_CENTRAL_UPLOAD_LEASE_S") or 30))
EXPIRE_DAYS = 7
WRITE_BLOCK = 1 << 20


class UploadError(Exception):
    """A refusal with the HTTP status and error code to answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


NOT_FOUND = (404, "upload.not_found", "Unggahan tidak ditemukan.")
GONE = (410, "upload.expired", "Unggahan sudah kedaluwarsa dan dihapus; mulai unggahan baru.")
LOCKED = (409, "upload.locked", "Unggahan ini sedang ditulis oleh permintaan lain; "
          "coba lagi sebentar lagi (tanyakan offset dengan HEAD).")


@dataclass(frozen=True)
class UploadState:
    id: str
    report_id: str
    attachment_id: str
    length: int
    offset: int
    metadata_header: str
    expires_at: datetime
    finished: bool


@dataclass(frozen=True)
class Lease:
    state: UploadState
    token: str


def _changed(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed (typed: ``execute`` is declared as a plain Result)."""
    return cast("CursorResult[Any]", result).rowcount


def _state(row: Upload) -> UploadState:
    return UploadState(row.id, row.report_id, row.attachment_id, row.length, row.upload_offset,
                       row.metadata_header, row.expires_at, row.finished_at is not None)


class UploadStore:
    def __init__(self, db: Database, storage: Storage) -> None:
        self.db = db
        self.storage = storage

    # ------------------------------------------------------------------ lifecycle
    def create(self, device_id: str, report_id: str, attachment_id: str, length: int,
               metadata_header: str) -> UploadState:
        upload_id = secrets.token_hex(16)
        now = utcnow()
        with self.db.write() as s:
            row = Upload(id=upload_id, device_id=device_id, report_id=report_id,
                         attachment_id=attachment_id, length=length, upload_offset=0,
                         metadata_header=metadata_header, created_at=now,
                         expires_at=now + timedelta(days=EXPIRE_DAYS))
            s.add(row)
            s.flush()
            return _state(row)

    def get(self, device_id: str, upload_id: str) -> UploadState:
        """The upload if it belongs to ``device_id`` (404 otherwise, 410 when expired)."""
        with self.db.read() as s:
            row = s.get(Upload, upload_id)
            if row is None or row.device_id != device_id:
                raise UploadError(*NOT_FOUND)
            if row.expires_at <= utcnow():
                raise UploadError(*GONE)
            return _state(row)

    def acquire(self, device_id: str, upload_id: str) -> Lease:
        """Take the write lease, or refuse at once (404, 410, 409 when held)."""
        now = utcnow()
        token = secrets.token_hex(16)
        with self.db.write() as s:
            row = s.get(Upload, upload_id)
            if row is None or row.device_id != device_id:
                raise UploadError(*NOT_FOUND)
            if row.expires_at <= now:
                raise UploadError(*GONE)
            taken = _changed(s.execute(
                update(Upload).where(Upload.id == upload_id,
                                     or_(Upload.lease_until.is_(None), Upload.lease_until <= now))
                .values(lease_until=now + timedelta(seconds=LEASE_SECONDS), lease_token=token)))
            if taken != 1:
                raise UploadError(*LOCKED)
            s.refresh(row)
            return Lease(_state(row), token)

    def renew(self, lease: Lease) -> bool:
        """Push the lease out; False when it is no longer this request's."""
        with self.db.write() as s:
            return _changed(s.execute(
                update(Upload).where(Upload.id == lease.state.id,
                                     Upload.lease_token == lease.token,
                                     Upload.finished_at.is_(None))
                .values(lease_until=utcnow() + timedelta(seconds=LEASE_SECONDS)))) == 1

    def record(self, lease: Lease, offset: int, key: str, size: int) -> bool:
        """Count the stored part ``key`` (``size`` bytes at ``offset``): one fenced UPDATE
        moves the offset and renews the lease, and the part row goes in with it. False
        (nothing changed) when the lease was lost, the offset moved or the upload is done."""
        now = utcnow()
        with self.db.write() as s:
            moved = _changed(s.execute(
                update(Upload).where(Upload.id == lease.state.id,
                                     Upload.lease_token == lease.token,
                                     Upload.upload_offset == offset,
                                     Upload.finished_at.is_(None))
                .values(upload_offset=offset + size,
                        lease_until=now + timedelta(seconds=LEASE_SECONDS),
                        expires_at=now + timedelta(days=EXPIRE_DAYS))))
            if moved != 1:
                return False
            s.add(UploadPart(upload_id=lease.state.id, offset=offset, size=size, key=key))
        return True

    def parts(self, upload_id: str) -> list[UploadPart]:
        with self.db.read() as s:
            return list(s.scalars(select(UploadPart).where(UploadPart.upload_id == upload_id)
                                  .order_by(UploadPart.offset)))

    def release(self, lease: Lease) -> None:
        with self.db.write() as s:
            s.execute(update(Upload).where(Upload.id == lease.state.id,
                                           Upload.lease_token == lease.token)
                      .values(lease_until=None, lease_token=None))

    def drop_parts(self, upload_id: str) -> None:
        """A finished upload's parts: its attachment is filed, they are no longer needed."""
        with self.db.write() as s:
            s.execute(delete(UploadPart).where(UploadPart.upload_id == upload_id))
        self.storage.delete_upload(upload_id)

    def discard(self, lease: Lease) -> bool:
        """Remove an upload whose file failed verification, if the lease is still ours (a
        request that lost it must not remove what another one is writing)."""
        upload_id = lease.state.id
        with self.db.write() as s:
            gone = _changed(s.execute(delete(Upload).where(Upload.id == upload_id,
                                                           Upload.lease_token == lease.token)))
            if gone:
                s.execute(delete(UploadPart).where(UploadPart.upload_id == upload_id))
        if gone:
            self.storage.delete_upload(upload_id)
        return gone == 1

    def terminate(self, device_id: str, upload_id: str) -> None:
        """DELETE: refused while a PATCH holds the lease."""
        lease = self.acquire(device_id, upload_id)
        with self.db.write() as s:
            gone = _changed(s.execute(delete(Upload).where(Upload.id == upload_id,
                                                           Upload.lease_token == lease.token)))
            if gone:
                s.execute(delete(UploadPart).where(UploadPart.upload_id == upload_id))
        if gone:
            self.storage.delete_upload(upload_id)

    def expire(self, limit: int = 500) -> int:
        """Remove expired uploads (not leased) with their parts."""
        now = utcnow()
        with self.db.write() as s:
            ids = list(s.scalars(select(Upload.id).where(
                Upload.expires_at <= now,
                or_(Upload.lease_until.is_(None), Upload.lease_until <= now)).limit(limit)))
            if ids:
                s.execute(delete(Upload).where(Upload.id.in_(ids)))
                s.execute(delete(UploadPart).where(UploadPart.upload_id.in_(ids)))
        for upload_id in ids:
            self.storage.delete_upload(upload_id)
        return len(ids)

    def remove_orphans(self, older_than_s: float = 3600) -> int:
        """Stored parts no upload row points at (a crash between storing and recording, or
        an upload removed meanwhile), and spool files of killed processes."""
        with self.db.read() as s:
            known = set(s.scalars(select(Upload.id)))
        cutoff = utcnow().timestamp() - older_than_s
        removed = 0
        for upload_id, newest in list(self.storage.upload_ids()):
            if upload_id not in known and newest < cutoff:
                self.storage.delete_upload(upload_id)
                removed += 1
        return removed + self.storage.sweep_work_dir(older_than_s)


class ChunkWriter:
    """Spools a PATCH body to this process's work directory in blocks (called from worker
    threads), hashing it when the client sent ``Upload-Checksum``. The spool file is then
    stored as a part or dropped; it is never the upload's truth."""

    def __init__(self, path: Path, want_hash: bool) -> None:
        self.path = path
        self.file = open(path, "xb")  # noqa: SIM115 - closed by close() or drop()
        self.hash = hashlib.sha256() if want_hash else None
        self.written = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        if self.hash is not None:
            self.hash.update(data)
        self.written += len(data)

    def close(self) -> None:
        """Flush to disk (the part must be whole before it is stored)."""
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
        finally:
            self.file.close()

    def drop(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.path.unlink(missing_ok=True)
