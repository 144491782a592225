"""Upload state in the database, bytes in ``<storage>/uploads/<id>``; blocking calls only
(the HTTP layer runs them in worker threads).

Locking across worker processes is a *row lease*: a PATCH takes the upload by a
conditional UPDATE (``lease_until`` empty or past) and renews it while the body streams.
A second PATCH finds the lease held and is refused at once; a lease left by a killed
worker runs out after ``LEASE_SECONDS`` and the upload is writable again. The offset in
the row is the truth: bytes past it in the file (a worker died between writing and
recording) are cut off when the next lease is taken.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select, update

from lapor_central.db import Database, utcnow
from lapor_central.models import Upload

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


def _state(row: Upload) -> UploadState:
    return UploadState(row.id, row.report_id, row.attachment_id, row.length, row.upload_offset,
                       row.metadata_header, row.expires_at, row.finished_at is not None)


class UploadStore:
    def __init__(self, db: Database, upload_dir: Path) -> None:
        self.db = db
        self.dir = upload_dir
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, upload_id: str) -> Path:
        return self.dir / upload_id

    # ------------------------------------------------------------------ lifecycle
    def create(self, device_id: str, report_id: str, attachment_id: str, length: int,
               metadata_header: str) -> UploadState:
        upload_id = secrets.token_hex(16)
        now = utcnow()
        self.path(upload_id).touch()
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
            taken = s.execute(
                update(Upload).where(Upload.id == upload_id,
                                     or_(Upload.lease_until.is_(None), Upload.lease_until <= now))
                .values(lease_until=now + timedelta(seconds=LEASE_SECONDS), lease_token=token)
            ).rowcount
            if taken != 1:
                raise UploadError(*LOCKED)
            s.refresh(row)
            state = _state(row)
        if not state.finished:
            self._cut(upload_id, state.offset)
        return Lease(state, token)

    def _cut(self, upload_id: str, offset: int) -> None:
        path = self.path(upload_id)
        try:
            if path.stat().st_size != offset:
                with open(path, "r+b") as f:
                    f.truncate(offset)
        except FileNotFoundError:
            if offset == 0:
                path.touch()

    def renew(self, lease: Lease) -> None:
        with self.db.write() as s:
            s.execute(update(Upload).where(Upload.id == lease.state.id,
                                           Upload.lease_token == lease.token)
                      .values(lease_until=utcnow() + timedelta(seconds=LEASE_SECONDS)))

    def record(self, lease: Lease, offset: int, finished: bool = False) -> None:
        """Store the new offset, push expiry out, and release the lease."""
        now = utcnow()
        with self.db.write() as s:
            s.execute(update(Upload).where(Upload.id == lease.state.id,
                                           Upload.lease_token == lease.token)
                      .values(upload_offset=offset, lease_until=None, lease_token=None,
                              expires_at=now + timedelta(days=EXPIRE_DAYS),
                              finished_at=now if finished else None))

    def release(self, lease: Lease) -> None:
        with self.db.write() as s:
            s.execute(update(Upload).where(Upload.id == lease.state.id,
                                           Upload.lease_token == lease.token)
                      .values(lease_until=None, lease_token=None))

    def finish_now(self, state: UploadState) -> None:
        """A zero-byte upload: finished at creation."""
        with self.db.write() as s:
            s.execute(update(Upload).where(Upload.id == state.id)
                      .values(finished_at=utcnow()))

    def discard(self, upload_id: str) -> None:
        with self.db.write() as s:
            s.execute(delete(Upload).where(Upload.id == upload_id))
        self.path(upload_id).unlink(missing_ok=True)

    def terminate(self, device_id: str, upload_id: str) -> None:
        """DELETE: refused while a PATCH holds the lease."""
        lease = self.acquire(device_id, upload_id)
        with self.db.write() as s:
            s.execute(delete(Upload).where(Upload.id == upload_id,
                                           Upload.lease_token == lease.token))
        self.path(upload_id).unlink(missing_ok=True)

    def expire(self, limit: int = 500) -> int:
        """Remove expired uploads (not leased) and upload files without a row."""
        now = utcnow()
        with self.db.write() as s:
            ids = list(s.scalars(select(Upload.id).where(
                Upload.expires_at <= now,
                or_(Upload.lease_until.is_(None), Upload.lease_until <= now)).limit(limit)))
            if ids:
                s.execute(delete(Upload).where(Upload.id.in_(ids)))
        for upload_id in ids:
            self.path(upload_id).unlink(missing_ok=True)
        return len(ids)

    def remove_orphans(self, older_than_s: float = 3600) -> int:
        """Files in the upload folder no row points at (a crash between file and row)."""
        with self.db.read() as s:
            known = set(s.scalars(select(Upload.id)))
        cutoff = utcnow().timestamp() - older_than_s
        removed = 0
        for p in list(self.dir.iterdir()):
            try:
                if p.is_file() and p.name not in known and p.stat().st_mtime < cutoff:
                    p.unlink(missing_ok=True)
                    removed += 1
            except OSError:
                continue
        return removed


class ChunkWriter:
    """Appends a PATCH body to the upload file in blocks (called from worker threads),
    hashing what it writes when the client sent ``Upload-Checksum``."""

    def __init__(self, path: Path, want_hash: bool) -> None:
        self.file = open(path, "ab")
        self.hash = hashlib.sha256() if want_hash else None
        self.written = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        if self.hash is not None:
            self.hash.update(data)
        self.written += len(data)

    def close(self, keep: int | None = None) -> None:
        """Flush to disk; ``keep`` cuts the file back to that size (a refused chunk)."""
        try:
            self.file.flush()
            if keep is not None:
                self.file.truncate(keep)
            os.fsync(self.file.fileno())
        finally:
            self.file.close()
