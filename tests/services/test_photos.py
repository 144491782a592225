"""Photos are downscaled, turned upright and stripped of metadata when attached; other
files are stored byte for byte."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lapor_desktop import intake, photos
from lapor_desktop.attachments import AttachmentError
from tests.support.factories import pdf_bytes, png_bytes, report_data, write_file
from tests.support.photos import GPS_IFD, photo_like


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    return photo_like(4000, 3000, seed=1)  # 12 MP, EXIF orientation 6 (90° CW) and GPS


def _attach(ws, actor, tmp_path, name: str, data: bytes):
    rid = intake.save_draft(ws, actor, report_data())
    view = intake.add_attachment(ws, actor, rid, write_file(tmp_path / "src", name, data))
    return view, view.path.read_bytes()


def test_a_12_megapixel_phone_photo_fits_the_link(workspace, actor, tmp_path, phone_photo):
    assert len(phone_photo) > 2_500_000
    view, stored = _attach(workspace, actor, tmp_path, "IMG_0001.jpg", phone_photo)
    assert view.media_type == "image/jpeg" and view.file_name == "IMG_0001.jpg"
    assert view.size == len(stored) <= 400 * 1024
    with Image.open(io.BytesIO(stored)) as im:
        assert im.format == "JPEG"
        assert im.size == (1200, 1600)  # orientation 6 applied: upright, long edge 1600
        exif = im.getexif()
        assert not exif and not exif.get_ifd(GPS_IFD)
        assert "exif" not in im.info and "icc_profile" not in im.info
    assert b"GPS" not in stored and b"Exif" not in stored
    assert not (workspace.paths.root / photos.ORIGINALS_DIR).exists()


def test_png_photo_is_downscaled_and_stays_png(workspace, actor, tmp_path):
    data = photo_like(2400, 1800, seed=2, fmt="PNG", orientation=None)
    view, stored = _attach(workspace, actor, tmp_path, "layar.png", data)
    with Image.open(io.BytesIO(stored)) as im:
        assert im.format == "PNG" and im.size == (1600, 1200)
        assert "Comment" not in im.info and not im.getexif()
    assert view.media_type == "image/png" and len(stored) < len(data)


def test_documents_and_small_clean_images_are_stored_unchanged(workspace, actor, tmp_path):
    pdf = pdf_bytes("surat", pad=3_000_000)
    _, stored = _attach(workspace, actor, tmp_path, "surat.pdf", pdf)
    assert stored == pdf
    small = png_bytes(32, 24, seed=3)
    _, stored = _attach(workspace, actor, tmp_path, "ikon.png", small)
    assert stored == small


def test_a_small_photo_loses_its_gps_but_keeps_its_size(workspace, actor, tmp_path):
    data = photo_like(800, 600, seed=4, orientation=None)
    _, stored = _attach(workspace, actor, tmp_path, "kecil.jpg", data)
    with Image.open(io.BytesIO(stored)) as im:
        assert im.size == (800, 600) and not im.getexif()
    assert b"GPS" not in stored


def test_a_broken_jpeg_is_refused_not_kept_with_its_gps(workspace, actor, tmp_path,
                                                        phone_photo):
    # Its EXIF (with GPS) sits at the start: stored as it is, it would give the place away.
    broken = phone_photo[:len(phone_photo) // 3]
    rid = intake.save_draft(workspace, actor, report_data())
    with pytest.raises(AttachmentError, match="rusak"):
        intake.add_attachment(workspace, actor, rid,
                              write_file(tmp_path / "src", "rusak.jpg", broken))
    assert not [p for p in workspace.paths.attachments.rglob("*") if p.is_file()]


def test_the_original_is_kept_only_when_the_setting_says_so(workspace, actor, tmp_path,
                                                            phone_photo):
    workspace.settings.extra[photos.KEEP_ORIGINAL_SETTING] = True
    workspace.settings.save(workspace.paths)
    view, stored = _attach(workspace, actor, tmp_path, "asli.jpg", phone_photo)
    kept = workspace.paths.root / photos.ORIGINALS_DIR / view.sha256
    assert kept.read_bytes() == phone_photo
    assert len(stored) < len(phone_photo)
