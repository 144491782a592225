"""Attachments are sealed at rest and leave decrypted: an upload stopped after its first
chunk resumes mid-file (mid-segment) against the real central, which verifies sha256."""

from __future__ import annotations

import hashlib
import threading

from sqlalchemy import select

from lapor_desktop import credentials, intake
from lapor_desktop.store.models import Attachment, Report
from lapor_desktop.sync.http import LaporHttpGateway
from lapor_desktop.sync.service import enroll_device, make_engine
from tests.support.factories import REGION, pdf_bytes, report_data, write_file
from tests.support.sealed import files_under

LETTER = "Surat pernyataan Yohanes Lumban, Dusun Hulu RT 02"
CHUNK = 1_200_007  # not a multiple of the 1 MiB segment: the resume starts mid-segment


def test_an_upload_resumes_mid_file_from_a_sealed_file(workspace, actor, central, tmp_path):
    data = pdf_bytes(LETTER, pad=2_600_000)  # three segments
    rid = intake.save_draft(workspace, actor, report_data())
    att = intake.add_attachment(workspace, actor, rid,
                                write_file(tmp_path / "src", "surat.pdf", data))
    intake.finalise(workspace, actor, rid)
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    token = credentials.load_token(workspace, actor)

    def engine():
        return make_engine(workspace, actor, LaporHttpGateway(central.url, token,
                                                              chunk_size=CHUNK))

    stop = threading.Event()

    def after_first_chunk(p):
        if p.phase == "attachments" and p.bytes_done > 0:
            stop.set()

    first = engine().run_once(progress=after_first_chunk, cancel=stop)
    assert first.outcome == "cancelled", first.message
    with workspace.db.read() as s:
        row = s.get(Attachment, att.id)
        assert row.upload_url and row.upload_offset == CHUNK and not row.uploaded

    second = engine().run_once()
    assert second.outcome == "ok", second.message
    assert second.bytes_uploaded == len(data) - CHUNK  # only the rest went up
    with workspace.db.read() as s:
        assert s.get(Attachment, att.id).uploaded
        assert s.scalar(select(Report.local_state).where(Report.id == rid)) == "terkirim"
    stored = central.storage / "attachments" / rid / att.id
    assert stored.read_bytes() == data  # central holds the plaintext, sha256 checked there
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == att.sha256
    for f in files_under(workspace.paths.root):  # while the laptop holds none of it
        assert LETTER.encode() not in f.read_bytes(), f


def test_a_damaged_sealed_file_is_not_uploaded(workspace, actor, central, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    att = intake.add_attachment(workspace, actor, rid, write_file(
        tmp_path / "src", "surat.pdf", pdf_bytes(LETTER, pad=100_000)))
    intake.finalise(workspace, actor, rid)
    blob = bytearray(att.path.read_bytes())
    blob[len(blob) // 2] ^= 0x40
    att.path.write_bytes(bytes(blob))
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    summary = make_engine(workspace, actor).run_once()
    assert summary.bytes_uploaded == 0
    with workspace.db.read() as s:
        report = s.scalar(select(Report).where(Report.id == rid))
        assert report.local_state == "perlu_perbaikan"
        assert not s.get(Attachment, att.id).uploaded
    assert not (central.storage / "attachments" / rid / att.id).exists()
