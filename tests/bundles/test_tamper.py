"""A damaged, tampered, unsigned, misaddressed or future bundle is refused, writing nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from lapor_desktop import bundles, device, intake
from lapor_desktop import kecamatan as kec
from lapor_desktop.security import b64d, b64e
from lapor_desktop.store.models import Meta
from lapor_desktop.workspace import Workspace
from lapor_protocol.wire import canonical_json
from tests.bundles.conftest import Site, add_reports, fp, snapshot
from tests.support.factories import KECAMATAN, PASSWORD


@pytest.fixture
def bundle(paired, tmp_path) -> Path:
    village, _ = paired
    add_reports(village, tmp_path, 2, attachments=1)
    path = tmp_path / "usb" / "desa.lapor"
    bundles.export_bundle(village.ws, village.actor, path)
    return path


def entry_span(path: Path, name: str) -> tuple[int, int]:
    """(offset of the entry's data in the file, its size): entries are stored uncompressed."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    with open(path, "rb") as fh:
        fh.seek(info.header_offset + 26)
        name_len = int.from_bytes(fh.read(2), "little")
        extra_len = int.from_bytes(fh.read(2), "little")
    return info.header_offset + 30 + name_len + extra_len, info.file_size


def flipped(src: Path, dst: Path, pos: int, mask: int) -> Path:
    data = bytearray(src.read_bytes())
    data[pos] ^= mask
    dst.write_bytes(bytes(data))
    return dst


def rezip(src: Path, dst: Path, change) -> Path:
    """A well-formed zip (valid CRCs) whose entries went through ``change(name, data)``;
    returning None drops the entry. This is what a deliberate tamperer would produce."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def resign(village: Site, manifest: dict, key: bytes | None = None) -> tuple[bytes, bytes]:
    body = canonical_json(manifest)
    signer = Ed25519PrivateKey.from_private_bytes(
        key or village.ws.signing_key(village.actor))
    return body, signer.sign(body)


def remanifest(village: Site, src: Path, dst: Path, change, key: bytes | None = None) -> Path:
    """The bundle with its manifest passed through ``change(manifest)`` and re-signed."""
    with zipfile.ZipFile(src) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    change(manifest)
    body, sig = resign(village, manifest, key)
    return rezip(src, dst, lambda n, d: {"manifest.json": body, "manifest.sig": sig}.get(n, d))


def signer_fingerprint(path: Path) -> str | None:
    """The fingerprint of the key the bundle's manifest names (if it can be read)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return bundles.key_fingerprint(json.loads(zf.read("manifest.json"))[
                "device_public_key"])
    except Exception:
        return None


def refused(kecamatan: Site, path: Path, match: str | None = None,
            trust: str | None = "signer") -> str:
    """Refused even though the operator trusts the signing key: by verification."""
    before = snapshot(kecamatan)
    with pytest.raises(bundles.BundleError) as exc:
        bundles.import_bundle(kecamatan.ws, kecamatan.actor, path,
                              trust=signer_fingerprint(path) if trust == "signer" else trust)
    assert snapshot(kecamatan) == before, "a refused bundle wrote something"
    if match:
        assert match in str(exc.value), str(exc.value)
    return str(exc.value)


def positions(start: int, size: int, count: int) -> list[int]:
    step = max(1, size // count)
    return sorted({*range(start, start + size, step), start + size - 1})


@pytest.mark.parametrize("entry", ["manifest.json", "reports.jsonl", "attachments/*",
                                   "manifest.sig"])
def test_flipping_any_byte_of_each_entry_is_refused(paired, bundle, tmp_path, entry):
    _, kecamatan = paired
    with zipfile.ZipFile(bundle) as zf:
        name = entry if "*" not in entry else next(
            n for n in zf.namelist() if n.startswith("attachments/"))
    start, size = entry_span(bundle, name)
    for i, pos in enumerate(positions(start, size, 40)):
        bad = flipped(bundle, tmp_path / "bad.lapor", pos, (0x01, 0x20, 0x80, 0xFF)[i % 4])
        refused(kecamatan, bad)
    # The original still imports.
    assert bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle,
                                 trust=signer_fingerprint(bundle)).imported == 2


def test_tampering_with_valid_crcs_is_caught_by_hash_and_signature(paired, bundle, tmp_path):
    village, kecamatan = paired

    def edit_line(name, data):
        return data.replace(b"Laporan nomor 0", b"Laporan nomor 9") if name == "reports.jsonl" \
            else data
    refused(kecamatan, rezip(bundle, tmp_path / "a.lapor", edit_line),
            "Isi daftar laporan tidak cocok dengan sha256 di manifest")

    def edit_attachment(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("attachments/") else data
    refused(kecamatan, rezip(bundle, tmp_path / "b.lapor", edit_attachment),
            "tidak cocok dengan sha256 di manifest")

    def edit_manifest(name, data):
        return data.replace(b'"reports":2', b'"reports":1') if name == "manifest.json" else data
    refused(kecamatan, rezip(bundle, tmp_path / "c.lapor", edit_manifest),
            "Tanda tangan bundel tidak sah")

    def drop_signature(name, data):
        return None if name == "manifest.sig" else data
    refused(kecamatan, rezip(bundle, tmp_path / "d.lapor", drop_signature),
            "tidak bertanda tangan")

    def extra_file(name, data):
        return data
    extra = rezip(bundle, tmp_path / "e.lapor", extra_file)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("attachments/virus.exe", b"MZ")
    refused(kecamatan, extra, "tidak tercantum di manifest")

    # A report line edited and its entry hash updated: the manifest signature breaks.
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        jsonl = zf.read("reports.jsonl").replace(b"Laporan nomor 0", b"Laporan nomor 9")
    import hashlib
    for e in manifest["entries"]:
        if e["name"] == "reports.jsonl":
            e["sha256"] = hashlib.sha256(jsonl).hexdigest()
    refused(kecamatan, rezip(bundle, tmp_path / "f.lapor",
                             lambda n, d: canonical_json(manifest) if n == "manifest.json"
                             else jsonl if n == "reports.jsonl" else d),
            "Tanda tangan bundel tidak sah")
    # ... and even re-signed by the village itself, the report's content hash catches it.
    body, sig = resign(village, manifest)
    refused(kecamatan, rezip(bundle, tmp_path / "g.lapor",
                             lambda n, d: body if n == "manifest.json" else sig
                             if n == "manifest.sig" else jsonl if n == "reports.jsonl" else d),
            "content hash")


def test_truncated_bundle_is_refused(paired, bundle, tmp_path):
    _, kecamatan = paired
    data = bundle.read_bytes()
    cuts = sorted({0, 1, 4, 100, len(data) // 3, len(data) // 2, len(data) - 100,
                   len(data) - 22, len(data) - 1, *range(0, len(data), max(1, len(data) // 25))})
    for cut in cuts:
        bad = tmp_path / "cut.lapor"
        bad.write_bytes(data[:cut])
        refused(kecamatan, bad)
    bad.write_bytes(data[:len(data) // 2])
    refused(kecamatan, bad, "terpotong")


def test_future_version_is_refused_by_name(paired, bundle, tmp_path):
    village, kecamatan = paired
    bad = remanifest(village, bundle, tmp_path / "v4.lapor",
                     lambda m: m.update(format_version=4))
    refused(kecamatan, bad, "format versi 4")


def test_region_outside_kecamatan_is_refused(paired, bundle, tmp_path):
    village, kecamatan = paired
    bad = remanifest(village, bundle, tmp_path / "r.lapor",
                     lambda m: m.update(region_code="61.05.02.2001"))
    refused(kecamatan, bad, "di luar kecamatan")


def test_other_key_for_a_known_device_is_refused(paired, bundle, tmp_path):
    village, kecamatan = paired
    first = bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    assert not first.device.known
    impostor = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization
    raw = impostor.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
    public = b64e(impostor.public_key().public_bytes(serialization.Encoding.Raw,
                                                     serialization.PublicFormat.Raw))
    bad = remanifest(village, bundle, tmp_path / "imp.lapor",
                     lambda m: m.update(device_public_key=public), raw)
    # Not without the operator's explicit trust, and not with the old key's fingerprint.
    text = refused(kecamatan, bad, "PERINGATAN", trust=None)
    assert device.group_fingerprint(bundles.key_fingerprint(public)) in text
    assert fp(village) in text
    refused(kecamatan, bad, "tidak cocok", trust=fp(village))
    with kecamatan.ws.db.read() as s:
        assert s.scalar(select(Meta.value).where(
            Meta.key == "bundle_device:" + village.ws.device_id)) != public


def test_wrongly_addressed_bundle_is_refused_and_reveals_nothing(paired, bundle, tmp_path):
    village, kecamatan = paired
    # A second kecamatan installation for the same region (say, a reinstalled laptop).
    other_ws = Workspace.open(tmp_path / "kecamatan-lain")
    try:
        other = Site(other_ws, other_ws.initialise(KECAMATAN, "camat", PASSWORD),
                     tmp_path / "kecamatan-lain")
        refused(other, bundle, "ditujukan untuk kunci kecamatan lain")

        # Even readdressed and re-signed, the sealed identities do not open with its key.
        with zipfile.ZipFile(bundle) as zf:
            lines = zf.read("reports.jsonl").splitlines()
        fingerprint = kec.own_fingerprint(other.ws)
        bad = remanifest(village, bundle, tmp_path / "readdr.lapor",
                         lambda m: m["recipient"].update(fingerprint=fingerprint))
        refused(other, bad, "tidak dapat dibuka dengan kunci kecamatan ini")

        wrong_private = kec.private_key(other.ws, other.actor)
        for line in lines:
            wire = json.loads(line)
            box = b64d(wire["complainant"]["sealed"])
            with pytest.raises(InvalidTag):
                bundles.open_sealed(wrong_private, box,
                                    bundles.identity_aad(wire["id"], wire["content_hash"]))
    finally:
        other_ws.close()


def test_bundle_into_a_village_installation_is_refused(paired, bundle, tmp_path):
    village, _ = paired
    refused(village, bundle, "hanya dapat diimpor di instalasi kecamatan")


def test_any_flip_anywhere_is_refused_or_changes_nothing_signed(paired, bundle, tmp_path):
    """Outside the entries' bytes a flip lands in ZIP bookkeeping (headers, directory): it
    is refused, or it is harmless because every entry still reads back exactly as signed."""
    _, kecamatan = paired
    data = bundle.read_bytes()
    with zipfile.ZipFile(bundle) as zf:
        original = {n: zf.read(n) for n in zf.namelist()}
    spans = [entry_span(bundle, n) for n in original]
    outside = [p for p in range(len(data)) if not any(s <= p < s + z for s, z in spans)]
    refusals = 0
    for i, pos in enumerate(outside[::max(1, len(outside) // 80)]):
        bad = flipped(bundle, tmp_path / "any.lapor", pos, 0xFF if i % 2 else 0x01)
        before = snapshot(kecamatan)
        try:
            bundles.verify_bundle(kecamatan.ws, kecamatan.actor, bad)
        except bundles.BundleError:
            refusals += 1
            assert snapshot(kecamatan) == before
        else:
            with zipfile.ZipFile(bad) as zf:
                assert {n: zf.read(n) for n in zf.namelist()} == original
    assert refusals > 0


def clear_members(private: bytes, zf: zipfile.ZipFile, manifest: dict) -> dict[str, bytes]:
    """The attachment members opened with the bundle's files key, as versions 1 and 2
    carried them; the manifest's entries now describe the clear bytes."""
    import hashlib
    import io

    from lapor_desktop.sealed_files import unseal_chunks

    key = bundles.open_sealed(private, b64d(manifest.pop("files_key")["sealed"]),
                              bundles.files_key_aad(manifest["bundle_id"]))
    clear = {}
    for e in manifest["entries"]:
        if e["name"].startswith("attachments/"):
            data = b"".join(unseal_chunks(io.BytesIO(zf.read(e["name"])), key,
                                          e["name"].split("/", 1)[1]))
            clear[e["name"]] = data
            e["size"], e["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    return clear


def rewritten(village: Site, kecamatan: Site, src: Path, dst: Path, rewrite,
              manifest_change=lambda m: None, *, clear_files: bool = False) -> Path:
    """The bundle as the village's own device could sign it, with every report line passed
    through ``rewrite(wire, secret, public)`` (``secret``: its opened sealed box;
    ``public``: the kecamatan's key to reseal with); ``clear_files``: attachment members
    in the clear, as format versions 1 and 2 carried them."""
    import hashlib

    private = kec.private_key(kecamatan.ws, kecamatan.actor)
    public = kec.ensure_keys(kecamatan.ws, kecamatan.actor)
    with zipfile.ZipFile(src) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        lines = zf.read("reports.jsonl").splitlines()
        members = clear_members(private, zf, manifest) if clear_files else {}
    out = []
    for line in lines:
        wire = json.loads(line)
        secret = json.loads(bundles.open_sealed(
            private, b64d(wire["complainant"]["sealed"]),
            bundles.identity_aad(wire["id"], wire["content_hash"])))
        out.append(canonical_json(rewrite(wire, secret, public)) + b"\n")
    reports = b"".join(out)
    manifest_change(manifest)
    for e in manifest["entries"]:
        if e["name"] == "reports.jsonl":
            e["size"], e["sha256"] = len(reports), hashlib.sha256(reports).hexdigest()
    body, sig = resign(village, manifest)
    return rezip(src, dst, lambda n, d: {"manifest.json": body, "manifest.sig": sig,
                                         "reports.jsonl": reports, **members}.get(n, d))


def relined(village: Site, kecamatan: Site, src: Path, dst: Path, change) -> Path:
    """Every clear wire report passed through ``change(wire)`` (content hash recomputed,
    identity and file names resealed)."""
    from lapor_protocol.wire import content_hash

    def rewrite(wire, secret, public):
        wire["complainant"] = secret["complainant"]
        for a in wire["attachments"]:
            a["file_name"] = secret["file_names"][a["id"]]
        change(wire)
        wire["content_hash"] = content_hash(wire)
        secret = {"complainant": wire["complainant"],
                  "file_names": {a["id"]: a["file_name"] for a in wire["attachments"]
                                 if isinstance(a, dict) and "file_name" in a}}
        for a in wire["attachments"]:
            if isinstance(a, dict) and "file_name" in a:
                a["file_name"] = ""
        wire["complainant"] = {"alg": bundles.SEAL_ALG, "sealed": b64e(bundles.seal(
            public, canonical_json(secret),
            bundles.identity_aad(wire["id"], wire["content_hash"])))}
        return wire
    return rewritten(village, kecamatan, src, dst, rewrite)


@pytest.mark.parametrize("change", [
    lambda w: w["attachments"][0].pop("file_name"),
    lambda w: w["attachments"][0].update(media_type=["image/png"]),
    lambda w: w.update(title={"x": 1}),
], ids=["attachment-without-name", "media-type-not-text", "title-not-text"])
def test_signed_but_malformed_report_is_refused_by_verification(paired, bundle, tmp_path,
                                                                change):
    """A bundle signed by the village's own key but with a malformed report is refused by
    the verification pass (a BundleError naming the line), not by a crash while writing."""
    village, kecamatan = paired
    bad = relined(village, kecamatan, bundle, tmp_path / "malformed.lapor", change)
    with pytest.raises(bundles.BundleError, match="baris 1"):
        bundles.verify_bundle(kecamatan.ws, kecamatan.actor, bad)
    refused(kecamatan, bad, "baris 1")


def test_a_version_1_bundle_from_an_older_village_still_imports(paired, bundle, tmp_path):
    """Version 1 sealed the complainant alone and carried file names in clear."""
    village, kecamatan = paired

    def as_version_1(wire, secret, public):
        for a in wire["attachments"]:
            a["file_name"] = secret["file_names"][a["id"]]
        wire["complainant"] = {"alg": bundles.SEAL_ALG, "sealed": b64e(bundles.seal(
            public, canonical_json(secret["complainant"]),
            bundles.identity_aad(wire["id"], wire["content_hash"])))}
        return wire
    old = rewritten(village, kecamatan, bundle, tmp_path / "v1.lapor", as_version_1,
                    lambda m: m.update(format_version=1), clear_files=True)
    res = bundles.import_bundle(kecamatan.ws, kecamatan.actor, old, trust=fp(village))
    assert res.imported == 2
    from lapor_desktop.store.models import Report

    with kecamatan.ws.db.read() as s:
        ids = list(s.scalars(select(Report.id)))
    names = {a.file_name for rid in ids
             for a in intake.get_report(kecamatan.ws, kecamatan.actor, rid).attachments}
    assert names and all(n.startswith("bukti-") for n in names)
