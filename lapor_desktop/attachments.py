"""Attachment intake: sniff the type from the bytes, enforce the size limit, store durably.

Files are streamed into the data dir (temp file, fsync, rename) before the database row is
committed; a file whose row never commits is an orphan that ``sweep_orphans`` removes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from lapor_desktop import photos
from lapor_desktop.fsutil import copy_durably

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


def check_file(src: Path, max_bytes: int) -> tuple[str, int]:
    """(media type, size) of an acceptable file, else AttachmentError."""
    try:
        size = src.stat().st_size
        with open(src, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except (OSError, ValueError):  # ValueError: a NUL byte in a path from JSON input
        raise AttachmentError(f"Berkas '{src.name}' tidak dapat dibaca.") from None
    if not src.is_file():
        raise AttachmentError(f"'{src.name}' bukan berkas.")
    if size == 0:
        raise AttachmentError(f"Berkas '{src.name}' kosong.")
    if size > max_bytes:
        raise AttachmentError(
            f"Berkas '{src.name}' berukuran {human_size(size)}, melebihi batas "
            f"{human_size(max_bytes)}. Perkecil berkas atau ubah batas di Pengaturan.")
    media = sniff_media_type(head)
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
        with photos.open_prepared(src, media, data_dir) as fh:
            size, digest = copy_durably(fh, target, max_bytes=max_bytes)
    except ValueError:
        raise AttachmentError(f"Berkas '{src.name}' melebihi batas ukuran.") from None
    name = src.name[:255] or "lampiran"
    return StoredFile(att_id, name, media, size, digest,
                      target.relative_to(data_dir).as_posix())


def sweep_orphans(data_dir: Path, attachments_dir: Path, known_paths: set[str]) -> int:
    """Delete stored files no row refers to (left by a crash before commit)."""
    removed = 0
    if not attachments_dir.exists():
        return 0
    for path in attachments_dir.rglob("*"):
        if path.is_file() and path.relative_to(data_dir).as_posix() not in known_paths:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
