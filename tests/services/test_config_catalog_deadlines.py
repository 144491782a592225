"""Config paths, catalogue routing (No Wrong Door), deadlines in working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import platformdirs
import pytest

from lapor_desktop import catalog as catalog_mod
from lapor_desktop import config
from lapor_protocol import deadlines
from lapor_protocol.catalog import CatalogError, parse_catalog, seed_document

# ------------------------------------------------------------------------ config

def test_every_path_under_the_data_dir(tmp_path):
    paths = config.get_paths(tmp_path / "d").ensure()
    names = ["database", "backups", "attachments", "receipts", "bundles", "keys", "logs",
             "settings_file", "tmp"]
    for name in names:
        p = getattr(paths, name)
        assert p.is_relative_to(tmp_path / "d"), name
    for name in names:
        if name not in ("database", "settings_file"):
            assert getattr(paths, name).is_dir()


def test_resolution_order(tmp_path, monkeypatch):
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path / "env"))
    assert config.resolve_data_dir(tmp_path / "cli") == (tmp_path / "cli").resolve()
    assert config.resolve_data_dir() == (tmp_path / "env").resolve()
    monkeypatch.delenv(config.ENV_DATA_DIR)
    expected = Path(platformdirs.user_data_dir("lapor-desktop", "LAPOR", roaming=False))
    assert config.resolve_data_dir() == expected == config.default_data_dir()
    # conftest points XDG_DATA_HOME at a temporary home: never the real one.
    assert str(expected).startswith(str(Path.home()))


def test_settings_round_trip_and_bad_file(tmp_path):
    paths = config.get_paths(tmp_path).ensure()
    assert config.Settings.load(paths) == config.Settings()
    config.Settings(endpoint_url="https://contoh.id", max_attachment_bytes=123).save(paths)
    loaded = config.Settings.load(paths)
    assert (loaded.endpoint_url, loaded.max_attachment_bytes) == ("https://contoh.id", 123)
    paths.settings_file.write_text("{rusak")
    assert config.Settings.load(paths) == config.Settings()


# ------------------------------------------------------------------------ catalogue

DOC = {
    "version": "uji-1",
    "categories": [{"code": "jalan", "name": "Jalan"}, {"code": "air", "name": "Air"},
                   {"code": "lain", "name": "Lainnya"}],
    "agencies": [{"code": "pemkab", "name": "Pemkab"}, {"code": "pu", "name": "PU"},
                 {"code": "pu-kec", "name": "PU Kecamatan"}, {"code": "pdam", "name": "PDAM"}],
    "routes": [
        {"category": "*", "region_prefix": "", "agency": "pemkab"},
        {"category": "jalan", "region_prefix": "61.05", "agency": "pu"},
        {"category": "jalan", "region_prefix": "61.05.01", "agency": "pu-kec"},
        {"category": "air", "region_prefix": "", "agency": "pdam"},
        {"category": "*", "region_prefix": "61.05.01", "agency": "pemkab"},
    ],
}


def test_most_specific_route_wins():
    cat = parse_catalog(DOC)
    assert cat.suggest_agency("jalan", "61.05.01.2008") == "pu-kec"   # longest prefix
    assert cat.suggest_agency("jalan", "61.05.02.2001") == "pu"
    assert cat.suggest_agency("jalan", "62.01.01.2001") == "pemkab"   # fallback "*"
    # An exact category beats a wildcard even with a longer prefix.
    assert cat.suggest_agency("air", "61.05.01.2008") == "pdam"
    assert cat.suggest_agency("lain", "61.05.01.2008") == "pemkab"


def test_route_order_does_not_matter():
    doc = dict(DOC, routes=list(reversed(DOC["routes"])))
    cat = parse_catalog(doc)
    assert cat.suggest_agency("jalan", "61.05.01.2008") == "pu-kec"


def test_no_wrong_door_in_the_seed():
    cat = parse_catalog(seed_document())
    assert cat.version.startswith("seed-sintang")
    for code in cat.categories:
        for region in ("61.05.01.2008", "61.05.03.2001", "11.01.01.2001", None):
            agency = cat.suggest_agency(code, region)
            assert agency in cat.agencies, (code, region)
    assert cat.suggest_agency("bansos", "11.01.01.2001") == "kemensos"
    assert cat.suggest_agency("bansos", "61.05.01.2008") == "dinsos-sintang"


@pytest.mark.parametrize("bad", [
    {"version": "x", "categories": [], "agencies": [{"code": "a", "name": "A"}]},
    {"version": "x", "categories": [{"code": "c"}], "agencies": [{"code": "a", "name": "A"}]},
    {"categories": [{"code": "c", "name": "C"}], "agencies": [{"code": "a", "name": "A"}]},
    dict(DOC, routes=[{"category": "*", "agency": "tidak-ada"}]),
])
def test_bad_catalogue_refused(bad):
    with pytest.raises(CatalogError):
        parse_catalog(bad)


def test_replace_with_a_new_version(workspace, actor):
    from lapor_desktop import intake

    assert workspace.catalog().has_category("infrastruktur")
    workspace.replace_catalog(parse_catalog(DOC))
    assert workspace.catalog().version == "uji-1"
    with workspace.db.read() as s:
        stored = catalog_mod.load(s)
    assert stored.version == "uji-1" and set(stored.categories) == {"jalan", "air", "lain"}
    assert len(stored.routes) == 5
    from tests.support.factories import report_data

    with pytest.raises(intake.BatchValidationFailed):
        intake.create_reports(workspace, actor, [report_data()])  # infrastruktur is gone
    done = intake.create_reports(workspace, actor, [report_data(category="jalan")])
    assert intake.get_report(workspace, actor, done[0].id).agency == "pu-kec"


# ------------------------------------------------------------------------ deadlines

def test_working_days_skip_weekends_and_holidays():
    # Christmas 2026 falls on Friday 25 December; Thursday 24 December is cuti bersama
    # (SKB 3 Menteri for 2026); 26-27 December is a weekend. So from Tuesday 22 December,
    # the working days are Wed 23 (1), Mon 28 (2), Tue 29 (3), Wed 30 (4).
    assert date(2026, 12, 25).weekday() == 4
    start = date(2026, 12, 22)
    assert deadlines.add_working_days(start, 1) == date(2026, 12, 23)
    assert deadlines.add_working_days(start, 2) == date(2026, 12, 28)
    assert deadlines.add_working_days(start, 4) == date(2026, 12, 30)
    # New Year's Day 2027 is a Friday: from Thursday 31 December, next is Monday 4 January.
    assert deadlines.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # A plain week without holidays: Monday 2 November 2026 + 5 = Monday 9 November.
    assert deadlines.add_working_days(date(2026, 11, 2), 5) == date(2026, 11, 9)


def test_deadline_counts_from_central_receipt_in_local_time():
    # Received 22 Dec 2026 20:00 UTC = 23 Dec 03:00 WIB. 3 working days from 23 Dec:
    # 28 (1), 29 (2), 30 (3).
    received = datetime(2026, 12, 22, 20, 0, tzinfo=UTC)
    d = deadlines.deadline_for("diterima", since=None, received_at=received,
                               today=date(2026, 12, 24))
    assert d.due == date(2026, 12, 30) and not d.overdue and d.label == "Batas verifikasi"
    late = deadlines.deadline_for("diterima", since=None, received_at=received,
                                  today=date(2027, 1, 5))
    assert late.overdue and late.working_days_left < 0
    # Disposed to an agency: 5 working days from the status time.
    since = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # Monday 10:00 WIB
    d = deadlines.deadline_for("diteruskan", since=since, received_at=received,
                               today=date(2026, 11, 3))
    assert d.due == date(2026, 11, 9)
    assert deadlines.deadline_for("selesai", since, received) is None
    assert deadlines.deadline_for(None, since, received) is None
    assert deadlines.deadline_for("diteruskan", None, None) is None
    assert date(2026, 12, 23) - timedelta(days=1) == date(2026, 12, 22)
