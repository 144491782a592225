"""Kecamatan side: check a bundle completely (signature, sender, recipient, every byte, every
report line, what is already held) before anything is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select

from lapor_desktop import anchors
from lapor_desktop import kecamatan as kec
from lapor_desktop.bundles.format import (
    ATTACHMENT_PREFIX,
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    HEX64_RE,
    MANIFEST,
    MANIFEST_MAX,
    REPORTS,
    SEALED_FILES_VERSION,
    SIGNATURE,
    UUID_RE,
    BundleError,
    BundleInfo,
    Progress,
    bad_zip,
    chunks,
    entry_mismatch,
    iter_lines,
    open_zip,
    read_member,
    stream_member,
)
from lapor_desktop.bundles.keys import DEVICE_META, DeviceInfo, key_fingerprint
from lapor_desktop.bundles.seal import SEAL_ALG, files_key_aad, identity_aad, open_sealed
from lapor_desktop.intake import IDENTITY_FIELDS
from lapor_desktop.sealed_files import SealedFileError, Unsealer
from lapor_desktop.security import b64d
from lapor_desktop.store.models import Attachment, Report
from lapor_desktop.workspace import Actor, Workspace
from lapor_protocol import identity_box
from lapor_protocol.anchors import AnchorError
from lapor_protocol.wire import ATTACHMENT_FIELDS, WIRE_FIELDS, canonical_json, content_hash

TEXT_FIELDS = ("kind", "title", "body", "region_code", "privacy", "channel")
OPTIONAL_TEXT_FIELDS = ("incident_date", "location_detail", "category", "agency",
                        "supersedes")


@dataclass
class Line:
    id: str
    content_hash: str
    attachments: list[tuple[str, int, str]]  # (id, size, sha256)
    present: bool = False


@dataclass
class Verified:
    manifest: dict
    entries: dict[str, dict]  # name -> {"size", "sha256"}
    lines: list[Line] = field(default_factory=list)
    device: DeviceInfo | None = None
    # Version 3: the bundle's files key, and each attachment's plaintext (size, sha256).
    files_key: bytes | None = None
    plain: dict[str, tuple[int, str]] | None = None


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
    if ok and version >= SEALED_FILES_VERSION:
        fk = m.get("files_key")
        ok = (isinstance(fk, dict) and fk.get("alg") == SEAL_ALG
              and isinstance(fk.get("sealed"), str))
    if not ok:
        raise BundleError("Manifest bundel tidak lengkap atau rusak.")
    try:
        anchors.parse_manifest_anchor(m)  # absent in bundles of older desktops
    except AnchorError as exc:
        raise BundleError(f"Manifest bundel rusak: {exc}") from None
    return m


def _files_key(ws: Workspace, actor: Actor, m: dict) -> bytes | None:
    """The bundle's files key (version 3), opened with this kecamatan's key."""
    if m["format_version"] < SEALED_FILES_VERSION:
        return None
    try:
        key = open_sealed(kec.private_key(ws, actor), b64d(m["files_key"]["sealed"]),
                          files_key_aad(m["bundle_id"]))
    except (InvalidTag, ValueError):
        key = b""
    if len(key) != 32:
        raise BundleError("Kunci lampiran bundel tidak dapat dibuka dengan kunci kecamatan "
                          "ini: bundel ditujukan ke kunci lain atau rusak.")
    return key


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
    with open_zip(Path(path)) as zf:
        v = verify_open(ws, actor, zf, progress)
    new = sum(1 for ln in v.lines if not ln.present)
    return BundleInfo(v.manifest["bundle_id"], v.manifest["created_at"], v.device,
                      len(v.lines), len(v.entries) - 1, new, len(v.lines) - new)


def verify_open(ws: Workspace, actor: Actor, zf: zipfile.ZipFile,
                progress: Progress | None) -> Verified:
    """Every check on an open bundle, in order: container, signature, sender, recipient,
    entries, every byte, every report line, and what this installation already holds."""
    if not ws.is_kecamatan:
        raise BundleError("Bundel laporan hanya dapat diimpor di instalasi kecamatan.")
    infos = _container(zf)
    m = _signed_manifest(zf)
    device = _sender(ws, m)
    _check_recipient(ws, m)
    entries = _entries(m, infos)
    v = Verified(m, entries, device=device, files_key=_files_key(ws, actor, m))
    v.plain = _hash_entries(zf, entries, progress, v.files_key)
    _check_lines(ws, actor, zf, v, progress)
    _mark_present(ws, v)
    return v


def _container(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    try:
        infos = zf.infolist()
    except Exception:
        raise bad_zip() from None
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
    return infos


def _signed_manifest(zf: zipfile.ZipFile) -> dict:
    manifest_bytes = read_member(zf, MANIFEST, MANIFEST_MAX)
    signature = read_member(zf, SIGNATURE, 1024)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError("Manifest bundel rusak (bukan JSON yang sah).") from None
    m = _check_manifest_shape(manifest)
    if len(signature) != 64:
        raise BundleError("Tanda tangan bundel rusak (panjang tidak sah): ditolak.")
    try:
        Ed25519PublicKey.from_public_bytes(b64d(m["device_public_key"])).verify(
            signature, manifest_bytes)
    except (InvalidSignature, ValueError):
        raise BundleError("Tanda tangan bundel tidak sah: manifest telah diubah atau tanda "
                          "tangan bukan milik perangkat pengirim. Bundel ditolak.") from None
    if canonical_json(m) != manifest_bytes:
        raise BundleError("Manifest bundel tidak dalam bentuk kanonik: ditolak.")
    return m


def _sender(ws: Workspace, m: dict) -> DeviceInfo:
    """Who signed the bundle, and whether this kecamatan already trusts that key; a known
    device presenting another key is marked (``previous_fingerprint``), never trusted here."""
    device_id, region, public_b64 = m["device_id"], m["region_code"], m["device_public_key"]
    known_key = ws.db.get_meta(DEVICE_META + device_id) if device_id else None
    code = m.get("device_code")
    return DeviceInfo(device_id, region, public_b64, key_fingerprint(public_b64),
                      known_key == public_b64,
                      code[:8] if isinstance(code, str) else "",
                      key_fingerprint(known_key)
                      if known_key is not None and known_key != public_b64 else None)


def _check_recipient(ws: Workspace, m: dict) -> None:
    own_fp = kec.own_fingerprint(ws)
    if m["recipient"]["fingerprint"] != own_fp:
        raise BundleError(
            "Bundel ini ditujukan untuk kunci kecamatan lain (sidik jari "
            f"{kec.format_fingerprint(str(m['recipient']['fingerprint']))}), bukan kunci "
            f"kecamatan ini ({kec.format_fingerprint(own_fp)}). Ditolak.")
    region = m["region_code"]
    if not kec.within(region, ws.region_code) or not UUID_RE.match(m["device_id"]):
        raise BundleError(f"Bundel berasal dari wilayah {region[:20]}, di luar kecamatan "
                          f"{ws.region_code}. Ditolak.")


def _entries(m: dict, infos: list[zipfile.ZipInfo]) -> dict[str, dict]:
    """The manifest's entries, checked against the container's names and sizes."""
    names = {i.filename for i in infos}
    entries = _entry_map(m)
    expected_names = set(entries) | {MANIFEST, SIGNATURE}
    extra = sorted(names - expected_names)
    if extra:
        raise BundleError(f"Bundel berisi berkas yang tidak tercantum di manifest "
                          f"('{extra[0][:80]}'): bundel telah diubah.")
    missing = sorted(expected_names - names)
    if missing:
        raise BundleError(f"Berkas '{missing[0]}' tercantum di manifest tetapi tidak ada di "
                          "bundel: bundel terpotong atau diubah.")
    for info in infos:
        e = entries.get(info.filename)
        if e is not None and info.file_size != e["size"]:
            raise entry_mismatch(info.filename)
    if m["counts"].get("attachments") != len(entries) - 1:
        raise BundleError("Jumlah lampiran di manifest tidak cocok dengan isinya.")
    return entries


def _hash_entries(zf: zipfile.ZipFile, entries: dict[str, dict], progress: Progress | None,
                  files_key: bytes | None) -> dict[str, tuple[int, str]] | None:
    """Every byte of every entry against the signed manifest, streamed, before parsing any.
    With a files key (version 3) each attachment is also decrypted on the way (every
    segment authenticated); returns their plaintext (size, sha256) by attachment id."""
    plain: dict[str, tuple[int, str]] | None = None if files_key is None else {}
    for n, name in enumerate([REPORTS] + sorted(set(entries) - {REPORTS}), 1):
        digest, size = hashlib.sha256(), 0
        att_id = name[len(ATTACHMENT_PREFIX):]
        opener = (Unsealer(files_key, att_id)
                  if files_key is not None and name != REPORTS else None)
        pdigest, psize, sealed_ok = hashlib.sha256(), 0, True
        for block in stream_member(zf, name):
            digest.update(block)
            size += len(block)
            if opener is not None and sealed_ok:
                try:
                    out = opener.feed(block)
                except SealedFileError:
                    sealed_ok = False
                    continue
                pdigest.update(out)
                psize += len(out)
        if size != entries[name]["size"] or digest.hexdigest() != entries[name]["sha256"]:
            raise entry_mismatch(name)  # the signed hash first: it names the tampering
        if opener is not None:
            try:
                out = opener.finish() if sealed_ok else b""
            except SealedFileError:
                sealed_ok = False
            if not sealed_ok:
                raise BundleError(f"Lampiran {att_id[:36]} di dalam bundel tidak dapat dibuka "
                                  "(diubah atau terpotong): bundel ditolak.")
            pdigest.update(out)
            plain[att_id] = (psize + len(out), pdigest.hexdigest())  # type: ignore[index]
        if progress:
            progress("verify_files", n, len(entries))
    return plain


def _line_attachments(wire: dict, n: int, entries: dict[str, dict], referenced: set[str],
                      plain: dict[str, tuple[int, str]] | None) -> list[tuple[str, int, str]]:
    """The report's attachments: each an entry whose content (the decrypted plaintext from
    version 3 on, else the entry itself) has the report's size and sha256."""
    atts = []
    for a in wire["attachments"]:
        e = entries.get(ATTACHMENT_PREFIX + str(a.get("id")))
        if e is not None and plain is not None:
            got = plain.get(str(a.get("id")))
            e = None if got is None else {"size": got[0], "sha256": got[1]}
        if e is None or e["size"] != a.get("size") or e["sha256"] != a.get("sha256"):
            raise BundleError(f"Laporan baris {n}: lampiran {str(a.get('id'))[:36]} tidak "
                              "ada di bundel atau tidak cocok dengan manifest.")
        if a["id"] in referenced:
            raise BundleError(f"Laporan baris {n}: lampiran dipakai dua kali.")
        referenced.add(a["id"])
        atts.append((a["id"], a["size"], a["sha256"]))
    return atts


def _check_lines(ws: Workspace, actor: Actor, zf: zipfile.ZipFile, v: Verified,
                 progress: Progress | None) -> None:
    enc_private = kec.private_key(ws, actor)
    seen: set[str] = set()
    referenced: set[str] = set()
    counts = v.manifest["counts"]
    total = counts.get("reports") if isinstance(counts.get("reports"), int) else 0
    for n, raw in enumerate(iter_lines(zf, REPORTS, v.entries[REPORTS]), 1):
        wire = parse_line(raw, n)
        rid = wire["id"]
        if rid in seen:
            raise BundleError(f"Laporan baris {n} muncul dua kali di bundel: ditolak.")
        seen.add(rid)
        check_line_region(wire, n, ws.region_code, v.manifest["region_code"])
        # Checks content_hash over the clear wire report.
        open_identity(wire, enc_private, n, v.manifest["format_version"])
        atts = _line_attachments(wire, n, v.entries, referenced, v.plain)
        v.lines.append(Line(rid, wire["content_hash"], atts))
        if progress and n % BATCH == 0:
            progress("verify", n, total)
    if len(v.lines) != total:
        raise BundleError(f"Manifest menyebut {total} laporan, bundel berisi {len(v.lines)}.")
    if len(referenced) != len(v.entries) - 1:
        raise BundleError("Bundel berisi lampiran yang tidak dimiliki laporan mana pun.")


def _mark_present(ws: Workspace, v: Verified) -> None:
    """What this installation already holds: same id must mean same content."""
    with ws.db.read() as s:
        for chunk in chunks(v.lines, BATCH):
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




def _box_ok(box: Any) -> bool:
    return box is None or (isinstance(box, dict) and set(box) == {"alg", "key_id", "sealed"}
                           and all(isinstance(x, str) for x in box.values()))


def _attachment_ok(a: Any) -> bool:
    return (isinstance(a, dict) and set(a) == set(ATTACHMENT_FIELDS)
            and all(isinstance(a[k], str) for k in ("id", "file_name", "media_type"))
            and isinstance(a["size"], int) and not isinstance(a["size"], bool))


def parse_line(raw: bytes, n: int) -> dict:
    try:
        wire = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError(f"Laporan baris {n} rusak (bukan JSON yang sah).") from None
    # identity_box: the village's box for central, relayed unchanged (optional).
    if not isinstance(wire, dict) or set(wire) - {identity_box.MEMBER} != set(WIRE_FIELDS) \
            or not _box_ok(wire.get(identity_box.MEMBER)):
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


def check_line_region(wire: dict, n: int, kecamatan: str, bundle_region: str) -> None:
    origin = wire["origin"]
    if (origin.get("region_code") != bundle_region
            or not kec.within(str(wire.get("region_code")), kecamatan)):
        raise BundleError(f"Laporan baris {n} berasal dari wilayah di luar kecamatan "
                          f"{kecamatan} atau bukan dari desa pengirim bundel: ditolak.")


def _unseal(wire: dict, enc_private: bytes, n: int, version: int) -> tuple[Any, Any]:
    """(complainant, file names) from the sealed box; version 1 sealed the complainant
    alone and left the file names in the clear."""
    try:
        box = b64d(wire["complainant"]["sealed"])
        clear = open_sealed(enc_private, box, identity_aad(wire["id"], wire["content_hash"]))
        doc = json.loads(clear.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError):
        raise BundleError(f"Identitas pelapor pada laporan baris {n} tidak dapat dibuka dengan "
                          "kunci kecamatan ini: bundel ditujukan ke kunci lain atau "
                          "rusak.") from None
    if version < 2:
        return doc, {a["id"]: a["file_name"] for a in wire["attachments"]}
    if not isinstance(doc, dict) or set(doc) != {"complainant", "file_names"}:
        raise BundleError(f"Identitas pelapor pada laporan baris {n} rusak.")
    return doc["complainant"], doc["file_names"]


def open_identity(wire: dict, enc_private: bytes, n: int, version: int = FORMAT_VERSION
                  ) -> dict:
    """The clear complainant. The attachments' file names are restored into ``wire`` in
    place; the content hash is checked over the restored wire report."""
    comp, names = _unseal(wire, enc_private, n, version)
    if not isinstance(comp, dict) or set(comp) - {"salt"} != set(IDENTITY_FIELDS) or not all(
            v is None or isinstance(v, str) for v in comp.values()):
        raise BundleError(f"Identitas pelapor pada laporan baris {n} rusak.")
    if not isinstance(names, dict) or set(names) != {a["id"] for a in wire["attachments"]} \
            or not all(isinstance(v, str) for v in names.values()):
        raise BundleError(f"Nama berkas lampiran pada laporan baris {n} rusak.")
    for a in wire["attachments"]:
        a["file_name"] = names[a["id"]]
    restored = {**{k: x for k, x in wire.items() if k != identity_box.MEMBER},
                "complainant": comp}
    if content_hash(restored) != wire["content_hash"]:
        raise BundleError(f"Laporan baris {n}: isi tidak cocok dengan content hash dari desa "
                          "(diubah setelah final). Bundel ditolak.")
    return comp
