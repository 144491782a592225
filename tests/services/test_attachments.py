"""Attachments: type from the bytes, size limit from Settings, durable copy, no leftovers."""

from __future__ import annotations

import hashlib
import io

import pytest

from lapor_desktop import intake
from lapor_desktop.attachments import AttachmentError, check_file, sniff_media_type
from lapor_desktop.config import DEFAULT_MAX_ATTACHMENT_BYTES, Settings
from lapor_desktop.fsutil import copy_durably
from lapor_desktop.workspace import Workspace
from tests.support.factories import (
    PASSWORD,
    docx_bytes,
    pdf_bytes,
    png_bytes,
    report_data,
    write_file,
)
from tests.support.sealed import plain_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def _no_temp_files(root):
    return [p for p in root.rglob("*") if p.name.startswith(".tmp-")]


def test_type_is_sniffed_from_bytes_not_name(workspace, actor, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    data = png_bytes(seed=7)
    att = intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "surat.pdf", data))
    assert att.media_type == "image/png"
    assert att.file_name == "surat.pdf"
    assert att.size == len(data)
    assert att.sha256 == hashlib.sha256(data).hexdigest()
    assert plain_bytes(workspace, actor, att.id, att.path) == data
    assert att.path.read_bytes() != data  # sealed at rest
    assert att.path.is_relative_to(workspace.paths.attachments / rid)
    pdf = intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "x.bin",
                                                                  pdf_bytes()))
    assert pdf.media_type == "application/pdf"
    doc = intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "d.docx",
                                                                  docx_bytes()))
    assert doc.media_type.startswith("application/vnd.openxmlformats")
    assert _no_temp_files(workspace.paths.root) == []


@pytest.mark.parametrize("name,data", [
    ("foto.jpg", EXE),                                # a program renamed .jpg
    ("catatan.pdf", b"hanya teks biasa, bukan PDF\n"),  # text is not an allowed type
    ("kosong.png", b""),                              # empty
])
def test_refused_types_leave_nothing(workspace, actor, tmp_path, name, data):
    rid = intake.save_draft(workspace, actor, report_data())
    with pytest.raises(AttachmentError) as exc:
        intake.add_attachment(workspace, actor, rid, write_file(tmp_path, name, data))
    assert name in str(exc.value)
    assert any(w in str(exc.value) for w in ("tidak didukung", "kosong"))
    assert intake.get_report(workspace, actor, rid).attachments == ()
    assert [p for p in workspace.paths.attachments.rglob("*") if p.is_file()] == []


def test_exe_is_recognised_as_not_allowed():
    assert sniff_media_type(EXE) not in (None, "image/jpeg")


def test_size_limit_default_and_configurable(data_dir, tmp_path):
    assert Settings().max_attachment_bytes == DEFAULT_MAX_ATTACHMENT_BYTES == 20 * 1024 * 1024
    with Workspace.open(data_dir) as ws:
        ws.initialise("61.05.01.2008", "admin", PASSWORD)
        Settings(max_attachment_bytes=2000).save(ws.paths)
    with Workspace.open(data_dir) as ws:
        assert ws.settings.max_attachment_bytes == 2000
        actor = ws.login("admin", PASSWORD)
        rid = intake.save_draft(ws, actor, report_data())
        big = write_file(tmp_path, "besar.pdf", pdf_bytes(pad=5000))
        with pytest.raises(AttachmentError) as exc:
            intake.add_attachment(ws, actor, rid, big)
        msg = str(exc.value)
        assert "melebihi batas" in msg and "besar.pdf" in msg and "Pengaturan" in msg
        ok = intake.add_attachment(ws, actor, rid, write_file(tmp_path, "kecil.pdf",
                                                              pdf_bytes(pad=100)))
        assert ok.size < 2000
        # The same limit applies in a batch, as a field error with the attachment index.
        with pytest.raises(intake.BatchValidationFailed) as exc:
            intake.create_reports(ws, actor, [report_data(attachments=[str(big)])])
        (index, result), = exc.value.errors
        assert index == 0 and result.errors[0].field == "attachments[0]"
        assert _no_temp_files(ws.paths.root) == []


def test_missing_and_odd_paths_are_refused_not_crashing(tmp_path):
    for path in (tmp_path / "tidak-ada.pdf", tmp_path, tmp_path / "a\x00b.pdf"):
        with pytest.raises(AttachmentError):
            check_file(path, 1000)


def test_copy_durably_leaves_no_temp_file_when_too_large(tmp_path):
    target = tmp_path / "out" / "f"
    with pytest.raises(ValueError):
        copy_durably(io.BytesIO(b"x" * 5000), target, max_bytes=4000)
    assert not target.exists()
    assert list((tmp_path / "out").iterdir()) == []
    size, digest = copy_durably(io.BytesIO(b"y" * 3000), target, max_bytes=4000)
    assert (size, digest) == (3000, hashlib.sha256(b"y" * 3000).hexdigest())
    assert list((tmp_path / "out").iterdir()) == [target]


def test_batch_with_attachments_stores_correct_hashes(workspace, actor, tmp_path):
    a = write_file(tmp_path, "a.png", png_bytes(seed=1))
    b = write_file(tmp_path, "b.pdf", pdf_bytes("dua"))
    done = intake.create_reports(workspace, actor, [report_data(attachments=[str(a), str(b)])])
    view = intake.get_report(workspace, actor, done[0].id)
    assert [(x.file_name, x.sha256, x.size) for x in view.attachments] == [
        ("a.png", hashlib.sha256(a.read_bytes()).hexdigest(), a.stat().st_size),
        ("b.pdf", hashlib.sha256(b.read_bytes()).hexdigest(), b.stat().st_size)]
    for x in view.attachments:
        assert hashlib.sha256(plain_bytes(workspace, actor, x.id, x.path)).hexdigest() == x.sha256
    assert _no_temp_files(workspace.paths.root) == []


def test_remove_attachment_from_draft(workspace, actor, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    att = intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "a.png",
                                                                  png_bytes()))
    intake.remove_attachment(workspace, actor, att.id)
    assert not att.path.exists()
    assert intake.get_report(workspace, actor, rid).attachments == ()
