"""Photos that fit a poor link and say nothing of where they were taken.

Every accepted image format (JPEG, PNG, WebP, GIF, BMP, TIFF) is cleaned when attached,
whatever its size: its EXIF orientation is applied, a long edge over ``MAX_EDGE`` pixels is
scaled down to it (Lanczos), and every piece of metadata (EXIF with GPS position, XMP, ICC
profile, text chunks, comments) is left behind. The format stays the same (JPEG at
``JPEG_QUALITY``, PNG lossless). A small image that carries no metadata is kept byte for
byte. Other files (PDF, office documents) are stored unchanged.

An image is never stored raw when it cannot be cleaned: the pixel count is read from the
header before anything is decoded, and an image over the limit (``MAX_PIXELS``; JPEG, which
decodes at a fraction of its size, ``MAX_PIXELS_JPEG``) is refused with ``PhotoRefused``
instead of decoding (an 88 MP PNG of 343 KB would otherwise take over a gigabyte). So is
one Pillow cannot read (HEIC, a truncated file).

The original is not kept, unless the setting ``keep_original_photos`` (Pengaturan) is on:
then it is stored under ``originals/`` in the data dir, named by the sha256 of the stored
(downscaled) file, and never sent anywhere.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MAX_EDGE = 1600
JPEG_QUALITY = 80
# Pillow's format for every image type attachments accept; None: cannot be cleaned here.
PHOTO_TYPES: dict[str, str | None] = {
    "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF",
    "image/bmp": "BMP", "image/tiff": "TIFF", "image/heic": None}
KEEP_ORIGINAL_SETTING = "keep_original_photos"
ORIGINALS_DIR = "originals"
# Decoded in full: 50 MP is about 200 MB of RGBA at the peak.
MAX_PIXELS = 50_000_000
# JPEG decodes at 1/2, 1/4 or 1/8 of its size (draft), so a 200 MP photo peaks near 25 MB.
MAX_PIXELS_JPEG = 200_000_000
BENIGN_INFO = {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive",
               "progression", "adobe", "adobe_transform", "gamma", "compression",
               "version", "background", "duration", "loop", "transparency", "extension",
               "resolution", "interlace", "aspect", "loop_count"}


class PhotoRefused(ValueError):
    """An image that cannot be cleaned; ``str(exc)`` says why (Bahasa Indonesia)."""


def keep_originals(data_dir: Path) -> bool:
    from lapor_desktop.config import Paths, Settings

    return bool(Settings.load(Paths(Path(data_dir))).extra.get(KEEP_ORIGINAL_SETTING))


def _has_metadata(im) -> bool:
    return bool(set(im.info) - BENIGN_INFO) or bool(im.getexif())


@contextmanager
def _opened(data: BinaryIO | bytes, fmt: str) -> Iterator:
    """The image opened lazily (header only) and its pixel count checked before any
    decoding; ``PhotoRefused`` when it is too large, unreadable or not what it claims."""
    from PIL import Image

    src = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with warnings.catch_warnings():
            # Our own limit below decides; Pillow's bomb warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(src)
    except Image.DecompressionBombError:
        raise PhotoRefused(too_many_pixels(None)) from None
    except (OSError, ValueError, SyntaxError):
        raise PhotoRefused("foto rusak atau tidak dapat dibaca, sehingga data lokasinya "
                           "tidak dapat dihapus") from None
    with im:
        if im.format != fmt:
            raise PhotoRefused("isi berkas tidak sesuai dengan jenis fotonya")
        limit = MAX_PIXELS_JPEG if fmt == "JPEG" else MAX_PIXELS
        if im.width * im.height > limit:
            raise PhotoRefused(too_many_pixels(im.size))
        yield im


def too_many_pixels(size: tuple[int, int] | None) -> str:
    what = f"{size[0]}×{size[1]} piksel" if size else "terlalu banyak piksel"
    return (f"foto terlalu besar ({what}; maks. {MAX_PIXELS // 1_000_000} MP, JPEG "
            f"{MAX_PIXELS_JPEG // 1_000_000} MP). Perkecil dulu foto itu")


def check(fh: BinaryIO, media_type: str) -> None:
    """Refuse, from the header alone, an image that could not be cleaned (see module)."""
    if media_type not in PHOTO_TYPES:
        return
    fmt = PHOTO_TYPES[media_type]
    if fmt is None:
        raise PhotoRefused(unsupported(media_type))
    with _opened(fh, fmt):
        pass


def unsupported(media_type: str) -> str:
    return (f"foto {media_type.split('/')[-1].upper()} belum dapat dibersihkan dari data "
            "lokasinya. Simpan sebagai JPG lalu lampirkan lagi")


def downscale(data: bytes, media_type: str) -> bytes | None:
    """The image rewritten (oriented, scaled to ``MAX_EDGE``, without metadata), or None
    when it may be stored unchanged (not an image, or small and without metadata).
    ``PhotoRefused`` when it cannot be cleaned."""
    if media_type not in PHOTO_TYPES:
        return None
    fmt = PHOTO_TYPES[media_type]
    if fmt is None:
        raise PhotoRefused(unsupported(media_type))
    from PIL import Image

    with _opened(data, fmt) as im:
        large = max(im.size) > MAX_EDGE
        if not large and not _has_metadata(im):
            return None
        try:
            if fmt == "JPEG" and large:
                im.draft("RGB", _target(im.size))  # decode at a fraction: faster
            return _encode(_frames(im), fmt, im.info)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise PhotoRefused("foto rusak atau tidak lengkap, sehingga data lokasinya "
                               "tidak dapat dihapus") from None


def _frames(im) -> list:
    """Every frame (an animated GIF or WebP keeps its animation), upright and scaled."""
    from PIL import Image, ImageOps, ImageSequence

    frames = [ImageOps.exif_transpose(im)] if getattr(im, "n_frames", 1) == 1 else \
        [f.copy() for f in ImageSequence.Iterator(im)]
    return [f.resize(_target(f.size), Image.Resampling.LANCZOS)
            if max(f.size) > MAX_EDGE else f for f in frames]


def _target(size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    scale = MAX_EDGE / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _encode(frames: list, fmt: str, info: dict) -> bytes:
    buf = io.BytesIO()
    first, rest = frames[0], frames[1:]
    # Only timing survives of the source's info: no EXIF, XMP, ICC or comments.
    extra = {k: info[k] for k in ("duration", "loop") if k in info and rest}
    if rest:
        extra.update(save_all=True, append_images=rest)
    if fmt == "JPEG":
        if first.mode not in ("RGB", "L"):
            first = first.convert("RGB")
        first.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "WEBP":
        first.save(buf, "WEBP", quality=JPEG_QUALITY, **extra)
    elif fmt == "GIF":
        first.save(buf, "GIF", optimize=True, **extra)
    elif fmt == "TIFF":
        first.save(buf, "TIFF", compression="tiff_lzw")
    elif fmt == "BMP":
        first.save(buf, "BMP")
    else:
        if first.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            first = first.convert("RGBA")
        first.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _keep_original(raw: bytes, data_dir: Path, stored: bytes) -> None:
    from lapor_desktop.fsutil import copy_durably

    target = Path(data_dir) / ORIGINALS_DIR / hashlib.sha256(stored).hexdigest()
    copy_durably(io.BytesIO(raw), target)


@contextmanager
def prepared(fh: BinaryIO, media_type: str, data_dir: Path) -> Iterator[BinaryIO]:
    """A binary stream of what to store for the open file ``fh``: the rewritten photo, or
    the file itself. The caller opened ``fh`` (after checking it is a regular file)."""
    if media_type not in PHOTO_TYPES:
        yield fh
        return
    raw = fh.read()
    data = downscale(raw, media_type)
    if data is None:
        yield io.BytesIO(raw)
        return
    if keep_originals(data_dir):
        _keep_original(raw, data_dir, data)
    yield io.BytesIO(data)
