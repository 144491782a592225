"""Village → USB bundle → kecamatan → acknowledgement → village, on real stores."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from sqlalchemy import select

from lapor_desktop import bundles, intake
from lapor_desktop import kecamatan as kec
from lapor_desktop.store.models import Attachment, Outbox, Report
from tests.bundles.conftest import add_reports, fp, snapshot
from tests.support.sealed import plain_bytes


def test_export_import_keeps_origin_hash_and_identity(paired, tmp_path):
    village, kecamatan = paired
    ids = add_reports(village, tmp_path, 3, attachments=2)
    bundle = tmp_path / "usb" / "desa.lapor"

    res = bundles.export_bundle(village.ws, village.actor, bundle)
    assert (res.reports, res.attachments) == (3, 6)
    assert bundle.exists() and not list(bundle.parent.glob(".*.tmp"))
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        assert {"manifest.json", "manifest.sig", "reports.jsonl"} <= names
        jsonl = zf.read("reports.jsonl")
    # A lost USB stick reveals no identity and no original file name.
    assert b"Warga Nomor" not in bundle.read_bytes()
    assert b"6105015005900001" not in jsonl
    assert b"bukti-" not in bundle.read_bytes()
    wires = [json.loads(line) for line in jsonl.splitlines()]
    assert all(a["file_name"] == "" for w in wires for a in w["attachments"])

    result = bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    assert (result.imported, result.already_present, result.attachments) == (3, 0, 6)
    assert not result.device.known and result.device.device_id == village.ws.device_id

    for rid in ids:
        mine = intake.get_report(village.ws, village.actor, rid, reveal=True,
                                 reason="verifikasi")
        theirs = intake.get_report(kecamatan.ws, kecamatan.actor, rid, reveal=True,
                                   reason="verifikasi")
        assert theirs.local_number == mine.local_number
        assert theirs.finalised_at == mine.finalised_at
        assert theirs.content_hash == mine.content_hash
        assert theirs.identity == mine.identity
        assert theirs.local_state == "siap_kirim"
        assert [(a.id, a.sha256, a.file_name) for a in theirs.attachments] == \
            [(a.id, a.sha256, a.file_name) for a in mine.attachments]
        for a in theirs.attachments:
            assert hashlib.sha256(plain_bytes(kecamatan.ws, kecamatan.actor, a.id,
                                              a.path)).hexdigest() == a.sha256
        with kecamatan.ws.db.read() as s:
            row = s.scalar(select(Report).where(Report.id == rid))
            # The kecamatan's wire report is the village's, byte for byte in its hash.
            assert intake.to_wire(row, kecamatan.actor.cipher)["content_hash"] == \
                mine.content_hash
            assert (row.origin_device, row.origin_region) == (village.ws.device_id,
                                                               village.ws.region_code)
            assert s.get(Outbox, rid).state == "pending"
    # Identity is encrypted under the kecamatan's own data key, not the village's.
    with kecamatan.ws.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == ids[0]))
        with pytest.raises(Exception):
            village.actor.cipher.decrypt(row.enc_name, context=f"{row.id}:name")
    # The device key was recorded on first use.
    assert [d.device_id for d in bundles.trusted_devices(kecamatan.ws)] == \
        [village.ws.device_id]


def test_reimport_and_overlapping_bundle_add_nothing(paired, tmp_path):
    village, kecamatan = paired
    add_reports(village, tmp_path, 2)
    first = tmp_path / "b1.lapor"
    bundles.export_bundle(village.ws, village.actor, first)
    assert bundles.import_bundle(kecamatan.ws, kecamatan.actor, first,
                                 trust=fp(village)).imported == 2
    before = snapshot(kecamatan)

    again = bundles.import_bundle(kecamatan.ws, kecamatan.actor, first, trust=fp(village))
    assert (again.imported, again.already_present) == (0, 2)
    after = snapshot(kecamatan)
    assert after["files"] == before["files"]
    for table in ("report", "attachment", "outbox", "status_event", "meta"):
        assert after["rows"][table] == before["rows"][table]

    # Not yet acknowledged: the next bundle carries the old two and one new (overlap).
    add_reports(village, tmp_path, 1, start=10)
    second = tmp_path / "b2.lapor"
    assert bundles.export_bundle(village.ws, village.actor, second).reports == 3
    res = bundles.import_bundle(kecamatan.ws, kecamatan.actor, second, trust=fp(village))
    assert (res.imported, res.already_present) == (1, 2)
    with kecamatan.ws.db.read() as s:
        assert len(s.scalars(select(Report.id)).all()) == 3


def test_ack_marks_received_and_delivered(paired, tmp_path):
    village, kecamatan = paired
    ids = add_reports(village, tmp_path, 2)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))

    # Central's answer for one of them (as the sync engine would store it).
    from datetime import timedelta
    with kecamatan.ws.db.write() as s:
        row = s.scalar(select(Report).where(Report.id == ids[0]))
        row.local_state, row.tracking_id, row.remote_status = "terkirim", "1916449", "diterima"
        row.remote_status_at = row.received_at = row.created_at + timedelta(minutes=5)

    assert bundles.villages(kecamatan.ws) == [village.ws.region_code]
    ack = tmp_path / "ack.json"
    res = bundles.write_ack(kecamatan.ws, kecamatan.actor, ack, village.ws.region_code)
    assert (res.reports, res.with_tracking) == (2, 1)
    assert bundles.detect(ack) == "ack" and bundles.detect(bundle) == "bundle"

    got = bundles.import_ack(village.ws, village.actor, ack)
    assert (got.acknowledged, got.delivered, got.unknown) == (2, 1, 0)
    done = intake.get_report(village.ws, village.actor, ids[0])
    assert (done.local_state, done.tracking_id, done.remote_status) == \
        ("terkirim", "1916449", "diterima")
    assert [(e.status, e.source) for e in done.timeline] == \
        [("di_kecamatan", "bundle"), ("diterima", "bundle")]
    waiting = intake.get_report(village.ws, village.actor, ids[1])
    assert waiting.local_state == "siap_kirim"
    assert [e.status for e in waiting.timeline] == ["di_kecamatan"]
    # Neither is exported again: the kecamatan holds both.
    with pytest.raises(bundles.NothingToExport):
        bundles.export_bundle(village.ws, village.actor, tmp_path / "b3.lapor")
    with village.ws.db.read() as s:
        assert s.get(Outbox, ids[0]).state == "done"

    # Importing the same acknowledgement again changes nothing.
    before = snapshot(village)
    again = bundles.import_ack(village.ws, village.actor, ack)
    assert (again.delivered, again.events_added) == (0, 0)
    assert snapshot(village)["rows"]["status_event"] == before["rows"]["status_event"]


def test_ack_signed_by_another_kecamatan_is_refused(paired, tmp_path):
    village, kecamatan = paired
    add_reports(village, tmp_path, 1, attachments=0)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    ack = tmp_path / "ack.json"
    bundles.write_ack(kecamatan.ws, kecamatan.actor, ack, village.ws.region_code)
    raw = ack.read_bytes()
    tampered = tmp_path / "ack2.json"
    tampered.write_bytes(raw.replace(b'"tracking_id":null', b'"tracking_id":"1"', 1))
    before = snapshot(village)
    with pytest.raises(bundles.BundleError, match="Tanda tangan tanda terima tidak sah"):
        bundles.import_ack(village.ws, village.actor, tampered)
    assert snapshot(village) == before


def test_key_file_for_another_kecamatan_is_refused(village, tmp_path):
    from lapor_desktop.workspace import Workspace
    from tests.support.factories import PASSWORD

    other = Workspace.open(tmp_path / "lain")
    try:
        actor = other.initialise("61.05.02", "camat", PASSWORD)
        key_file = tmp_path / "kunci-lain.json"
        key = kec.export_key(other, actor, key_file)
        assert key.region_code == "61.05.02"
        with pytest.raises(kec.KeyFileError, match="bukan kecamatan desa ini"):
            kec.import_key(village.ws, village.actor, key_file)
        assert kec.installed_key(village.ws) is None
    finally:
        other.close()


def test_key_file_shows_fingerprint_and_detects_edits(kecamatan, tmp_path):
    key_file = tmp_path / "k.json"
    key = kec.export_key(kecamatan.ws, kecamatan.actor, key_file)
    assert kec.read_key_file(key_file).fingerprint == key.fingerprint
    assert len(key.short_fingerprint.split()) == 8
    doc = key_file.read_text()
    key_file.write_text(doc.replace(key.region_code, "61.05.02"))
    with pytest.raises(kec.KeyFileError):
        kec.read_key_file(key_file)


def test_export_without_key_or_reports_explains(village, paired, tmp_path):
    v, _ = paired
    with pytest.raises(bundles.NothingToExport):
        bundles.export_bundle(v.ws, v.actor, tmp_path / "x.lapor")
    assert not (tmp_path / "x.lapor").exists()


def test_key_file_reader_reads_at_most_the_limit(tmp_path):
    """Picking a large file by mistake (a video on the stick) is refused without loading it."""
    import tracemalloc

    big = tmp_path / "video.mp4"
    big.write_bytes(b"\0" * (32 * 1024 * 1024))
    tracemalloc.start()
    try:
        with pytest.raises(kec.KeyFileError, match="bukan berkas kunci"):
            kec.read_key_file(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * kec.KEY_FILE_MAX, peak


def test_a_second_import_racing_the_first_keeps_its_files(paired, tmp_path):
    """The page and the CLI import one bundle at once: the import that loses the race must
    not delete the attachment files the winner committed."""
    village, kecamatan = paired
    add_reports(village, tmp_path, 2, attachments=2)
    bundle = tmp_path / "usb" / "desa.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)

    raced = []

    def progress(phase, done, total):
        # The second import has verified the bundle and starts copying: the first one
        # now runs to completion in between.
        if phase == "copy" and not raced:
            raced.append(bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle,
                                               trust=fp(village)))

    with pytest.raises(bundles.BundleError, match="impor lain"):
        bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, progress=progress,
                              trust=fp(village))
    assert raced and raced[0].imported == 2
    with kecamatan.ws.db.read() as s:
        rows = list(s.scalars(select(Attachment)))
    assert len(rows) == 4
    for a in rows:
        assert hashlib.sha256(plain_bytes(kecamatan.ws, kecamatan.actor, a.id,
                                          a.stored_path)).hexdigest() == a.sha256
    assert not [p for p in kecamatan.ws.paths.attachments.rglob(".tmp-*")]


def test_sealed_box_length_does_not_tell_the_length_of_a_name(paired, tmp_path):
    from lapor_desktop import intake
    from tests.support.factories import report_data

    village, _ = paired
    for name in ("Ani", "Raden Ayu Siti Nurhaliza Kusumawardhani Binti Haji Abdullah"):
        rid = intake.save_draft(village.ws, village.actor, report_data(
            complainant={"name": name}))
        intake.finalise(village.ws, village.actor, rid)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    with zipfile.ZipFile(bundle) as zf:
        boxes = [json.loads(line)["complainant"]["sealed"]
                 for line in zf.read("reports.jsonl").splitlines()]
    assert len(boxes) == 2 and len(boxes[0]) == len(boxes[1])


def test_imported_reports_are_found_by_phone_at_the_kecamatan(paired, tmp_path):
    """The blind index is written on import, so a returning citizen is found there too."""
    from lapor_desktop import search
    from tests.support.factories import report_data

    village, kecamatan = paired
    data = report_data()
    phone = data["complainant"]["phone"]
    intake.create_reports(village.ws, village.actor, [data])
    out = tmp_path / "stick" / "desa.lapor"
    out.parent.mkdir()
    bundles.export_bundle(village.ws, village.actor, out)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, out, trust=fp(village))
    digests = search.identity_digests(kecamatan.actor, phone)
    rows = search.query(kecamatan.ws, search.Filters(identity=digests))
    assert len(rows) == 1
