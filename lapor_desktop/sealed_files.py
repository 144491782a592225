"""Sealed files: attachment contents encrypted in a streamed, seekable AEAD format.

Used for attachments at rest (under a key derived from the data key) and for attachment
members of a bundle (under the bundle's own key, sealed to the kecamatan). Layout::

    MAGIC (8) | segment size (u32) | nonce prefix (7) | wrapped file key (12 + 32 + 16)
    | segment 0 | segment 1 | ... | last segment

- The *file key* is random per file and wrapped (AES-256-GCM) under the wrapping key; the
  associated data binds the file's id (the attachment id) and every header byte before it,
  so a header cannot be edited and a file cannot be moved to another attachment.
- Each segment holds ``SEGMENT`` plaintext bytes (the last one 0..SEGMENT) sealed with
  AES-256-GCM under the file key. Its nonce is ``prefix || u32 index || last flag`` and
  its associated data the file id, the index and the last flag: a segment cannot be
  reordered, swapped with another file's, and the file cannot be truncated or extended
  (a cut at a segment boundary leaves a final segment that was not sealed as the last).
- Segments (1 MiB) have a fixed size on disk, so a reader seeks to any plaintext offset by
  decrypting from the segment that holds it (a resumed upload starts mid-file).

Nothing here holds a whole file in memory: writers and readers work a segment at a time.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from lapor_desktop.fsutil import CHUNK, fsync_dir

MAGIC = b"LPRSEAL1"
# 1 MiB: large enough that sealing costs little more than the plain copy it replaces
# (fewer AEAD calls and writes), small enough to seek and to hold one in memory.
SEGMENT = 1024 * 1024
TAG = 16
PREFIX_LEN = 7
WRAPPED_LEN = 12 + 32 + TAG
HEADER_LEN = len(MAGIC) + 4 + PREFIX_LEN + WRAPPED_LEN
SEALED_SEGMENT = SEGMENT + TAG
MAX_SEGMENT = 8 * 1024 * 1024  # a header naming a larger segment size is refused


class Sink(Protocol):
    """Where sealed bytes go: a file, a ZIP member, a hashing wrapper."""

    def write(self, data: bytes, /) -> int | None: ...


class SealedFileError(Exception):
    """A sealed file that does not open: another key or file, edited, truncated or cut."""


def files_key(data_key: bytes) -> bytes:
    """The wrapping key of attachment files at rest, derived from (never stored beside)
    the data key, so file keys and identity ciphertexts never share a key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"lapor-attachment-files-v1").derive(data_key)


def is_sealed_head(head: bytes) -> bool:
    return head[:len(MAGIC)] == MAGIC


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as fh:
        return is_sealed_head(fh.read(len(MAGIC)))


def _key_aad(file_id: str, head: bytes) -> bytes:
    return b"lapor-file-key\x00" + file_id.encode("utf-8") + b"\x00" + head


def _seg_aad(file_id: str, index: int, last: bool) -> bytes:
    return b"lapor-file\x00" + file_id.encode("utf-8") + struct.pack(">I?", index, last)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I?", index, last)


def _parse_header(header: bytes, wrap_key: bytes, file_id: str) -> tuple[AESGCM, bytes, int]:
    """(cipher of the file key, nonce prefix, segment size) or SealedFileError."""
    if len(header) != HEADER_LEN or not is_sealed_head(header):
        raise SealedFileError("not a sealed file or truncated header")
    (segment,) = struct.unpack(">I", header[8:12])
    if not 0 < segment <= MAX_SEGMENT:
        raise SealedFileError("bad segment size")
    prefix = header[12:12 + PREFIX_LEN]
    wrapped = header[12 + PREFIX_LEN:]
    try:
        key = AESGCM(wrap_key).decrypt(wrapped[:12], wrapped[12:],
                                       _key_aad(file_id, header[:12 + PREFIX_LEN]))
    except InvalidTag:
        raise SealedFileError("file key does not open (other key, other file or edited)") \
            from None
    return AESGCM(key), prefix, segment


class SealingWriter:
    """Seals what is written to it into ``out`` (any binary writer, e.g. a ZIP member).

    ``size`` and ``sha256`` describe the plaintext; ``written`` counts the sealed bytes.
    ``close()`` writes the last segment; without it the file does not open.
    """

    def __init__(self, out: Sink, wrap_key: bytes, file_id: str):
        self._out, self._file_id = out, file_id
        key = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(key)
        self._prefix = os.urandom(PREFIX_LEN)
        head = MAGIC + struct.pack(">I", SEGMENT) + self._prefix
        nonce = os.urandom(12)
        wrapped = nonce + AESGCM(wrap_key).encrypt(nonce, key, _key_aad(file_id, head))
        self._buf = bytearray()
        self._index = 0
        self._closed = False
        self.size = 0
        self.written = 0
        self._digest = hashlib.sha256()
        self._emit_raw(head + wrapped)

    def _emit_raw(self, data: bytes) -> None:
        self._out.write(data)
        self.written += len(data)

    def _seal(self, plain: bytes | bytearray | memoryview, last: bool) -> None:
        self._emit_raw(self._aead.encrypt(_nonce(self._prefix, self._index, last), plain,
                                          _seg_aad(self._file_id, self._index, last)))
        self._index += 1

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed sealed file")
        mv = memoryview(data).cast("B")
        n = len(mv)
        self._digest.update(mv)
        self.size += n
        # Only close() knows which segment is the last: a full segment is sealed only once
        # more bytes follow it. Whole segments are sealed straight from ``data``.
        if self._buf:
            need = SEGMENT - len(self._buf)
            if n <= need:
                self._buf += mv
                return n
            self._buf += mv[:need]
            mv = mv[need:]
            self._seal(self._buf, last=False)
            self._buf = bytearray()
        while len(mv) > SEGMENT:
            self._seal(mv[:SEGMENT], last=False)
            mv = mv[SEGMENT:]
        self._buf += mv
        return n

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buf), last=True)
            self._buf.clear()
            self._closed = True

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


class Unsealer:
    """Push decoder: ``feed`` sealed bytes in any pieces, get plaintext back as segments
    complete; ``finish`` checks that the file ended with its last segment."""

    def __init__(self, wrap_key: bytes, file_id: str):
        self._wrap_key, self._file_id = wrap_key, file_id
        self._buf = bytearray()
        self._aead: AESGCM | None = None
        self._prefix = b""
        self._sealed_segment = SEALED_SEGMENT
        self._index = 0
        self._done = False

    def feed(self, data: bytes) -> bytes:
        if self._done:
            if data:
                raise SealedFileError("data after the last segment")
            return b""
        self._buf += data
        if self._aead is None:
            if len(self._buf) < HEADER_LEN:
                return b""
            self._aead, self._prefix, segment = _parse_header(
                bytes(self._buf[:HEADER_LEN]), self._wrap_key, self._file_id)
            self._sealed_segment = segment + TAG
            del self._buf[:HEADER_LEN]
        out = bytearray()
        # A full segment followed by more bytes cannot be the last one.
        while len(self._buf) > self._sealed_segment:
            out += self._open(bytes(self._buf[:self._sealed_segment]), last=False)
            del self._buf[:self._sealed_segment]
        return bytes(out)

    def _open(self, sealed: bytes, last: bool) -> bytes:
        assert self._aead is not None
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, self._index, last), sealed,
                                       _seg_aad(self._file_id, self._index, last))
        except InvalidTag:
            raise SealedFileError(f"segment {self._index} does not open (edited, reordered "
                                  "or cut)") from None
        self._index += 1
        return plain

    def finish(self) -> bytes:
        if self._done:
            return b""
        if self._aead is None or len(self._buf) < TAG:
            raise SealedFileError("sealed file is truncated")
        plain = self._open(bytes(self._buf), last=True)
        self._buf.clear()
        self._done = True
        return plain


def unseal_chunks(src: BinaryIO, wrap_key: bytes, file_id: str) -> Iterator[bytes]:
    """The plaintext of a sealed stream, read and yielded piece by piece (any stream)."""
    dec = Unsealer(wrap_key, file_id)
    while block := src.read(CHUNK):
        plain = dec.feed(block)
        if plain:
            yield plain
    last = dec.finish()
    if last:
        yield last


def seal_stream(src: BinaryIO, out: Sink, wrap_key: bytes, file_id: str, *,
                max_bytes: int | None = None) -> SealingWriter:
    """Seal everything ``src`` yields into ``out``; ValueError past ``max_bytes``."""
    writer = SealingWriter(out, wrap_key, file_id)
    while block := src.read(CHUNK):
        if max_bytes is not None and writer.size + len(block) > max_bytes:
            raise ValueError("too large")
        writer.write(block)
    writer.close()
    return writer


def seal_durably(src: BinaryIO, target: Path, wrap_key: bytes, file_id: str, *,
                 max_bytes: int | None = None) -> tuple[int, str]:
    """Seal ``src`` into ``target`` atomically (temp file, fsync, rename, folder fsync);
    returns the plaintext (size, sha256 hex). Nothing is left behind on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            writer = seal_stream(src, out, wrap_key, file_id, max_bytes=max_bytes)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return writer.size, writer.sha256


class SealedReader(io.RawIOBase):
    """Random-access plaintext of a sealed file on a seekable handle.

    ``size`` is the plaintext length, from the file's length; a file that was cut or
    extended fails to open at the segment where it was changed.
    """

    def __init__(self, fh: BinaryIO, wrap_key: bytes, file_id: str):
        super().__init__()
        self._fh, self._file_id = fh, file_id
        fh.seek(0)
        self._aead, self._prefix, self._segment = _parse_header(fh.read(HEADER_LEN),
                                                                wrap_key, file_id)
        sealed_len = fh.seek(0, io.SEEK_END) - HEADER_LEN
        seg = self._segment + TAG
        self._count = max(1, -(-sealed_len // seg))
        last_len = sealed_len - (self._count - 1) * seg
        if last_len < TAG:
            raise SealedFileError("sealed file is truncated")
        self.size = (self._count - 1) * self._segment + last_len - TAG
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    @classmethod
    def open(cls, path: Path, wrap_key: bytes, file_id: str) -> SealedReader:
        fh = open(path, "rb")  # noqa: SIM115 - the reader owns and closes it
        try:
            return cls(fh, wrap_key, file_id)
        except BaseException:
            fh.close()
            raise

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def _plain_segment(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        seg = self._segment + TAG
        self._fh.seek(HEADER_LEN + index * seg)
        sealed = self._fh.read(seg)
        last = index == self._count - 1
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, index, last), sealed,
                                       _seg_aad(self._file_id, index, last))
        except InvalidTag:
            raise SealedFileError(f"segment {index} does not open (edited, reordered or "
                                  "cut)") from None
        if not last and len(plain) != self._segment:
            raise SealedFileError("short segment")
        self._cached = (index, plain)
        return plain

    def readinto(self, b) -> int:
        if self._pos >= self.size:
            return 0
        index, skip = divmod(self._pos, self._segment)
        plain = self._plain_segment(index)
        n = min(len(b), len(plain) - skip)
        b[:n] = plain[skip:skip + n]
        self._pos += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
        super().close()
