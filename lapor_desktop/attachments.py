"""Attachment intake: sniff the type from the bytes, enforce the size limit, store durably.

Files are streamed into the data dir (temp file, fsync, rename) before the database row is
committed; a file whose row never commits is an orphan that ``sweep_orphans`` removes
(``upkeep.sweep`` at start-up). Stored files are named by a random id; the original name
is kept only sealed in the database.

A path is checked with ``stat`` before anything opens it, so a FIFO, a device, a directory
or a link to one is refused instead of blocking the app; the file is then opened without
blocking and checked again on the open handle.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from lapor_desktop import photos
from lapor_desktop.fsutil import NotRegularFile, copy_durably, open_regular
from lapor_protocol.domain import FILE_NAME_MAX, file_name_ok

ALLOWED_MEDIA_TYPES = {
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/bmp",
    "image/tiff", "application/pdf",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/rtf",
}
SNIFF_BYTES = 8192


class AttachmentError(ValueError):
    """A refused attachment; the message tells the user what to do (Bahasa Indonesia)."""


@dataclass(frozen=True)
class StoredFile:
    id: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    stored_path: str  # relative to the data dir


def sniff_media_type(head: bytes) -> str | None:
    import filetype

    kind = filetype.guess(head)
    return kind.mime if kind else None


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def _open_regular(src: Path):
    """A binary handle on a regular file, never blocking on a FIFO or device."""
    try:
        return open_regular(src)
    except NotRegularFile:
        raise AttachmentError(f"'{src.name}' bukan berkas biasa (mis. folder atau perangkat); "
                              "pilih berkas foto atau dokumen.") from None
    except OSError:
        raise AttachmentError(f"Berkas '{src.name}' tidak dapat dibaca.") from None


def check_name(name: str) -> str:
    """The file name to keep, or AttachmentError (the rule central applies too)."""
    if not file_name_ok(name):
        raise AttachmentError(
            "Nama berkas berisi karakter kontrol (mis. baris baru atau tab) atau pengubah "
            "arah tulisan (U+202E), atau terlalu "
            f"panjang (maks. {FILE_NAME_MAX}). Ganti nama berkas lalu lampirkan lagi.")
    return name


def check_file(src: Path, max_bytes: int) -> tuple[str, int]:
    """(media type, size) of an acceptable file, else AttachmentError."""
    check_name(src.name)
    with _open_regular(src) as fh:
        size = os.fstat(fh.fileno()).st_size
        try:
            head = fh.read(SNIFF_BYTES)
            media = sniff_media_type(head)
            if media in photos.PHOTO_TYPES and 0 < size <= max_bytes:
                fh.seek(0)
                photos.check(fh, media)  # the header only: nothing is decoded yet
        except photos.PhotoRefused as exc:
            raise AttachmentError(f"Foto '{src.name}' ditolak: {exc}.") from None
        except OSError:
            raise AttachmentError(f"Berkas '{src.name}' tidak dapat dibaca.") from None
    if size == 0:
        raise AttachmentError(f"Berkas '{src.name}' kosong.")
    if size > max_bytes:
        raise AttachmentError(
            f"Berkas '{src.name}' berukuran {human_size(size)}, melebihi batas "
            f"{human_size(max_bytes)}. Perkecil berkas atau ubah batas di Pengaturan.")
    if media not in ALLOWED_MEDIA_TYPES:
        raise AttachmentError(
            f"Jenis berkas '{src.name}' tidak didukung. Gunakan foto (JPG/PNG), PDF, atau "
            "dokumen perkantoran (Word, Excel, PowerPoint, OpenDocument).")
    return media, size


def store_file(src: Path, data_dir: Path, attachments_dir: Path, report_id: str,
               max_bytes: int) -> StoredFile:
    media, _ = check_file(src, max_bytes)
    att_id = str(uuid.uuid4())
    target = attachments_dir / report_id / att_id
    try:
        with _open_regular(src) as raw, photos.prepared(raw, media, data_dir) as fh:
            size, digest = copy_durably(fh, target, max_bytes=max_bytes)
    except photos.PhotoRefused as exc:
        raise AttachmentError(f"Foto '{src.name}' ditolak: {exc}.") from None
    except ValueError:
        raise AttachmentError(
            f"Berkas '{src.name}' melebihi batas {human_size(max_bytes)}, juga setelah foto "
            "diperkecil. Perkecil berkas atau ubah batas di Pengaturan.") from None
    name = src.name or "lampiran"
    return StoredFile(att_id, name, media, size, digest,
                      target.relative_to(data_dir).as_posix())


def sweep_orphans(data_dir: Path, attachments_dir: Path, known_paths: set[str], *,
                  min_age: float = 0) -> int:
    """Delete stored files no row refers to (left by a crash before commit), and then
    empty folders; files younger than ``min_age`` seconds are left alone."""
    removed = 0
    if not attachments_dir.exists():
        return 0
    cutoff = time.time() - min_age
    for path in sorted(attachments_dir.rglob("*"), reverse=True):
        try:
            if path.is_dir():
                if not any(path.iterdir()) and path.stat().st_mtime <= cutoff:
                    path.rmdir()
                continue
            if (path.relative_to(data_dir).as_posix() not in known_paths
                    and path.stat().st_mtime <= cutoff):
                path.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed
