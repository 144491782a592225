"""Attachments travel sealed to the kecamatan (bundle format 3): a lost stick reveals no
attachment byte; the kecamatan stores them sealed under its own key; version 2 still
imports."""

from __future__ import annotations

import json
import zipfile

import pytest

from lapor_desktop import bundles, intake
from lapor_desktop.security import b64e, new_encryption_key
from tests.bundles.conftest import add_reports, fp, snapshot
from tests.bundles.test_tamper import refused, remanifest, rewritten, rezip
from tests.support.factories import pdf_bytes, report_data, write_file
from tests.support.sealed import files_under, plain_bytes

LETTER = "Surat keterangan tidak mampu atas nama Rina Wati binti Sulaiman"


@pytest.fixture
def letter_bundle(paired, tmp_path):
    village, _ = paired
    rid = intake.save_draft(village.ws, village.actor, report_data())
    intake.add_attachment(village.ws, village.actor, rid, write_file(
        tmp_path / "src", "surat-rina-wati.pdf", pdf_bytes(LETTER, pad=150_000)))
    intake.finalise(village.ws, village.actor, rid)
    add_reports(village, tmp_path, 1, attachments=2, start=5)
    path = tmp_path / "usb" / "desa.lapor"
    bundles.export_bundle(village.ws, village.actor, path)
    return rid, path


def test_no_attachment_byte_inside_the_bundle_and_sealed_at_the_kecamatan(paired, tmp_path,
                                                                         letter_bundle):
    village, kecamatan = paired
    rid, path = letter_bundle
    raw = path.read_bytes()
    assert LETTER.encode() not in raw and b"surat-rina" not in raw
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["format_version"] == bundles.FORMAT_VERSION == 3
    assert manifest["files_key"]["alg"] == bundles.SEAL_ALG

    res = bundles.import_bundle(kecamatan.ws, kecamatan.actor, path, trust=fp(village))
    assert (res.imported, res.attachments) == (2, 3)
    for f in files_under(kecamatan.ws.paths.root):
        assert LETTER.encode() not in f.read_bytes(), f
    theirs = intake.get_report(kecamatan.ws, kecamatan.actor, rid)
    mine = intake.get_report(village.ws, village.actor, rid)
    assert [a.file_name for a in theirs.attachments] == ["surat-rina-wati.pdf"]
    for a, b in zip(theirs.attachments, mine.attachments, strict=True):
        assert plain_bytes(kecamatan.ws, kecamatan.actor, a.id, a.path) == \
            plain_bytes(village.ws, village.actor, b.id, b.path)
        assert a.path.read_bytes() != b.path.read_bytes()  # sealed again, another key


def test_a_member_sealed_for_another_attachment_is_refused(paired, tmp_path, letter_bundle):
    """Swapping two sealed members (manifest re-signed by the village's own key, hashes
    fixed) fails: the attachment id is bound into every member."""
    import hashlib

    village, kecamatan = paired
    _, path = letter_bundle
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if n.startswith("attachments/")}
    a, b = sorted(members)[:2]
    swapped = {a: members[b], b: members[a]}

    def change(m):
        for e in m["entries"]:
            if e["name"] in swapped:
                data = swapped[e["name"]]
                e["size"], e["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    bad = remanifest(village, path, tmp_path / "swapped.lapor", change)
    bad = rezip(bad, tmp_path / "swapped2.lapor", lambda n, d: swapped.get(n, d))
    refused(kecamatan, bad, "tidak dapat dibuka")


def test_a_files_key_for_another_kecamatan_is_refused(paired, tmp_path, letter_bundle):
    village, kecamatan = paired
    _, path = letter_bundle
    _, other_public = new_encryption_key()  # another kecamatan's key

    def change(m):
        m["files_key"]["sealed"] = b64e(bundles.seal(
            other_public, b"k" * 32, bundles.files_key_aad(m["bundle_id"])))
    bad = remanifest(village, path, tmp_path / "otherkey.lapor", change)
    refused(kecamatan, bad, "Kunci lampiran bundel")


def test_a_version_2_bundle_with_clear_attachments_still_imports(paired, tmp_path,
                                                                letter_bundle):
    village, kecamatan = paired
    rid, path = letter_bundle
    old = rewritten(village, kecamatan, path, tmp_path / "v2.lapor", lambda w, s, p: w,
                    lambda m: m.update(format_version=2), clear_files=True)
    assert LETTER.encode() in old.read_bytes()  # what version 2 carried
    before = snapshot(kecamatan)
    res = bundles.import_bundle(kecamatan.ws, kecamatan.actor, old, trust=fp(village))
    assert res.imported == 2 and snapshot(kecamatan) != before
    for f in files_under(kecamatan.ws.paths.root):
        assert LETTER.encode() not in f.read_bytes(), f  # stored sealed all the same
    att = intake.get_report(kecamatan.ws, kecamatan.actor, rid).attachments[0]
    assert LETTER.encode() in plain_bytes(kecamatan.ws, kecamatan.actor, att.id, att.path)


def test_version_2_manifest_claiming_sealed_members_is_refused(paired, tmp_path,
                                                               letter_bundle):
    """Members still sealed but labelled version 2: their bytes are not the attachments the
    report lines name, so verification refuses them."""
    village, kecamatan = paired
    _, path = letter_bundle
    bad = remanifest(village, path, tmp_path / "v2-sealed.lapor",
                     lambda m: (m.update(format_version=2), m.pop("files_key")))
    refused(kecamatan, bad)


def test_export_refuses_a_damaged_stored_file(paired, tmp_path):
    village, _ = paired
    add_reports(village, tmp_path, 1, attachments=1)
    view = intake.get_report(village.ws, village.actor, bundles.pending_ids(village.ws)[0])
    data = bytearray(view.attachments[0].path.read_bytes())
    data[-5] ^= 1
    view.attachments[0].path.write_bytes(bytes(data))
    target = tmp_path / "usb" / "rusak.lapor"
    with pytest.raises(bundles.BundleError, match="rusak di folder data"):
        bundles.export_bundle(village.ws, village.actor, target)
    assert not target.exists() and not list(target.parent.glob(".*.tmp"))

