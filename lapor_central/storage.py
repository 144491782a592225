"""Where attachment bytes live: a local directory (default) or S3-compatible object storage.

Both backends keep the same three kinds of object (see docs/central.md):

* ``uploads/<upload id>/<offset>-<lease token>``: the bytes of one PATCH, a *part*. A part
  is written whole from the request's local spool file and only counts once the database
  recorded it under the upload's lease (``upload_part``); a part nobody recorded is
  garbage, removed with its upload;
* ``attachments/<report id>/<attachment id>``: a verified attachment, written once, whole
  (a hard link of a finished file, or one PUT), never opened for writing again;
* the *work directory*: this process's own scratch space (spooled PATCH bodies, assembly
  of a finished upload). It is never the truth: every process may have its own.

No local file is the truth on S3, so a second central machine sharing the database and
the bucket resumes any upload and serves any attachment. Blocking calls only; the HTTP
layer runs them in worker threads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHUNK = 1 << 20
PART_DIGITS = 15  # offsets sort as text: 15 digits cover any Upload-Length we accept


def part_name(offset: int, token: str) -> str:
    return f"{offset:0{PART_DIGITS}d}-{token}"


class StorageError(RuntimeError):
    """The storage cannot be used (bad URL, unreachable bucket)."""


class Storage(ABC):
    """The interface the tus store, the upload service and the desk use."""

    url: str
    work_dir: Path

    def spool_path(self, name: str) -> Path:
        """A path in this process's work directory (the caller creates and removes it)."""
        return self.work_dir / name

    # ------------------------------------------------------------------ parts
    @abstractmethod
    def put_part(self, upload_id: str, offset: int, token: str, src: Path) -> str:
        """Store the local file ``src`` (consumed) as a part; its key."""

    @abstractmethod
    def read_part(self, key: str) -> Iterator[bytes]:
        """The bytes of a stored part, in chunks."""

    @abstractmethod
    def delete_part(self, key: str) -> None: ...

    @abstractmethod
    def delete_upload(self, upload_id: str) -> None:
        """Every part of an upload, recorded or not."""

    @abstractmethod
    def upload_ids(self) -> Iterator[tuple[str, float]]:
        """(upload id, newest modification as a Unix time) of every upload with parts."""

    def assemble(self, keys: list[str], dest: Path) -> tuple[str, int]:
        """Concatenate parts into the local file ``dest`` (flushed to disk): sha256, size."""
        h = hashlib.sha256()
        size = 0
        with open(dest, "wb") as out:
            for key in keys:
                for chunk in self.read_part(key):
                    out.write(chunk)
                    h.update(chunk)
                    size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        return h.hexdigest(), size

    # ------------------------------------------------------------------ attachments
    @abstractmethod
    def publish(self, report_id: str, attachment_id: str, src: Path, sha256: str) -> bool:
        """File a verified attachment from the local file ``src`` (which may be consumed),
        whole and once: False when it already exists (it is never overwritten)."""

    @abstractmethod
    def open_attachment(self, report_id: str,
                        attachment_id: str) -> tuple[int, Iterator[bytes]] | None:
        """(size, chunks) of a filed attachment, or None."""

    def local_attachment(self, report_id: str, attachment_id: str) -> Path | None:
        """The attachment's file when it is on this machine's disk (served with ranges)."""
        return None

    def sweep_work_dir(self, older_than_s: float) -> int:
        """Remove spool files a killed process left behind."""
        cutoff = time.time() - older_than_s
        removed = 0
        for p in list(self.work_dir.iterdir()):
            try:
                if p.is_file() and p.stat().st_mtime < cutoff:
                    p.unlink(missing_ok=True)
                    removed += 1
            except OSError:
                continue
        return removed


class LocalStorage(Storage):
    """Everything under one directory: ``uploads/``, ``attachments/`` and, unless given
    elsewhere, the work directory ``spool/`` (same file system: parts are renamed in)."""

    def __init__(self, root: str | os.PathLike[str], work_dir: str | os.PathLike[str] | None
                 = None) -> None:
        self.root = Path(root).resolve()
        self.url = str(self.root)
        self.work_dir = Path(work_dir).resolve() if work_dir else self.root / "spool"
        for d in (self.root / "uploads", self.root / "attachments", self.work_dir):
            d.mkdir(parents=True, exist_ok=True)

    def _upload_dir(self, upload_id: str) -> Path:
        return self.root / "uploads" / upload_id

    def _key_path(self, key: str) -> Path:
        return self.root / "uploads" / key

    def put_part(self, upload_id: str, offset: int, token: str, src: Path) -> str:
        folder = self._upload_dir(upload_id)
        folder.mkdir(exist_ok=True)
        key = f"{upload_id}/{part_name(offset, token)}"
        shutil.move(str(src), self._key_path(key))  # a rename on one file system
        return key

    def read_part(self, key: str) -> Iterator[bytes]:
        with open(self._key_path(key), "rb") as f:
            while chunk := f.read(CHUNK):
                yield chunk

    def delete_part(self, key: str) -> None:
        self._key_path(key).unlink(missing_ok=True)

    def delete_upload(self, upload_id: str) -> None:
        folder = self._upload_dir(upload_id)
        if folder.is_file():  # an upload file of the single-file layout before c0004
            folder.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)

    def upload_ids(self) -> Iterator[tuple[str, float]]:
        for p in list((self.root / "uploads").iterdir()):
            try:
                newest = max([c.stat().st_mtime for c in p.iterdir()] or [p.stat().st_mtime]) \
                    if p.is_dir() else p.stat().st_mtime
            except OSError:
                continue
            yield p.name, newest

    def attachment_path(self, report_id: str, attachment_id: str) -> Path:
        return self.root / "attachments" / report_id / attachment_id

    def publish(self, report_id: str, attachment_id: str, src: Path, sha256: str) -> bool:
        target = self.attachment_path(report_id, attachment_id)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        # A hard link of the whole, fsynced file: the name appears only once the file is
        # whole, and an existing one is never replaced. ``src`` is private to the request
        # that assembled it, so nothing else can write through the new name.
        try:
            os.link(src, target)
        except FileExistsError:
            return False
        except OSError:  # another file system, or no hard links: copy next to the target
            return self._publish_copy(src, target)
        src.unlink()  # before the file turns read-only: Windows cannot unlink that
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        return True

    @staticmethod
    def _publish_copy(src: Path, target: Path) -> bool:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        try:
            shutil.copyfile(src, tmp)
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            try:
                os.link(tmp, target)
            except FileExistsError:
                return False
            except OSError:  # no hard links here (FAT, some network shares)
                if target.exists():
                    return False
                os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        # Read-only once filed (after the temporary name is gone: Windows cannot unlink a
        # read-only file).
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        return True

    def open_attachment(self, report_id: str,
                        attachment_id: str) -> tuple[int, Iterator[bytes]] | None:
        path = self.local_attachment(report_id, attachment_id)
        if path is None:
            return None
        return path.stat().st_size, self._chunks(path)

    @staticmethod
    def _chunks(path: Path) -> Iterator[bytes]:
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                yield chunk

    def local_attachment(self, report_id: str, attachment_id: str) -> Path | None:
        path = self.attachment_path(report_id, attachment_id)
        return path if path.is_file() else None


class S3Storage(Storage):
    """An S3-compatible bucket (``s3://BUCKET/PREFIX``), reached with boto3 and the standard
    ``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and
    ``AWS_DEFAULT_REGION`` variables. An object appears only when its PUT completes, so a
    killed process leaves no half-written part or attachment."""

    def __init__(self, url: str, work_dir: str | os.PathLike[str] | None = None) -> None:
        import boto3
        from botocore.config import Config

        rest = url[len("s3://"):]
        bucket, _, prefix = rest.partition("/")
        if not bucket:
            raise StorageError(f"--storage {url}: nama bucket tidak ada (s3://BUCKET/PREFIX).")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.url = f"s3://{bucket}/{self.prefix}"
        self.work_dir = Path(work_dir).resolve() if work_dir else \
            Path(tempfile.gettempdir()) / "lapor-central-spool"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        # boto3 clients are thread-safe; one per process, a pool as large as the threads.
        self.client: Any = boto3.client("s3", config=Config(
            max_pool_connections=50, retries={"max_attempts": 5, "mode": "standard"}))
        try:
            self.client.head_bucket(Bucket=bucket)
        except Exception as exc:
            raise StorageError(f"bucket {bucket} tidak dapat dipakai: {exc}") from exc

    def _missing(self, exc: Exception) -> bool:
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def put_part(self, upload_id: str, offset: int, token: str, src: Path) -> str:
        key = f"{self.prefix}uploads/{upload_id}/{part_name(offset, token)}"
        with open(src, "rb") as f:
            self.client.put_object(Bucket=self.bucket, Key=key, Body=f)
        src.unlink(missing_ok=True)
        return key

    def read_part(self, key: str) -> Iterator[bytes]:
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def delete_part(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def _keys(self, prefix: str) -> Iterator[dict[str, Any]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            yield from page.get("Contents", [])

    def delete_upload(self, upload_id: str) -> None:
        keys = [{"Key": o["Key"]} for o in self._keys(f"{self.prefix}uploads/{upload_id}/")]
        for i in range(0, len(keys), 1000):
            self.client.delete_objects(Bucket=self.bucket,
                                       Delete={"Objects": keys[i:i + 1000], "Quiet": True})

    def upload_ids(self) -> Iterator[tuple[str, float]]:
        newest: dict[str, float] = {}
        start = len(f"{self.prefix}uploads/")
        for obj in self._keys(f"{self.prefix}uploads/"):
            upload_id = obj["Key"][start:].split("/", 1)[0]
            newest[upload_id] = max(newest.get(upload_id, 0.0),
                                    obj["LastModified"].timestamp())
        yield from newest.items()

    def _attachment_key(self, report_id: str, attachment_id: str) -> str:
        return f"{self.prefix}attachments/{report_id}/{attachment_id}"

    def publish(self, report_id: str, attachment_id: str, src: Path, sha256: str) -> bool:
        import base64

        from botocore.exceptions import ClientError

        key = self._attachment_key(report_id, attachment_id)
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
            return False
        except ClientError as exc:
            if not self._missing(exc):
                raise
        digest = base64.b64encode(bytes.fromhex(sha256)).decode()
        try:
            with open(src, "rb") as f:
                # One PUT: the object exists only once whole; the bucket checks the sha256
                # on its side, and If-None-Match keeps a filed attachment from being replaced.
                self.client.put_object(Bucket=self.bucket, Key=key, Body=f,
                                       ChecksumSHA256=digest, IfNoneMatch="*")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("PreconditionFailed", "412"):
                return False
            raise
        return True

    def open_attachment(self, report_id: str,
                        attachment_id: str) -> tuple[int, Iterator[bytes]] | None:
        from botocore.exceptions import ClientError

        try:
            obj = self.client.get_object(Bucket=self.bucket,
                                         Key=self._attachment_key(report_id, attachment_id))
        except ClientError as exc:
            if self._missing(exc):
                return None
            raise
        body = obj["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()

        return int(obj["ContentLength"]), chunks()


def open_storage(location: str | os.PathLike[str],
                 work_dir: str | os.PathLike[str] | None = None) -> Storage:
    """``s3://BUCKET/PREFIX`` → :class:`S3Storage`; anything else is a local directory."""
    text = os.fspath(location)
    if text.startswith("s3://"):
        return S3Storage(text, work_dir)
    if "://" in text:
        raise StorageError(f"--storage {text}: hanya direktori lokal atau s3://BUCKET/PREFIX.")
    return LocalStorage(text, work_dir)
