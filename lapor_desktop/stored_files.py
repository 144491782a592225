"""Reading attachment files sealed at rest, and sealing the clear files of older stores.

Every attachment file under ``attachments/`` (and a kept original photo under
``originals/``) is a sealed file (``sealed_files``) whose file key is wrapped under
``files_key(data key)`` with the attachment's id bound in. Everything that reads a stored
file comes through here and decrypts as it streams: the uploader (seekable, so a resumed
upload starts mid-file), bundles, corrections, the thumbnails and the "lihat" copy.

Stores written before sealing hold clear files. ``seal_clear_files`` (``upkeep.after_login``,
once per store) seals them in place, crash-safe: temp file, fsync, rename. Until it has
finished (meta ``files_sealed``), a clear file is still read as it is; afterwards a file
without the sealed header is refused like any damaged file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from lapor_desktop.fsutil import CHUNK, fsync_dir
from lapor_desktop.sealed_files import (
    MAGIC,
    SEGMENT,
    SealedFileError,
    SealedReader,
    files_key,
    is_sealed_head,
    seal_durably,
    seal_stream,
)
from lapor_desktop.store.models import Attachment

log = logging.getLogger(__name__)

SEALED_META = "files_sealed"
VIEW_DIR = "lihat"  # under the data dir's tmp/: decrypted copies opened by "lihat"
ORIGINAL_ID = "original:"  # + file name: the file id of a kept original photo
_SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")

__all__ = ["SEALED_META", "SealedFileError", "files_key", "open_plain", "plain_digest",
           "read_bytes", "seal_clear_files", "view_copy"]


def key_of(actor) -> bytes:
    return files_key(actor.data_key)


def _clear_allowed(ws) -> bool:
    return ws.db.get_meta(SEALED_META) != "1"


def open_plain(ws, key: bytes, file_id: str, stored_path: str, *,
               clear_ok: bool | None = None) -> BinaryIO:
    """A seekable, buffered plaintext reader of a stored file. Raises ``SealedFileError``
    for a damaged file and ``OSError`` for a missing one."""
    path = ws.paths.root / stored_path
    fh = open(path, "rb")  # noqa: SIM115 - handed to the caller (or to the reader)
    try:
        head = fh.read(len(MAGIC))
        if not is_sealed_head(head):
            if clear_ok is None:
                clear_ok = _clear_allowed(ws)
            if not clear_ok:
                raise SealedFileError("stored file is not sealed")
            fh.seek(0)
            return fh
        return io.BufferedReader(SealedReader(fh, key, file_id), SEGMENT)
    except BaseException:
        fh.close()
        raise


def plain_chunks(ws, key: bytes, file_id: str, stored_path: str, *,
                 clear_ok: bool | None = None) -> Iterator[bytes]:
    with open_plain(ws, key, file_id, stored_path, clear_ok=clear_ok) as fh:
        while block := fh.read(CHUNK):
            yield block


def plain_digest(ws, key: bytes, att: Attachment, *,
                 clear_ok: bool | None = None) -> tuple[int, str]:
    """(size, sha256) of a stored attachment's plaintext; every segment is authenticated."""
    digest, size = hashlib.sha256(), 0
    for block in plain_chunks(ws, key, att.id, att.stored_path, clear_ok=clear_ok):
        digest.update(block)
        size += len(block)
    return size, digest.hexdigest()


def clear_allowed(ws) -> bool:
    """Whether clear files of an older store may still be read (before they are sealed)."""
    return _clear_allowed(ws)


def intact(ws, key: bytes, att: Attachment, *, clear_ok: bool | None = None) -> bool:
    """True when the stored file opens and matches the row's size and sha256."""
    try:
        return plain_digest(ws, key, att, clear_ok=clear_ok) == (att.size, att.sha256)
    except (OSError, SealedFileError):
        return False


def _row(ws, attachment_id: str) -> Attachment:
    with ws.db.read() as s:
        att = s.get(Attachment, attachment_id)
        if att is None:
            raise FileNotFoundError(attachment_id)
        s.expunge(att)
        return att


def read_bytes(ws, actor, attachment_id: str, limit: int) -> bytes | None:
    """The plaintext of a small attachment (a thumbnail's source), or None when it is
    larger than ``limit`` or does not open."""
    att = _row(ws, attachment_id)
    if att.size > limit:
        return None
    try:
        with open_plain(ws, key_of(actor), att.id, att.stored_path) as fh:
            return fh.read(limit + 1)[:limit]
    except (OSError, SealedFileError):
        return None


def view_copy(ws, actor, attachment_id: str, suffix: str = "") -> Path:
    """A decrypted copy in ``tmp/lihat/`` for the system viewer ("lihat"), named by a
    random id plus ``suffix`` (the type's extension). ``clear_view_copies`` removes it
    when the app closes; the start-up sweep removes any left by a crash."""
    att = _row(ws, attachment_id)
    folder = ws.paths.tmp / VIEW_DIR
    folder.mkdir(parents=True, exist_ok=True)
    suffix = suffix if _SAFE_SUFFIX.match(suffix or "") else ""
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    try:
        with open_plain(ws, key_of(actor), att.id, att.stored_path) as src, \
                open(target, "wb") as out:
            while block := src.read(CHUNK):
                out.write(block)
    except BaseException:
        target.unlink(missing_ok=True)  # never leave a partial plaintext behind
        raise
    return target


def clear_view_copies(ws) -> int:
    """Remove the decrypted copies made for viewing (a viewer may still hold one open on
    Windows: that one is left for the next sweep)."""
    removed = 0
    folder = ws.paths.tmp / VIEW_DIR
    if not folder.exists():
        return 0
    for path in folder.iterdir():
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


# ---------------------------------------------------------------------------- migration

def _seal_in_place(path: Path, key: bytes, file_id: str) -> tuple[int, str] | None:
    """Seal one clear file where it lies (temp file, fsync, rename, folder fsync); None
    when it is already sealed or missing. The source is closed before the rename, which
    Windows needs to replace a file."""
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        try:
            src = open(path, "rb")  # noqa: SIM115 - closed before the rename below
        except FileNotFoundError:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            return None
        with src, os.fdopen(fd, "wb") as out:
            already = is_sealed_head(src.read(len(MAGIC)))
            if not already:
                src.seek(0)
                writer = seal_stream(src, out, key, file_id)
                out.flush()
                os.fsync(out.fileno())
        if already:
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return writer.size, writer.sha256


def seal_clear_files(ws, actor) -> int:
    """Seal every attachment file (and kept original photo) still stored in the clear;
    idempotent and crash-safe. Sets ``files_sealed`` when nothing clear remains."""
    if not _clear_allowed(ws):
        return 0
    key = key_of(actor)
    with ws.db.read() as s:
        rows = list(s.execute(select(Attachment.id, Attachment.stored_path,
                                     Attachment.sha256)))
    sealed, failed = 0, 0
    for att_id, stored_path, sha in rows:
        try:
            done = _seal_in_place(ws.paths.root / stored_path, key, att_id)
        except OSError:  # e.g. open in a viewer on Windows: try again at the next login
            failed += 1
            continue
        if done is not None:
            sealed += 1
            if done[1] != sha:
                log.warning("attachment %s did not match its hash before sealing", att_id)
    originals = ws.paths.root / "originals"
    if originals.exists():
        for path in originals.iterdir():
            if not path.is_file() or path.name.startswith("."):
                continue
            try:
                sealed += _seal_in_place(path, key, ORIGINAL_ID + path.name) is not None
            except OSError:
                failed += 1
    if not failed:
        ws.db.set_meta(SEALED_META, "1")
    if sealed:
        log.info("sealed %d attachment files stored in the clear", sealed)
    return sealed


def seal_original(data_dir: Path, key: bytes, raw: bytes, stored_sha256: str) -> None:
    """Keep an original photo (setting ``keep_original_photos``), sealed like attachments."""
    target = Path(data_dir) / "originals" / stored_sha256
    seal_durably(io.BytesIO(raw), target, key, ORIGINAL_ID + stored_sha256)

