"""Working days shared by the desktop and central: any year, cuti bersama from the catalogue,
"perkiraan" for a year without known cuti bersama."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lapor_protocol import deadlines
from lapor_protocol.catalog import CatalogError, parse_catalog, seed_document


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_national_holidays_any_year_with_islamic_dates():
    # Idulfitri 2030 and Christmas 2031: years no decree list covers.
    assert date(2031, 12, 25) in deadlines.national_holidays(2031)
    import holidays

    names = holidays.country_holidays("ID", years=2030)
    fitr = [d for d, n in names.items() if "Fitr" in n]
    assert fitr and set(fitr) <= deadlines.national_holidays(2030)
    # Mon 22 to Fri 26 December 2031, Christmas on Thursday: four working days.
    assert deadlines.working_days_between(date(2031, 12, 22), date(2031, 12, 26)) == 4


def test_cuti_bersama_from_the_catalogue_counts_as_day_off():
    cal = parse_catalog(seed_document()).calendar()
    assert cal.known_year(2026) and not cal.known_year(2028)
    # 24 December 2026 is cuti bersama, 25 Christmas: Wed 23 + 2 working days -> Mon 28.
    assert cal.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)
    plain = deadlines.WorkCalendar()
    assert plain.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 28)


def test_clock_at_2025_12_22_gives_an_estimated_deadline():
    """2025 has no cuti bersama in the catalogue: national holidays only, marked."""
    d = deadlines.deadline_for("diterima", None, _utc(2025, 12, 19, 3),
                               today=date(2025, 12, 22))
    assert d is not None and d.estimated
    # Fri 19 Dec + 3 working days: Mon 22, Tue 23, Wed 24 (Christmas is Thursday).
    assert d.due == date(2025, 12, 24) and not d.overdue and d.working_days_left == 3


def test_clock_at_2028_02_01_never_crashes():
    d = deadlines.deadline_for("diteruskan", _utc(2028, 1, 20, 2), _utc(2028, 1, 18, 2),
                               today=date(2028, 2, 1))
    assert d is not None and d.estimated and d.overdue
    assert d.working_days_left < 0
    known = deadlines.deadline_for("diterima", None, _utc(2026, 11, 2, 2),
                                   today=date(2026, 11, 3))
    assert known is not None and not known.estimated


def test_central_and_desktop_agree():
    from lapor_central import deadlines as central

    for at in (_utc(2025, 12, 19, 3), _utc(2026, 12, 22, 23, 30), _utc(2028, 1, 31, 1)):
        naive = at.replace(tzinfo=None)
        for status in ("diterima", "terverifikasi", "diteruskan", "ditindaklanjuti"):
            desk = deadlines.deadline_for(status, at, at)
            assert central.deadline_for(status, naive, naive) == desk.due


def test_catalogue_cuti_bersama_checked_and_carried():
    doc = seed_document()
    doc["cuti_bersama"] = {"2029": ["2029-02-12"]}
    cat = parse_catalog(doc)
    assert cat.cuti_bersama == {2029: frozenset({date(2029, 2, 12)})}
    assert parse_catalog(cat.to_dict()).cuti_bersama == cat.cuti_bersama
    doc["cuti_bersama"] = {"2029": ["2030-01-02"]}
    with pytest.raises(CatalogError):
        parse_catalog(doc)
    doc["cuti_bersama"] = {"2029": ["bukan tanggal"]}
    with pytest.raises(CatalogError):
        parse_catalog(doc)


def test_kecamatan_view_survives_2025_and_2028_reports(workspace, actor):
    from sqlalchemy import update

    from lapor_desktop import intake
    from lapor_desktop import kecamatan as kec
    from lapor_desktop.store.models import Report
    from tests.support.factories import report_data

    fins = intake.create_reports(workspace, actor, [report_data(), report_data()])
    with workspace.db.write() as s:
        for fin, when in zip(fins, (_utc(2025, 12, 19, 3), _utc(2028, 1, 20, 3))):
            s.execute(update(Report).where(Report.id == fin.id).values(
                local_state="terkirim", remote_status="diteruskan", remote_status_at=when,
                received_at=when))
    rows = kec.report_rows(workspace, today=date(2028, 2, 1))
    assert all(r.deadline is not None for r in rows)
    late = kec.overdue_reports(workspace, today=date(2028, 2, 1))
    assert len(late) == 2
    # The desktop keeps the catalogue's cuti bersama when it stores a new catalogue.
    assert workspace.catalog().calendar().known_year(2026)
