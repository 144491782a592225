"""Attachment contents sealed at rest: the streamed format, tampering, the migration of clear
files, and what a thief with the data folder can read (nothing of an attachment)."""

from __future__ import annotations

import hashlib
import io
import os
import random

import pytest

from lapor_desktop import intake, photos, stored_files, upkeep
from lapor_desktop.sealed_files import (
    HEADER_LEN,
    SEALED_SEGMENT,
    SEGMENT,
    SealedFileError,
    SealedReader,
    files_key,
    seal_stream,
    unseal_chunks,
)
from lapor_desktop.workspace import Workspace, WorkspaceError
from tests.support.factories import PASSWORD, pdf_bytes, report_data, write_file
from tests.support.photos import photo_like
from tests.support.sealed import files_under, plain_bytes

# A letter that names the citizen: none of these bytes may sit anywhere in the data folder.
LETTER = b"Surat keterangan untuk Siti Aminah binti Abdullah, NIK 6105015005900001"


def _sealed(data: bytes, key: bytes, file_id: str = "lampiran-1") -> bytes:
    out = io.BytesIO()
    seal_stream(io.BytesIO(data), out, key, file_id)
    return out.getvalue()


def _unseal(blob: bytes, key: bytes, file_id: str = "lampiran-1") -> bytes:
    return b"".join(unseal_chunks(io.BytesIO(blob), key, file_id))


@pytest.mark.parametrize("size", [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 7])
def test_round_trip_streamed_and_seekable(size):
    key = os.urandom(32)
    data = random.Random(size).randbytes(size)
    blob = _sealed(data, key)
    assert _unseal(blob, key) == data
    reader = io.BufferedReader(SealedReader(io.BytesIO(blob), key, "lampiran-1"), SEGMENT)
    rng = random.Random(1)
    for _ in range(30):  # any offset, as a resumed upload seeks
        offset, length = rng.randint(0, size), rng.randint(0, 2 * SEGMENT + 3)
        reader.seek(offset)
        assert reader.read(length) == data[offset:offset + length]


def test_every_kind_of_tampering_is_refused():
    key = os.urandom(32)
    data = random.Random(2).randbytes(3 * SEGMENT + 100)
    blob = _sealed(data, key)
    seg = lambda i: blob[HEADER_LEN + i * SEALED_SEGMENT:HEADER_LEN + (i + 1) * SEALED_SEGMENT]  # noqa: E731
    variants = {
        "cut at a segment boundary": blob[:HEADER_LEN + 2 * SEALED_SEGMENT],
        "cut mid-segment": blob[:-50],
        "header only": blob[:HEADER_LEN],
        "one byte appended": blob + b"\x00",
        "segments swapped": blob[:HEADER_LEN] + seg(1) + seg(0) + blob[HEADER_LEN
                                                                     + 2 * SEALED_SEGMENT:],
        "segment dropped": blob[:HEADER_LEN] + seg(0) + blob[HEADER_LEN + 2 * SEALED_SEGMENT:],
    }
    for pos in (0, 9, 13, 30, HEADER_LEN + 5, HEADER_LEN + SEALED_SEGMENT + 17, len(blob) - 3):
        flipped = bytearray(blob)
        flipped[pos] ^= 0x01
        variants[f"bit flipped at {pos}"] = bytes(flipped)
    for what, bad in variants.items():
        with pytest.raises(SealedFileError):
            _unseal(bad, key)
            pytest.fail(what)
        with pytest.raises(SealedFileError):
            SealedReader(io.BytesIO(bad), key, "lampiran-1").read()
            pytest.fail(what)
    # Another key, or the same bytes presented as another attachment, do not open either.
    with pytest.raises(SealedFileError):
        _unseal(blob, os.urandom(32))
    with pytest.raises(SealedFileError):
        _unseal(blob, key, "lampiran-2")


def _attach(ws, actor, tmp_path, name: str, data: bytes):
    rid = intake.save_draft(ws, actor, report_data())
    return rid, intake.add_attachment(ws, actor, rid, write_file(tmp_path / "src", name, data))


def test_no_attachment_byte_pattern_anywhere_in_the_data_folder(workspace, actor, tmp_path):
    workspace.settings.extra[photos.KEEP_ORIGINAL_SETTING] = True  # originals kept too
    workspace.settings.save(workspace.paths)
    letter = pdf_bytes(LETTER.decode(), pad=200_000)
    photo = photo_like(2400, 1800, seed=4)
    rid, pdf = _attach(workspace, actor, tmp_path, "surat-siti-aminah.pdf", letter)
    intake.add_attachment(workspace, actor, rid, write_file(tmp_path / "src", "ktp.jpg", photo))
    intake.finalise(workspace, actor, rid)
    intake.start_correction(workspace, actor, rid)  # copies the files under new ids
    stored_photo = next(a for a in intake.get_report(workspace, actor, rid).attachments
                        if a.media_type == "image/jpeg")
    clear_photo = plain_bytes(workspace, actor, stored_photo.id, stored_photo.path)
    patterns = [LETTER, b"surat-siti-aminah", photo[5000:5064], photo[-4000:-3936],
                clear_photo[2000:2064], clear_photo[-3000:-2936]]
    files = files_under(workspace.paths.root)
    assert len([p for p in files if "attachments" in p.parts]) == 4
    assert any("originals" in p.parts for p in files)
    for path in files:
        blob = path.read_bytes()
        for pattern in patterns:
            assert pattern not in blob, (path, pattern[:20])
    assert plain_bytes(workspace, actor, pdf.id, pdf.path) == letter


def test_a_tampered_or_truncated_stored_file_is_refused(workspace, actor, tmp_path):
    from lapor_desktop.store.models import Attachment

    actor = workspace.login("admin", PASSWORD)  # the store is marked as fully sealed
    rid, att = _attach(workspace, actor, tmp_path, "surat.pdf", pdf_bytes("x", pad=2_500_000))
    intake.finalise(workspace, actor, rid)
    good = att.path.read_bytes()
    key = stored_files.key_of(actor)
    with workspace.db.read() as s:
        row = s.get(Attachment, att.id)
        s.expunge(row)
    assert stored_files.intact(workspace, key, row)
    for bad in (good[:-SEALED_SEGMENT], good[:HEADER_LEN + SEALED_SEGMENT], good + b"!",
                good[:200] + bytes([good[200] ^ 1]) + good[201:],
                pdf_bytes("x", pad=300_000)):  # a clear file slipped in after sealing
        att.path.write_bytes(bad)
        assert not stored_files.intact(workspace, key, row)
        with pytest.raises(SealedFileError):
            stored_files.view_copy(workspace, actor, att.id, ".pdf")
        with pytest.raises(WorkspaceError, match="tidak dapat disalin"):
            intake.start_correction(workspace, actor, rid)
    # Nothing half-written is left behind by the refused copies.
    assert stored_files.clear_view_copies(workspace) == 0


def test_view_copy_decrypts_to_the_temp_folder_and_is_removed(workspace, actor, tmp_path):
    _, att = _attach(workspace, actor, tmp_path, "surat.pdf", pdf_bytes(LETTER.decode()))
    copy = stored_files.view_copy(workspace, actor, att.id, ".pdf")
    assert copy.parent == workspace.paths.tmp / stored_files.VIEW_DIR
    assert copy.suffix == ".pdf" and "surat" not in copy.name
    assert copy.read_bytes() == pdf_bytes(LETTER.decode())
    assert stored_files.clear_view_copies(workspace) == 1
    assert not copy.exists()


def test_clear_files_of_an_older_store_are_sealed_at_login(data_dir, tmp_path):
    ws = Workspace.open(data_dir)
    actor = ws.initialise("61.05.01.2008", "admin", PASSWORD, "Admin Desa")
    letter = pdf_bytes(LETTER.decode(), pad=150_000)
    rid, att = _attach(ws, actor, tmp_path, "surat.pdf", letter)
    intake.finalise(ws, actor, rid)
    att.path.write_bytes(letter)  # as an older version stored it
    ws.db.set_meta(stored_files.SEALED_META, "0")
    orig = ws.paths.root / photos.ORIGINALS_DIR / ("a" * 64)
    orig.parent.mkdir(parents=True, exist_ok=True)
    orig.write_bytes(b"\xff\xd8\xff original photo with GPS")
    # Until sealing has run, the clear file is still read (the app keeps working) ...
    assert plain_bytes(ws, actor, att.id, att.path) == letter
    ws.close()
    ws = Workspace.open(data_dir)
    try:
        actor = ws.login("admin", PASSWORD)  # upkeep.after_login seals in place
        assert LETTER not in att.path.read_bytes()
        assert b"GPS" not in orig.read_bytes()
        assert plain_bytes(ws, actor, att.id, att.path) == letter
        assert ws.db.get_meta(stored_files.SEALED_META) == "1"
        assert not [p for p in files_under(ws.paths.root) if p.name.startswith(".tmp-")]
        # ... and sealing twice changes nothing.
        before = att.path.read_bytes()
        ws.db.set_meta(stored_files.SEALED_META, "0")
        assert stored_files.seal_clear_files(ws, actor) == 0
        assert att.path.read_bytes() == before
        assert hashlib.sha256(plain_bytes(ws, actor, att.id, att.path)).hexdigest() \
            == att.sha256
        # A crash half-way leaves a temp file next to the original: the sweep removes it.
        stray = att.path.parent / ".tmp-halfway"
        stray.write_bytes(letter[:1000])
        os.utime(stray, (1, 1))
        upkeep.sweep(ws)
        assert not stray.exists() and att.path.exists()
    finally:
        ws.close()


def test_files_key_is_not_the_data_key(actor):
    assert files_key(actor.data_key) != actor.data_key
    assert len(files_key(actor.data_key)) == 32
