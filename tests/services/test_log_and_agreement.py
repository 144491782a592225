"""The support log carries no personal data; what the desktop finalises, central accepts."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from lapor_desktop import intake, logging_setup
from lapor_desktop.config import log_dir
from lapor_desktop.store.models import Report
from tests.support.factories import NIK, PHONE, REGION, png_bytes, report_data, write_file


@pytest.fixture
def log_file(tmp_path):
    logging_setup.reset()
    path = logging_setup.configure(tmp_path / "logs", console=False)
    yield path
    logging_setup.reset()


def test_log_goes_under_the_data_dir_and_is_masked(log_file, tmp_path):
    assert log_dir(str(tmp_path)) == tmp_path.resolve() / "logs"
    logging.getLogger("lapor_desktop.test").warning("pelapor %s telepon %s", NIK, PHONE)
    for h in logging.getLogger().handlers:
        h.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "pelapor" in written and NIK not in written and PHONE not in written
    handler = next(h for h in logging.getLogger().handlers
                   if getattr(h, "baseFilename", None) == str(log_file))
    assert handler.maxBytes == 1_000_000 and handler.backupCount == 5


def test_database_errors_do_not_carry_parameters(workspace, actor):
    with pytest.raises(IntegrityError) as info, workspace.db.write() as s:
        s.execute(text("INSERT INTO meta(key, value) VALUES (:k, :v)"),
                  {"k": "region_code", "v": NIK})
    assert NIK not in str(info.value)


# ------------------------------------------------------------------ desktop ⇒ central

def _central_errors(wire, region=REGION):
    service = pytest.importorskip("lapor_central.service")
    from lapor_protocol.catalog import parse_catalog, seed_document
    from lapor_protocol.wire import Limits

    # Central takes the device from the token: here, the device that made the report.
    device = service.DeviceAuth(wire["origin"]["device_id"], region)
    return service.check_item(wire, device,
                              parse_catalog(seed_document()), Limits())


VARIANTS = {
    "full": {},
    "no_optional": {"complainant": {"nik": None, "email": None, "address": None},
                    "location_detail": None},
    "anonim": {"privacy": "anonim"},
    "rahasia_aspirasi": {"privacy": "rahasia", "kind": "aspirasi"},
    "multiline_body": {"body": "Baris pertama laporan warga.\nBaris kedua\tdengan tab."},
    "phone_plus62": {"complainant": {"phone": "+62 812-3456-7890"}},
    "long_title": {"title": "J" * 150},
    "unicode_name": {"complainant": {"name": "Ñoman Dewi Ayu Kadek Ṣ"}},
    "agency_given": {"agency": "dinkes-sintang"},
    "telepon_channel": {"channel": "telepon"},
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_what_the_desktop_finalises_central_accepts(workspace, actor, tmp_path, name):
    src = write_file(tmp_path, "foto lapangan (1).png", png_bytes())
    done = intake.create_reports(workspace, actor,
                                 [report_data(**VARIANTS[name], attachments=[str(src)])])[0]
    with workspace.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == done.id))
        wire = intake.to_wire(row, actor.cipher)
    assert wire["attachments"][0]["file_name"] == "foto lapangan (1).png"
    assert _central_errors(wire) == []


def test_central_accepts_another_village_of_the_kabupaten(workspace, actor):
    done = intake.create_reports(workspace, actor,
                                 [report_data(region_code="61.05.02.2001")])[0]
    with workspace.db.read() as s:
        wire = intake.to_wire(s.scalar(select(Report).where(Report.id == done.id)),
                              actor.cipher)
    assert _central_errors(wire) == []
