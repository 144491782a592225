"""The bundle container: names, limits, errors, results and the ZIP reading helpers.

A *bundle* (village → kecamatan) is a ZIP container, every entry stored uncompressed:

``reports.jsonl``
    one wire report per line (``intake.to_wire``, canonical JSON), except that the
    ``complainant`` member is replaced by a sealed box to the kecamatan's X25519 key
    holding ``{"complainant": ..., "file_names": {attachment id: name}}`` padded to a
    multiple of 512 bytes, and every attachment's ``file_name`` is "" (format version 2;
    version 1 sealed the complainant alone and carried file names in clear).
``attachments/<attachment id>``
    the attachment bytes.
``manifest.json``
    format, version, bundle id, device, region, creation time, counts, the recipient's key
    fingerprint, and the size and sha256 of every other entry.
``manifest.sig``
    the exporting device's raw Ed25519 signature over the exact bytes of ``manifest.json``.

An *acknowledgement* (kecamatan → village) is a JSON file ``{"ack": {...}, "signature"}``
signed with the kecamatan's device key. See docs/bundles.md.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lapor_desktop.bundles.keys import DeviceInfo
from lapor_desktop.fsutil import CHUNK, NotRegularFile, open_regular
from lapor_desktop.workspace import WorkspaceError

FORMAT = "lapor-bundle"
FORMAT_VERSION = 2  # 2: attachment file names sealed with the identity, padded
ACK_FORMAT = "lapor-ack"
ACK_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REPORTS = "reports.jsonl"
ATTACHMENT_PREFIX = "attachments/"
MANIFEST_MAX = 64 * 1024 * 1024
LINE_MAX = 4 * 1024 * 1024
ACK_MAX = 64 * 1024 * 1024
BATCH = 500
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
KECAMATAN_EVENT = "bundle:kecamatan:"  # + report id: the kecamatan acknowledged receipt
KECAMATAN_STATUS = "di_kecamatan"

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class BundleError(WorkspaceError):
    """A refused bundle or acknowledgement; ``str(exc)`` names what is wrong (Indonesian)."""


class NothingToExport(BundleError):
    pass




# ---------------------------------------------------------------------------- results

@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    reports: int
    attachments: int
    bytes: int
    recipient_fingerprint: str




@dataclass(frozen=True)
class BundleInfo:
    """What a verified bundle holds (nothing written yet)."""

    bundle_id: str
    created_at: str
    device: DeviceInfo
    reports: int
    attachments: int
    new_reports: int
    present_reports: int


@dataclass(frozen=True)
class ImportResult:
    bundle_id: str
    device: DeviceInfo
    imported: int
    already_present: int
    attachments: int
    report_ids: tuple[str, ...] = ()
    # The verdict on the bundle's audit anchor (lapor_protocol.anchors); None without one.
    audit_anchor: str | None = None


@dataclass(frozen=True)
class AckResult:
    path: Path
    ack_id: str
    village_region: str
    reports: int
    with_tracking: int


@dataclass(frozen=True)
class AckImportResult:
    ack_id: str
    acknowledged: int  # reports the kecamatan confirmed it holds
    delivered: int  # reports newly marked terkirim (tracking id known)
    unknown: int  # listed ids this installation does not hold
    events_added: int


# ---------------------------------------------------------------------------- container

def zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]



def detect(path: Path) -> str:
    """"bundle", "ack" or "unknown" from the first bytes of a regular file (a FIFO or
    device is "unknown", never opened for a blocking read)."""
    try:
        with open_regular(path) as fh:
            head = fh.read(4)
    except OSError:
        return "unknown"
    if head.startswith(b"PK"):
        return "bundle"
    if head.lstrip()[:1] == b"{":
        return "ack"
    return "unknown"


def bad_zip(exc: BaseException | None = None) -> BundleError:
    return BundleError("Berkas bundel tidak dapat dibaca: terpotong atau rusak (arsip ZIP tidak "
                       "utuh). Salin ulang berkas dari desa.")


class _OwnZip(zipfile.ZipFile):
    """A ZipFile over a handle it owns (``open_regular``'s), closed with it."""

    def __init__(self, fh: BinaryIO):
        self._own_fh = fh
        super().__init__(fh)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._own_fh.close()


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        fh = open_regular(path)
    except FileNotFoundError:
        raise BundleError(f"Berkas '{Path(path).name}' tidak ditemukan.") from None
    except NotRegularFile:
        raise not_regular(path) from None
    except OSError as exc:
        raise bad_zip(exc) from None
    try:
        return _OwnZip(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        fh.close()
        raise bad_zip(exc) from None


def not_regular(path: Path) -> BundleError:
    return BundleError(f"'{Path(path).name}' bukan berkas biasa (mis. folder, FIFO atau "
                       "perangkat): pilih berkas bundel atau tanda terima dari flashdisk.")


def read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise BundleError(f"Berkas '{name}' di dalam bundel terlalu besar: bundel rusak.")
    try:
        with zf.open(info) as fh:
            return fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        raise BundleError(f"Berkas '{name}' di dalam bundel rusak (CRC tidak cocok atau "
                          "terpotong).") from None


def stream_member(zf: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    try:
        with zf.open(name) as fh:
            while True:
                block = fh.read(CHUNK)
                if not block:
                    return
                yield block
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        raise BundleError(f"Berkas '{name}' di dalam bundel rusak (CRC tidak cocok atau "
                          "terpotong).") from None


def iter_lines(zf: zipfile.ZipFile, name: str, expected: dict) -> Iterator[bytes]:
    """Lines of an entry, hashing as it goes; raises at the end if size/hash differ."""
    digest, size, rest = hashlib.sha256(), 0, b""
    for block in stream_member(zf, name):
        digest.update(block)
        size += len(block)
        rest += block
        *lines, rest = rest.split(b"\n")
        if len(rest) > LINE_MAX:
            raise BundleError("Baris laporan di dalam bundel terlalu panjang: bundel rusak.")
        yield from lines
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise entry_mismatch(name)
    if rest:
        raise BundleError("Berkas laporan di dalam bundel tidak diakhiri dengan benar: "
                          "bundel rusak.")


def entry_mismatch(name: str) -> BundleError:
    what = "daftar laporan" if name == REPORTS else f"lampiran {name[len(ATTACHMENT_PREFIX):]}"
    return BundleError(f"Isi {what} tidak cocok dengan sha256 di manifest: bundel telah diubah "
                       "atau rusak.")
