"""Offline transfer: signed bundle files on a USB stick, and acknowledgements back.

A *bundle* (village → kecamatan) is a ZIP container, every entry stored uncompressed:

``reports.jsonl``
    one wire report per line (``intake.to_wire``, canonical JSON), except that the
    ``complainant`` member is replaced by a sealed box to the kecamatan's X25519 key.
``attachments/<attachment id>``
    the attachment bytes.
``manifest.json``
    format, version, bundle id, device, region, creation time, counts, the recipient's key
    fingerprint, and the size and sha256 of every other entry.
``manifest.sig``
    the exporting device's raw Ed25519 signature over the exact bytes of ``manifest.json``.

An *acknowledgement* (kecamatan → village) is a JSON file ``{"ack": {...}, "signature"}``
signed with the kecamatan's device key; the village verifies it with the key from the
kecamatan key file it imported.

Import verifies everything before anything is written; the write phase re-hashes every
byte it copies (the stick may change between the passes) and commits all reports in one
transaction. See docs/bundles.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lapor_desktop import audit, kecamatan as kec
from lapor_protocol.domain import LocalState
from lapor_desktop.fsutil import CHUNK, atomic_write_bytes, fsync_dir
from lapor_desktop.intake import IDENTITY_FIELDS, seal_file_name, to_wire
from lapor_desktop.security import b64d, b64e
from lapor_desktop.store.models import (
    Attachment, Outbox, Report, StatusEvent, utcnow_seconds,
)
from lapor_protocol.wire import ATTACHMENT_FIELDS, WIRE_FIELDS, canonical_json, content_hash
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError

FORMAT = "lapor-bundle"
FORMAT_VERSION = 1
ACK_FORMAT = "lapor-ack"
ACK_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REPORTS = "reports.jsonl"
ATTACHMENT_PREFIX = "attachments/"
SEAL_ALG = "x25519-hkdf-sha256-aes256gcm"
SEAL_INFO = b"lapor-bundle-identity-v1"
MANIFEST_MAX = 64 * 1024 * 1024
LINE_MAX = 4 * 1024 * 1024
ACK_MAX = 64 * 1024 * 1024
BATCH = 500
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DEVICE_META = "bundle_device:"  # + device id -> base64 Ed25519 public key (trust on first use)
KECAMATAN_EVENT = "bundle:kecamatan:"  # + report id: the kecamatan acknowledged receipt
KECAMATAN_STATUS = "di_kecamatan"

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class BundleError(WorkspaceError):
    """A refused bundle or acknowledgement; ``str(exc)`` names what is wrong (Indonesian)."""


class NothingToExport(BundleError):
    pass


# ---------------------------------------------------------------------------- sealed boxes

def _seal_key(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + recipient_public,
                info=SEAL_INFO).derive(shared)


def seal(recipient_public: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Ephemeral X25519 + HKDF-SHA256 + AES-256-GCM: ``eph_pub(32) | nonce(12) | ct``."""
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(12)
    key = _seal_key(shared, eph_public, recipient_public)
    return eph_public + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(recipient_private: bytes, box: bytes, aad: bytes) -> bytes:
    """Raises ``InvalidTag`` (or ``ValueError``) unless the box opens under this key."""
    if len(box) < 32 + 12 + 16:
        raise ValueError("sealed box too short")
    priv = X25519PrivateKey.from_private_bytes(recipient_private)
    recipient_public = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)
    eph_public, nonce, ct = box[:32], box[32:44], box[44:]
    shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_public))
    key = _seal_key(shared, eph_public, recipient_public)
    return AESGCM(key).decrypt(nonce, ct, aad)


def _identity_aad(report_id: str, chash: str) -> bytes:
    return f"lapor-identity:{report_id}:{chash}".encode("ascii")


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
class DeviceInfo:
    device_id: str
    region_code: str
    public_key: str  # base64
    fingerprint: str  # sha256 hex of the raw public key
    known: bool  # False: first bundle from this device (trust on first use)

    @property
    def short_fingerprint(self) -> str:
        return kec.format_fingerprint(self.fingerprint)


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


# ---------------------------------------------------------------------------- export

def pending_ids(ws: Workspace) -> list[str]:
    """Finalised reports not yet acknowledged by the kecamatan, oldest first."""
    acked = select(StatusEvent.report_id).where(
        StatusEvent.remote_event_id.like(KECAMATAN_EVENT + "%"))
    with ws.db.read() as s:
        return list(s.scalars(
            select(Report.id).where(Report.local_state == LocalState.SIAP_KIRIM.value,
                                    Report.id.not_in(acked))
            .order_by(Report.finalised_at, Report.pk)))


def _zinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def export_bundle(ws: Workspace, actor: Actor, target: Path, *,
                  progress: Progress | None = None) -> ExportResult:
    """Write every finalised, unacknowledged report (with attachments) to ``target``.

    Written to a temporary name next to the target and renamed only when complete.
    Memory stays bounded: reports are read in batches and files are streamed.
    """
    if ws.is_kecamatan:
        raise BundleError("Instalasi kecamatan tidak mengekspor bundel desa; gunakan "
                          "'bundle ack' untuk tanda terima.")
    key = kec.installed_key(ws)
    if key is None:
        raise BundleError("Kunci kecamatan belum diimpor. Impor dulu berkas kunci kecamatan "
                          "(lapor-desktop kecamatan-key import BERKAS).")
    ids = pending_ids(ws)
    if not ids:
        raise NothingToExport("Tidak ada laporan final yang belum diterima kecamatan.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    signer = Ed25519PrivateKey.from_private_bytes(ws.signing_key(actor))
    cipher = actor.cipher
    bundle_id = str(uuid.uuid4())
    entries: list[dict[str, Any]] = []
    files: list[tuple[str, Path, int, str]] = []
    total = len(ids)
    try:
        with open(tmp, "wb") as fh:
            with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
                digest, size, done = hashlib.sha256(), 0, 0
                with zf.open(_zinfo(REPORTS), "w", force_zip64=True) as w:
                    for chunk in _chunks(ids, BATCH):
                        with ws.db.read() as s:
                            rows = s.scalars(select(Report).where(Report.id.in_(chunk))
                                             .options(selectinload(Report.attachments)))
                            by_id = {r.id: r for r in rows}
                            for rid in chunk:
                                row = by_id[rid]
                                wire = to_wire(row, cipher)
                                if wire["content_hash"] != row.content_hash:
                                    raise BundleError(
                                        f"Laporan {row.local_number}: isi tersimpan tidak "
                                        "cocok dengan sidik saat final. Ekspor dibatalkan.")
                                ident = canonical_json(wire["complainant"])
                                box = seal(key.encryption_public_key, ident,
                                           _identity_aad(rid, wire["content_hash"]))
                                wire["complainant"] = {"sealed": b64e(box), "alg": SEAL_ALG}
                                line = canonical_json(wire) + b"\n"
                                digest.update(line)
                                size += len(line)
                                w.write(line)
                                for a in sorted(row.attachments,
                                                key=lambda a: (a.created_at, a.id)):
                                    files.append((a.id, ws.paths.root / a.stored_path,
                                                  a.size, a.sha256))
                                done += 1
                        if progress:
                            progress("reports", done, total)
                entries.append({"name": REPORTS, "size": size, "sha256": digest.hexdigest()})
                for n, (att_id, path, expected_size, expected_sha) in enumerate(files, 1):
                    name = ATTACHMENT_PREFIX + att_id
                    digest, size = hashlib.sha256(), 0
                    try:
                        src = open(path, "rb")
                    except OSError:
                        raise BundleError(f"Lampiran {att_id} tidak ditemukan di folder data. "
                                          "Ekspor dibatalkan.") from None
                    with src, zf.open(_zinfo(name), "w", force_zip64=True) as w:
                        for block in iter(lambda: src.read(CHUNK), b""):
                            digest.update(block)
                            size += len(block)
                            w.write(block)
                    if size != expected_size or digest.hexdigest() != expected_sha:
                        raise BundleError(f"Lampiran {att_id} rusak di folder data (sha256 "
                                          "tidak cocok). Ekspor dibatalkan.")
                    entries.append({"name": name, "size": size, "sha256": expected_sha})
                    if progress:
                        progress("attachments", n, len(files))
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION,
                    "bundle_id": bundle_id, "created_at": utcnow_seconds().isoformat(),
                    "device_id": ws.device_id, "region_code": ws.region_code,
                    "device_public_key": ws.db.get_meta("device_public_key"),
                    "recipient": {"region_code": key.region_code,
                                  "device_id": key.device_id,
                                  "fingerprint": key.fingerprint},
                    "counts": {"reports": total, "attachments": len(files)},
                    "entries": entries,
                }
                manifest_bytes = canonical_json(manifest)
                zf.writestr(_zinfo(MANIFEST), manifest_bytes)
                zf.writestr(_zinfo(SIGNATURE), signer.sign(manifest_bytes))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    with ws.db.write() as s:
        audit.record(s, operator_id=actor.operator_id, action="bundle_export",
                     detail={"bundle": bundle_id, "reports": total, "attachments": len(files),
                             "recipient": key.fingerprint[:16]})
    return ExportResult(target, bundle_id, total, len(files), target.stat().st_size,
                        key.fingerprint)


# ---------------------------------------------------------------------------- verification

def detect(path: Path) -> str:
    """"bundle", "ack" or "unknown" from the first bytes of the file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return "unknown"
    if head.startswith(b"PK"):
        return "bundle"
    if head.lstrip()[:1] == b"{":
        return "ack"
    return "unknown"


def _fp_key(public_b64: str) -> str:
    return hashlib.sha256(b64d(public_b64)).hexdigest()


@dataclass
class _Line:
    id: str
    content_hash: str
    attachments: list[tuple[str, int, str]]  # (id, size, sha256)
    present: bool = False


@dataclass
class _Verified:
    manifest: dict
    entries: dict[str, dict]  # name -> {"size", "sha256"}
    lines: list[_Line] = field(default_factory=list)
    device: DeviceInfo | None = None


def _bad_zip(exc: BaseException | None = None) -> BundleError:
    return BundleError("Berkas bundel tidak dapat dibaca: terpotong atau rusak (arsip ZIP tidak "
                       "utuh). Salin ulang berkas dari desa.")


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"Berkas '{Path(path).name}' tidak ditemukan.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise _bad_zip(exc) from None


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
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


def _stream_member(zf: zipfile.ZipFile, name: str) -> Iterator[bytes]:
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


def _iter_lines(zf: zipfile.ZipFile, name: str, expected: dict) -> Iterator[bytes]:
    """Lines of an entry, hashing as it goes; raises at the end if size/hash differ."""
    digest, size, rest = hashlib.sha256(), 0, b""
    for block in _stream_member(zf, name):
        digest.update(block)
        size += len(block)
        rest += block
        *lines, rest = rest.split(b"\n")
        if len(rest) > LINE_MAX:
            raise BundleError("Baris laporan di dalam bundel terlalu panjang: bundel rusak.")
        yield from lines
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise _entry_mismatch(name)
    if rest:
        raise BundleError("Berkas laporan di dalam bundel tidak diakhiri dengan benar: "
                          "bundel rusak.")


def _entry_mismatch(name: str) -> BundleError:
    what = "daftar laporan" if name == REPORTS else f"lampiran {name[len(ATTACHMENT_PREFIX):]}"
    return BundleError(f"Isi {what} tidak cocok dengan sha256 di manifest: bundel telah diubah "
                       "atau rusak.")


def _check_manifest_shape(m: Any) -> dict:
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise BundleError("Berkas ini bukan bundel LAPOR Desktop (manifest tidak dikenal).")
    version = m.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError("Versi format bundel tidak sah: manifest rusak.")
    if version > FORMAT_VERSION:
        raise BundleError(f"Bundel memakai format versi {version}, lebih baru dari yang dikenal "
                          f"aplikasi ini (versi {FORMAT_VERSION}). Perbarui LAPOR Desktop di "
                          "kecamatan.")
    try:
        ok = (isinstance(m["bundle_id"], str) and isinstance(m["device_id"], str)
              and isinstance(m["region_code"], str) and isinstance(m["created_at"], str)
              and isinstance(m["device_public_key"], str)
              and len(b64d(m["device_public_key"])) == 32
              and isinstance(m["recipient"], dict)
              and isinstance(m["recipient"].get("fingerprint"), str)
              and isinstance(m["counts"], dict) and isinstance(m["entries"], list))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise BundleError("Manifest bundel tidak lengkap atau rusak.")
    return m


def _entry_map(m: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e in m["entries"]:
        if not (isinstance(e, dict) and isinstance(e.get("name"), str)
                and isinstance(e.get("size"), int) and e["size"] >= 0
                and isinstance(e.get("sha256"), str) and HEX64_RE.match(e["sha256"])):
            raise BundleError("Daftar isi manifest rusak.")
        name = e["name"]
        if name != REPORTS and not (name.startswith(ATTACHMENT_PREFIX)
                                    and UUID_RE.match(name[len(ATTACHMENT_PREFIX):])):
            raise BundleError(f"Manifest mencantumkan berkas tak dikenal '{name[:80]}'.")
        if name in out:
            raise BundleError("Manifest mencantumkan berkas yang sama dua kali.")
        out[name] = e
    if REPORTS not in out:
        raise BundleError("Manifest tidak mencantumkan daftar laporan.")
    return out


def verify_bundle(ws: Workspace, actor: Actor, path: Path, *,
                  progress: Progress | None = None) -> BundleInfo:
    """Check a bundle completely without writing anything; raises ``BundleError``."""
    with _open_zip(Path(path)) as zf:
        v = _verify(ws, actor, zf, progress)
    new = sum(1 for ln in v.lines if not ln.present)
    return BundleInfo(v.manifest["bundle_id"], v.manifest["created_at"], v.device,
                      len(v.lines), len(v.entries) - 1, new, len(v.lines) - new)


def _verify(ws: Workspace, actor: Actor, zf: zipfile.ZipFile,
            progress: Progress | None) -> _Verified:
    if not ws.is_kecamatan:
        raise BundleError("Bundel laporan hanya dapat diimpor di instalasi kecamatan.")
    kecamatan = ws.region_code
    try:
        infos = zf.infolist()
    except Exception:  # noqa: BLE001
        raise _bad_zip() from None
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise BundleError("Bundel berisi nama berkas ganda: bundel telah diubah.")
    if MANIFEST not in names:
        raise BundleError("Berkas ini bukan bundel LAPOR Desktop (manifest tidak ada).")
    if SIGNATURE not in names:
        raise BundleError("Bundel tidak bertanda tangan (manifest.sig tidak ada): ditolak.")
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            raise BundleError("Bundel memakai kompresi atau enkripsi ZIP yang tidak dikenal.")

    manifest_bytes = _read_member(zf, MANIFEST, MANIFEST_MAX)
    signature = _read_member(zf, SIGNATURE, 1024)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError("Manifest bundel rusak (bukan JSON yang sah).") from None
    m = _check_manifest_shape(manifest)

    public_b64 = m["device_public_key"]
    if len(signature) != 64:
        raise BundleError("Tanda tangan bundel rusak (panjang tidak sah): ditolak.")
    try:
        Ed25519PublicKey.from_public_bytes(b64d(public_b64)).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError):
        raise BundleError("Tanda tangan bundel tidak sah: manifest telah diubah atau tanda "
                          "tangan bukan milik perangkat pengirim. Bundel ditolak.") from None
    if canonical_json(m) != manifest_bytes:
        raise BundleError("Manifest bundel tidak dalam bentuk kanonik: ditolak.")

    device_id, region = m["device_id"], m["region_code"]
    known_key = ws.db.get_meta(DEVICE_META + device_id) if device_id else None
    if known_key is not None and known_key != public_b64:
        raise BundleError(
            f"Perangkat {device_id} sebelumnya mengirim bundel dengan kunci tanda tangan lain "
            f"(sidik jari {kec.format_fingerprint(_fp_key(known_key))}); bundel ini "
            f"bertanda tangan kunci {kec.format_fingerprint(_fp_key(public_b64))}. Ditolak. "
            "Periksa perangkat desa sebelum mempercayai kunci baru.")
    device = DeviceInfo(device_id, region, public_b64, _fp_key(public_b64),
                        known_key is not None)

    own_fp = kec.own_fingerprint(ws)
    if m["recipient"]["fingerprint"] != own_fp:
        raise BundleError(
            "Bundel ini ditujukan untuk kunci kecamatan lain (sidik jari "
            f"{kec.format_fingerprint(str(m['recipient']['fingerprint']))}), bukan kunci "
            f"kecamatan ini ({kec.format_fingerprint(own_fp)}). Ditolak.")
    if not kec.within(region, kecamatan) or not UUID_RE.match(device_id):
        raise BundleError(f"Bundel berasal dari wilayah {region[:20]}, di luar kecamatan "
                          f"{kecamatan}. Ditolak.")

    entries = _entry_map(m)
    expected_names = set(entries) | {MANIFEST, SIGNATURE}
    extra = sorted(set(names) - expected_names)
    if extra:
        raise BundleError(f"Bundel berisi berkas yang tidak tercantum di manifest "
                          f"('{extra[0][:80]}'): bundel telah diubah.")
    missing = sorted(expected_names - set(names))
    if missing:
        raise BundleError(f"Berkas '{missing[0]}' tercantum di manifest tetapi tidak ada di "
                          "bundel: bundel terpotong atau diubah.")
    for info in infos:
        e = entries.get(info.filename)
        if e is not None and info.file_size != e["size"]:
            raise _entry_mismatch(info.filename)
    counts = m["counts"]
    if counts.get("attachments") != len(entries) - 1:
        raise BundleError("Jumlah lampiran di manifest tidak cocok dengan isinya.")

    # Every byte of every entry against the signed manifest, streamed, before parsing any.
    for n, name in enumerate([REPORTS] + sorted(set(entries) - {REPORTS}), 1):
        digest, size = hashlib.sha256(), 0
        for block in _stream_member(zf, name):
            digest.update(block)
            size += len(block)
        if size != entries[name]["size"] or digest.hexdigest() != entries[name]["sha256"]:
            raise _entry_mismatch(name)
        if progress:
            progress("verify_files", n, len(entries))

    v = _Verified(m, entries, device=device)
    enc_private = kec.private_key(ws, actor)
    seen: set[str] = set()
    referenced: set[str] = set()
    total = counts.get("reports") if isinstance(counts.get("reports"), int) else 0
    for n, raw in enumerate(_iter_lines(zf, REPORTS, entries[REPORTS]), 1):
        wire = _parse_line(raw, n)
        rid = wire["id"]
        if rid in seen:
            raise BundleError(f"Laporan baris {n} muncul dua kali di bundel: ditolak.")
        seen.add(rid)
        _check_line_region(wire, n, kecamatan, region)
        _open_identity(wire, enc_private, n)  # checks content_hash over the clear wire
        atts = []
        for a in wire["attachments"]:
            e = entries.get(ATTACHMENT_PREFIX + str(a.get("id")))
            if e is None or e["size"] != a.get("size") or e["sha256"] != a.get("sha256"):
                raise BundleError(f"Laporan baris {n}: lampiran {str(a.get('id'))[:36]} tidak "
                                  "ada di bundel atau tidak cocok dengan manifest.")
            if a["id"] in referenced:
                raise BundleError(f"Laporan baris {n}: lampiran dipakai dua kali.")
            referenced.add(a["id"])
            atts.append((a["id"], a["size"], a["sha256"]))
        v.lines.append(_Line(rid, wire["content_hash"], atts))
        if progress and n % BATCH == 0:
            progress("verify", n, total)
    if len(v.lines) != total:
        raise BundleError(f"Manifest menyebut {total} laporan, bundel berisi {len(v.lines)}.")
    if len(referenced) != len(entries) - 1:
        raise BundleError("Bundel berisi lampiran yang tidak dimiliki laporan mana pun.")

    # What this installation already holds: same id must mean same content.
    with ws.db.read() as s:
        for chunk in _chunks(v.lines, BATCH):
            have = dict(s.execute(select(Report.id, Report.content_hash)
                                  .where(Report.id.in_([ln.id for ln in chunk]))).all())
            for ln in chunk:
                if ln.id in have:
                    if have[ln.id] != ln.content_hash:
                        raise BundleError(
                            f"Laporan {ln.id} sudah ada di kecamatan dengan isi berbeda: "
                            "bundel ditolak (koreksi harus berupa laporan baru).")
                    ln.present = True
            att_ids = [a[0] for ln in chunk if not ln.present for a in ln.attachments]
            if att_ids and s.scalar(select(func.count()).select_from(Attachment)
                                    .where(Attachment.id.in_(att_ids))):
                raise BundleError("Lampiran dalam bundel sudah tercatat untuk laporan lain: "
                                  "ditolak.")
    return v


TEXT_FIELDS = ("kind", "title", "body", "region_code", "privacy", "channel")
OPTIONAL_TEXT_FIELDS = ("incident_date", "location_detail", "category", "agency",
                        "supersedes")


def _attachment_ok(a: Any) -> bool:
    return (isinstance(a, dict) and set(a) == set(ATTACHMENT_FIELDS)
            and all(isinstance(a[k], str) for k in ("id", "file_name", "media_type"))
            and isinstance(a["size"], int) and not isinstance(a["size"], bool))


def _parse_line(raw: bytes, n: int) -> dict:
    try:
        wire = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError(f"Laporan baris {n} rusak (bukan JSON yang sah).") from None
    if not isinstance(wire, dict) or set(wire) != set(WIRE_FIELDS):
        raise BundleError(f"Laporan baris {n} tidak berbentuk laporan yang dikenal.")
    ok = (isinstance(wire["id"], str) and UUID_RE.match(wire["id"])
          and isinstance(wire["content_hash"], str) and HEX64_RE.match(wire["content_hash"])
          and all(isinstance(wire[k], str) for k in TEXT_FIELDS)
          and all(wire[k] is None or isinstance(wire[k], str) for k in OPTIONAL_TEXT_FIELDS)
          and isinstance(wire["attachments"], list)
          and all(_attachment_ok(a) for a in wire["attachments"])
          and isinstance(wire["complainant"], dict)
          and wire["complainant"].get("alg") == SEAL_ALG
          and isinstance(wire["complainant"].get("sealed"), str)
          and isinstance(wire["origin"], dict)
          and isinstance(wire["local_number"], str)
          and isinstance(wire["recorded_at"], str))
    if not ok:
        raise BundleError(f"Laporan baris {n} tidak berbentuk laporan yang dikenal.")
    try:
        datetime.fromisoformat(wire["recorded_at"])
        if wire["incident_date"] is not None:
            date.fromisoformat(wire["incident_date"])
    except (TypeError, ValueError):
        raise BundleError(f"Laporan baris {n}: tanggal tidak sah.") from None
    return wire


def _check_line_region(wire: dict, n: int, kecamatan: str, bundle_region: str) -> None:
    origin = wire["origin"]
    if (origin.get("region_code") != bundle_region
            or not kec.within(str(wire.get("region_code")), kecamatan)):
        raise BundleError(f"Laporan baris {n} berasal dari wilayah di luar kecamatan "
                          f"{kecamatan} atau bukan dari desa pengirim bundel: ditolak.")


def _open_identity(wire: dict, enc_private: bytes, n: int) -> dict:
    """The clear complainant; also checks the content hash over the restored wire report."""
    try:
        box = b64d(wire["complainant"]["sealed"])
        clear = open_sealed(enc_private, box, _identity_aad(wire["id"], wire["content_hash"]))
        comp = json.loads(clear.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError):
        raise BundleError(f"Identitas pelapor pada laporan baris {n} tidak dapat dibuka dengan "
                          "kunci kecamatan ini: bundel ditujukan ke kunci lain atau "
                          "rusak.") from None
    if not isinstance(comp, dict) or set(comp) - {"salt"} != set(IDENTITY_FIELDS) or not all(
            v is None or isinstance(v, str) for v in comp.values()):
        raise BundleError(f"Identitas pelapor pada laporan baris {n} rusak.")
    restored = {**wire, "complainant": comp}
    if content_hash(restored) != wire["content_hash"]:
        raise BundleError(f"Laporan baris {n}: isi tidak cocok dengan content hash dari desa "
                          "(diubah setelah final). Bundel ditolak.")
    return comp


# ---------------------------------------------------------------------------- import

def import_bundle(ws: Workspace, actor: Actor, path: Path, *,
                  progress: Progress | None = None,
                  confirm_new_device: Callable[[DeviceInfo], bool] | None = None
                  ) -> ImportResult:
    """Verify the whole bundle, then copy attachments and commit all new reports at once.

    ``confirm_new_device`` is asked (after verification) when a device sends its first
    bundle; returning False refuses the bundle. Without it the key is trusted on first use
    and reported in the result.
    """
    path = Path(path)
    with _open_zip(path) as zf:
        v = _verify(ws, actor, zf, progress)
        device = v.device
        if not device.known and confirm_new_device is not None \
                and not confirm_new_device(device):
            raise BundleError("Kunci perangkat desa tidak dikonfirmasi operator: bundel tidak "
                              "diimpor.")
        new_lines = {ln.id: ln for ln in v.lines if not ln.present}
        copied: list[Path] = []
        try:
            # 1. Attachment files of new reports, durably, re-hashed while copying.
            todo = [(ln.id, a) for ln in new_lines.values() for a in ln.attachments]
            for n, (rid, (att_id, size, sha)) in enumerate(todo, 1):
                target = ws.paths.attachments / rid / att_id
                copied.append(target)
                _copy_entry(zf, ATTACHMENT_PREFIX + att_id, target, size, sha)
                if progress:
                    progress("copy", n, len(todo))
            # 2. All reports in one transaction; the report list is re-hashed as it is read.
            try:
                imported = _write_reports(ws, actor, zf, v, new_lines, progress)
            except IntegrityError:
                raise BundleError(
                    "Laporan dari bundel ini baru saja disimpan oleh impor lain yang berjalan "
                    "bersamaan. Tidak ada yang disimpan dua kali; impor ulang bundel ini bila "
                    "perlu (yang sudah ada akan dilewati).") from None
        except BaseException:
            # Another import of the same bundle may have committed these very files (the
            # page and the CLI at once): remove only files no committed row refers to.
            with ws.db.read() as s:
                kept = set(s.scalars(select(Attachment.id).where(
                    Attachment.id.in_([p.name for p in copied]))))
            for p in copied:
                if p.name in kept:
                    continue
                p.unlink(missing_ok=True)
                try:
                    p.parent.rmdir()
                except OSError:
                    pass
            raise
    return ImportResult(v.manifest["bundle_id"], device, imported, len(v.lines) - imported,
                        sum(len(ln.attachments) for ln in new_lines.values()),
                        tuple(new_lines))


def _copy_entry(zf: zipfile.ZipFile, name: str, target: Path, size: int, sha: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # A temp name of its own: two imports of one bundle must not write into one temp file.
    fd, tmp_name = tempfile.mkstemp(prefix=f".tmp-{target.name}-", dir=target.parent)
    tmp = Path(tmp_name)
    digest, got = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            for block in _stream_member(zf, name):
                digest.update(block)
                got += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if got != size or digest.hexdigest() != sha:
            raise _entry_mismatch(name)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def _write_reports(ws: Workspace, actor: Actor, zf: zipfile.ZipFile, v: _Verified,
                   new_lines: dict[str, _Line], progress: Progress | None) -> int:
    enc_private = kec.private_key(ws, actor)
    cipher = actor.cipher
    m = v.manifest
    now = utcnow_seconds()
    imported = 0
    queued: list[str] = []
    with ws.db.write() as s, s.no_autoflush:
        for n, raw in enumerate(_iter_lines(zf, REPORTS, v.entries[REPORTS]), 1):
            wire = _parse_line(raw, n)
            if wire["id"] not in new_lines:
                continue
            line = new_lines[wire["id"]]
            if wire["content_hash"] != line.content_hash:
                raise BundleError("Bundel berubah selama impor: dibatalkan, tidak ada yang "
                                  "disimpan.")
            _check_line_region(wire, n, ws.region_code, m["region_code"])
            comp = _open_identity(wire, enc_private, n)
            report = _report_row(wire, comp, cipher, actor, now)
            for i, a in enumerate(wire["attachments"]):
                report.attachments.append(Attachment(
                    id=a["id"], report_id=report.id, file_name="",
                    enc_file_name=seal_file_name(cipher, a["id"], str(a["file_name"])[:255]),
                    media_type=str(a["media_type"])[:128], size=a["size"], sha256=a["sha256"],
                    stored_path=(ws.paths.attachments / report.id / a["id"])
                    .relative_to(ws.paths.root).as_posix(),
                    created_at=now + timedelta(microseconds=i)))
            if to_wire(report, cipher)["content_hash"] != wire["content_hash"]:
                raise BundleError(f"Laporan baris {n}: setelah disimpan, content hash tidak "
                                  "sama dengan hash dari desa. Impor dibatalkan.")
            s.add(report)
            queued.append(report.id)
            imported += 1
            if imported % BATCH == 0:
                _flush_batch(s, queued, now)
                if progress:
                    progress("write", imported, len(new_lines))
        _flush_batch(s, queued, now)
        if imported != len(new_lines):
            raise BundleError("Bundel berubah selama impor: dibatalkan, tidak ada yang "
                              "disimpan.")
        device = v.device
        if not device.known:
            ws.db.set_meta(DEVICE_META + device.device_id, device.public_key, session=s)
        audit.record(s, operator_id=actor.operator_id, action="bundle_import",
                     detail={"bundle": m["bundle_id"], "device": device.device_id,
                             "region": m["region_code"], "imported": imported,
                             "already_present": len(v.lines) - imported,
                             "new_device": not device.known})
    return imported


def _flush_batch(s, queued: list[str], now: datetime) -> None:
    """Reports first (the outbox refers to them), then their outbox rows; then forget the
    objects so memory stays bounded inside the one transaction."""
    s.flush()
    s.add_all([Outbox(report_id=rid, state="pending", attempts=0, next_attempt_at=None,
                      enqueued_at=now) for rid in queued])
    s.flush()
    s.expunge_all()
    queued.clear()


def _report_row(wire: dict, comp: Mapping[str, str | None], cipher, actor: Actor,
                now: datetime) -> Report:
    rid = wire["id"]
    finalised = datetime.fromisoformat(wire["recorded_at"])
    if finalised.tzinfo is None:
        finalised = finalised.replace(tzinfo=timezone.utc)
    report = Report(
        id=rid, local_number=wire["local_number"], kind=wire["kind"], title=wire["title"],
        body=wire["body"],
        incident_date=date.fromisoformat(wire["incident_date"]) if wire["incident_date"]
        else None,
        region_code=wire["region_code"], location_detail=wire["location_detail"],
        category=wire["category"], agency=wire["agency"], privacy=wire["privacy"],
        channel=wire["channel"], supersedes=wire["supersedes"], recorded_by=actor.operator_id,
        created_at=now, updated_at=now, finalised_at=finalised,
        content_hash=wire["content_hash"], local_state=LocalState.SIAP_KIRIM.value,
        status_seen=True, origin_device=wire["origin"].get("device_id"),
        origin_region=wire["origin"].get("region_code"))
    for name in (*IDENTITY_FIELDS, "salt"):
        setattr(report, f"enc_{name}", cipher.encrypt(comp.get(name), context=f"{rid}:{name}"))
    return report


# ---------------------------------------------------------------------------- acknowledgement

def villages(ws: Workspace) -> list[str]:
    """Villages this kecamatan holds bundled reports from."""
    with ws.db.read() as s:
        return list(s.scalars(select(Report.origin_region).distinct()
                              .where(Report.origin_region.is_not(None),
                                     Report.origin_region != ws.region_code)
                              .order_by(Report.origin_region)))


def write_ack(ws: Workspace, actor: Actor, target: Path, village_region: str) -> AckResult:
    """A signed acknowledgement for one village: every report received from it, with its
    tracking id and central status once known."""
    if not ws.is_kecamatan:
        raise BundleError("Tanda terima hanya dibuat di instalasi kecamatan.")
    if not kec.within(village_region, ws.region_code):
        raise BundleError(f"Desa {village_region} bukan wilayah kecamatan {ws.region_code}.")
    key = kec.own_key(ws, actor)
    items = []
    with ws.db.read() as s:
        rows = s.execute(select(Report.id, Report.content_hash, Report.local_number,
                                Report.tracking_id, Report.remote_status,
                                Report.remote_status_at, Report.received_at,
                                Report.created_at)
                         .where(Report.origin_region == village_region,
                                Report.local_state != LocalState.DRAF.value)
                         .order_by(Report.local_number))
        for r in rows:
            items.append({
                "id": r.id, "content_hash": r.content_hash, "local_number": r.local_number,
                "tracking_id": r.tracking_id, "remote_status": r.remote_status,
                "remote_status_at": r.remote_status_at.isoformat() if r.remote_status_at
                else None,
                "received_at": r.received_at.isoformat() if r.received_at else None,
                "kecamatan_at": r.created_at.isoformat() if r.created_at else None,
            })
    if not items:
        raise NothingToExport(f"Belum ada laporan dari desa {village_region} di kecamatan ini.")
    ack_id = str(uuid.uuid4())
    doc = {
        "format": ACK_FORMAT, "format_version": ACK_FORMAT_VERSION, "ack_id": ack_id,
        "created_at": utcnow_seconds().isoformat(),
        "kecamatan": {"region_code": ws.region_code, "device_id": ws.device_id,
                      "fingerprint": key.fingerprint},
        "village_region": village_region, "reports": items,
    }
    signer = Ed25519PrivateKey.from_private_bytes(ws.signing_key(actor))
    body = canonical_json(doc)
    data = canonical_json({"ack": doc, "signature": b64e(signer.sign(body))})
    atomic_write_bytes(Path(target), data)
    with_tracking = sum(1 for i in items if i["tracking_id"])
    with ws.db.write() as s:
        audit.record(s, operator_id=actor.operator_id, action="bundle_ack",
                     detail={"ack": ack_id, "village": village_region, "reports": len(items),
                             "with_tracking": with_tracking})
    return AckResult(Path(target), ack_id, village_region, len(items), with_tracking)


def _read_ack(ws: Workspace, path: Path) -> dict:
    if ws.is_kecamatan:
        raise BundleError("Tanda terima kecamatan hanya diimpor di instalasi desa.")
    key = kec.installed_key(ws)
    if key is None:
        raise BundleError("Kunci kecamatan belum diimpor: tanda terima tidak dapat diperiksa.")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(ACK_MAX + 1)
    except OSError as exc:
        raise BundleError(f"Berkas tanda terima tidak dapat dibaca: "
                          f"{exc.strerror or exc}") from None
    try:
        outer = json.loads(raw.decode("utf-8"))
        doc, sig = outer["ack"], b64d(outer["signature"])
        if not isinstance(doc, dict) or set(outer) != {"ack", "signature"}:
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise BundleError("Berkas tanda terima rusak atau terpotong.") from None
    if doc.get("format") != ACK_FORMAT:
        raise BundleError("Berkas ini bukan tanda terima kecamatan LAPOR Desktop.")
    version = doc.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BundleError("Versi format tanda terima tidak sah.")
    if version > ACK_FORMAT_VERSION:
        raise BundleError(f"Tanda terima memakai format versi {version} yang lebih baru; "
                          "perbarui LAPOR Desktop.")
    try:
        Ed25519PublicKey.from_public_bytes(key.signing_public_key).verify(
            sig, canonical_json(doc))
    except (InvalidSignature, ValueError):
        raise BundleError("Tanda tangan tanda terima tidak sah: bukan dari kecamatan yang "
                          "kuncinya diimpor, atau berkas telah diubah.") from None
    if not isinstance(doc.get("kecamatan"), dict) \
            or doc["kecamatan"].get("fingerprint") != key.fingerprint:
        raise BundleError("Tanda terima dibuat dengan kunci kecamatan lain.")
    if doc.get("village_region") != ws.region_code:
        raise BundleError(f"Tanda terima ini untuk desa {str(doc.get('village_region'))[:20]}, "
                          f"bukan desa ini ({ws.region_code}).")
    if not isinstance(doc.get("reports"), list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) for i in doc["reports"]):
        raise BundleError("Daftar laporan dalam tanda terima rusak.")
    return doc


def _parse_time(value: Any, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            t = datetime.fromisoformat(value)
            return t if t.tzinfo else t.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return default


def import_ack(ws: Workspace, actor: Actor, path: Path) -> AckImportResult:
    """Mark the village's reports as received by the kecamatan, and delivered (terkirim, with
    tracking id and a timeline entry) where central's tracking id is known. Idempotent."""
    doc = _read_ack(ws, Path(path))
    created = _parse_time(doc.get("created_at"), utcnow_seconds())
    acknowledged = delivered = unknown = events = 0
    with ws.db.write() as s:
        for item in doc["reports"]:
            report = s.scalar(select(Report).where(Report.id == item["id"]))
            if report is None or report.content_hash != item.get("content_hash"):
                unknown += 1
                continue
            acknowledged += 1
            existing = set(s.scalars(select(StatusEvent.remote_event_id)
                                     .where(StatusEvent.report_id == report.id)))
            if KECAMATAN_EVENT + report.id not in existing:
                s.add(StatusEvent(report_id=report.id,
                                  remote_event_id=KECAMATAN_EVENT + report.id,
                                  status=KECAMATAN_STATUS,
                                  at=_parse_time(item.get("kecamatan_at"), created),
                                  source="bundle",
                                  note="Diterima kantor kecamatan lewat bundel USB."))
                events += 1
            tracking = item.get("tracking_id")
            status = item.get("remote_status")
            if not isinstance(tracking, str) or not tracking:
                continue
            status_at = _parse_time(item.get("remote_status_at"), created)
            if report.local_state == LocalState.SIAP_KIRIM.value:
                report.local_state = LocalState.TERKIRIM.value
                report.tracking_id = tracking[:32]
                report.received_at = _parse_time(item.get("received_at"), status_at)
                outbox = s.get(Outbox, report.id)
                if outbox is not None:
                    outbox.state = "done"
                    outbox.last_error = None
                delivered += 1
            if isinstance(status, str) and status and report.remote_status is None:
                report.remote_status = status[:20]
                report.remote_status_at = status_at
                report.status_seen = False
            if isinstance(status, str) and status:
                event_id = f"bundle:{status[:20]}:{report.id}"
                if event_id not in existing:
                    s.add(StatusEvent(report_id=report.id, remote_event_id=event_id,
                                      status=status[:20], at=status_at, source="bundle",
                                      note=f"Nomor pelacakan {tracking[:32]} (tanda terima "
                                           "kecamatan)."))
                    events += 1
        audit.record(s, operator_id=actor.operator_id, action="bundle_ack_import",
                     detail={"ack": str(doc.get("ack_id"))[:36], "acknowledged": acknowledged,
                             "delivered": delivered, "unknown": unknown})
    return AckImportResult(str(doc.get("ack_id")), acknowledged, delivered, unknown, events)


def trusted_devices(ws: Workspace) -> list[DeviceInfo]:
    """Village devices whose key this kecamatan recorded on their first bundle."""
    from lapor_desktop.store.models import Meta

    with ws.db.read() as s:
        rows = s.execute(select(Meta.key, Meta.value)
                         .where(Meta.key.like(DEVICE_META + "%"))).all()
        regions = dict(s.execute(select(Report.origin_device, Report.origin_region)
                                 .where(Report.origin_device.is_not(None)).distinct()).all())
    out = []
    for k, value in rows:
        device_id = k[len(DEVICE_META):]
        out.append(DeviceInfo(device_id, regions.get(device_id, ""), value, _fp_key(value),
                              True))
    return out
