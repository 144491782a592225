"""Photos that fit a poor link: downscale large JPEG and PNG photos when they are attached.

A photo whose long edge exceeds ``MAX_EDGE`` pixels is scaled down to it (Lanczos); its
EXIF orientation is applied first, and every piece of metadata (EXIF with GPS position,
XMP, ICC profile, text chunks) is left behind. JPEG is written at ``JPEG_QUALITY``; PNG
stays PNG (lossless). A small JPEG or PNG that carries metadata is rewritten without it.
Everything else (PDF, office documents, other image types) is stored byte for byte.

The original is not kept, unless the setting ``keep_original_photos`` (Pengaturan) is on:
then it is stored under ``originals/`` in the data dir, named by the sha256 of the stored
(downscaled) file, and never sent anywhere.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MAX_EDGE = 1600
JPEG_QUALITY = 80
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
KEEP_ORIGINAL_SETTING = "keep_original_photos"
ORIGINALS_DIR = "originals"
# A photo bigger than this many pixels is not decoded (a decompression bomb): stored as is.
MAX_PIXELS = 120_000_000


def keep_originals(data_dir: Path) -> bool:
    from lapor_desktop.config import Paths, Settings

    return bool(Settings.load(Paths(Path(data_dir))).extra.get(KEEP_ORIGINAL_SETTING))


def _has_metadata(im) -> bool:
    info_keys = set(im.info) - {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density",
                                "progressive", "progression", "adobe", "adobe_transform",
                                "gamma"}
    return bool(info_keys) or bool(im.getexif())


def downscale(data: bytes, media_type: str) -> bytes | None:
    """The photo rewritten (scaled to ``MAX_EDGE``, oriented, without metadata), or None
    when it should be stored unchanged (not a photo type, small and clean, or unreadable)."""
    fmt = PHOTO_TYPES.get(media_type)
    if fmt is None:
        return None
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                if im.format != fmt or im.width * im.height > MAX_PIXELS:
                    return None
                large = max(im.size) > MAX_EDGE
                if not large and not _has_metadata(im):
                    return None
                if fmt == "JPEG" and large:
                    im.draft("RGB", _target(im.size))  # decode at a fraction: faster
                out = ImageOps.exif_transpose(im)
                if max(out.size) > MAX_EDGE:
                    out = out.resize(_target(out.size), Image.Resampling.LANCZOS)
                return _encode(out, fmt)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None


def _target(size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    scale = MAX_EDGE / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _encode(im, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        if im.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            im = im.convert("RGBA")
        im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _keep_original(raw: bytes, data_dir: Path, stored: bytes) -> None:
    from lapor_desktop.fsutil import copy_durably

    target = Path(data_dir) / ORIGINALS_DIR / hashlib.sha256(stored).hexdigest()
    copy_durably(io.BytesIO(raw), target)


@contextmanager
def prepared(fh: BinaryIO, media_type: str, data_dir: Path,
             keep_original: Callable[[bytes, bytes], None] | None = None
             ) -> Iterator[BinaryIO]:
    """A binary stream of what to store for the open file ``fh``: the rewritten photo, or
    the file itself. The caller opened ``fh`` (after checking it is a regular file).
    ``keep_original(raw, stored)`` keeps the original when the setting asks for it (the
    attachment store seals it); without it the original is written as it is."""
    if media_type not in PHOTO_TYPES:
        yield fh
        return
    raw = fh.read()
    data = downscale(raw, media_type)
    if data is None:
        yield io.BytesIO(raw)
        return
    if keep_originals(data_dir):
        (keep_original or (lambda r, d: _keep_original(r, data_dir, d)))(raw, data)
    yield io.BytesIO(data)
