"""Durable file writes (temp file, fsync, rename, then fsync the folder where the OS allows)
and safe opens of files a person names (never blocking on a FIFO or a device)."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class NotRegularFile(OSError):
    """The path names a folder, FIFO, socket or device (or a link to one)."""

    def __init__(self, path: os.PathLike[str] | str):
        super().__init__(errno.EINVAL, "bukan berkas biasa (mis. folder, FIFO atau perangkat)",
                         str(path))


class FileTooLarge(OSError):
    """The file is larger than what its kind may ever be (checked before reading)."""

    def __init__(self, path: os.PathLike[str] | str, limit: int):
        super().__init__(errno.EFBIG, f"berkas terlalu besar (maks. {limit} byte)", str(path))


def open_regular(path: os.PathLike[str] | str, *, max_bytes: int | None = None) -> BinaryIO:
    """A binary read handle on a regular file, or an ``OSError`` (``NotRegularFile``,
    ``FileTooLarge``, ``FileNotFoundError`` ...) without ever blocking.

    ``stat`` comes before any open: opening a FIFO blocks until a writer appears and reading
    ``/dev/zero`` never ends. The open itself is non-blocking and the handle is checked
    again, in case the path was swapped between the two. A NUL byte in the path (from JSON
    input) is an ``OSError`` too, not a ``ValueError``.
    """
    try:
        info = os.stat(path)  # follows links: a link to a FIFO is a FIFO here
    except ValueError:
        raise FileNotFoundError(errno.ENOENT, "nama berkas tidak sah", str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    fh = os.fdopen(fd, "rb")
    try:
        opened = os.fstat(fh.fileno())
        if not stat.S_ISREG(opened.st_mode):  # swapped since the stat above
            raise NotRegularFile(path)
        if max_bytes is not None and opened.st_size > max_bytes:
            raise FileTooLarge(path, max_bytes)
    except BaseException:
        fh.close()
        raise
    return fh


def fsync_dir(path: Path) -> None:
    """Make a rename durable. Windows cannot open a directory for fsync; NTFS journals it."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    copy_durably(io.BytesIO(data), target)


def copy_durably(src: BinaryIO, target: Path, *, max_bytes: int | None = None) -> tuple[int, str]:
    """Stream ``src`` into ``target`` atomically; return (size, sha256 hex).

    Raises ``ValueError`` (and leaves nothing behind) when more than ``max_bytes`` arrive.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise ValueError("too large")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return size, digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
