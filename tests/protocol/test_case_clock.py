"""The case clock: every stage and side exit, holidays and cuti bersama of 2025-2027, the
JSON contract, and the working-days-left convention of ``deadlines.deadline_for``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from lapor_protocol import case_clock as cc
from lapor_protocol import deadlines
from lapor_protocol.catalog import parse_catalog, seed_document

WIB = deadlines.WIB
SEED = parse_catalog(seed_document()).calendar()


def _wib(year: int, month: int, day: int, hour: int = 0) -> datetime:
    """A WIB wall-clock time as the aware UTC value the protocol carries."""
    return datetime(year, month, day, hour, tzinfo=WIB).astimezone(UTC)


# Mon 30 November 2026, 08:00 WIB: no holiday in the next two weeks.
WALK_IN = _wib(2026, 11, 30, 8)


def _clock(history, today, walk_in=WALK_IN, calendar=SEED, **kw) -> cc.CaseClock:
    return cc.case_clock(walk_in, history, calendar, WIB, today, **kw)


def test_before_central_the_clock_runs_from_the_walk_in():
    c = _clock([], date(2026, 11, 30))
    assert c.stage == "verifikasi" and c.stage_label == "Verifikasi dan penerusan"
    # Tue 1, Wed 2, Thu 3 December.
    assert c.stage_due == date(2026, 12, 3)
    # The receipt's promise: 3 + 5 -> Fri 4, Mon 7, Tue 8, Wed 9, Thu 10.
    assert c.follow_up_due == date(2026, 12, 10)
    assert c.working_days_left == 4 and not c.overdue and c.clock_trusted
    assert c.status is None and c.walk_in_date == date(2026, 11, 30)


def test_late_arrival_at_central_is_late_not_a_fresh_clock():
    """Received at central on Friday 4 December: already a day past verification."""
    history = [("diterima", _wib(2026, 12, 4, 10))]
    c = _clock(history, date(2026, 12, 4))
    assert c.stage == "verifikasi" and c.stage_due == date(2026, 12, 3)
    assert c.overdue and c.working_days_left == -2
    # The old per-status rule gave a fresh clock from the receipt at central.
    old = deadlines.deadline_for("diterima", None, history[0][1], today=date(2026, 12, 4),
                                 calendar=SEED)
    assert old is not None and old.due == date(2026, 12, 9)


def test_walk_in_day_is_the_office_day_not_the_utc_day():
    late_evening = datetime(2026, 11, 29, 18, 30, tzinfo=UTC)  # Mon 30 Nov 01:30 WIB
    assert _clock([], date(2026, 11, 30), walk_in=late_evening).walk_in_date == date(
        2026, 11, 30)
    naive = late_evening.replace(tzinfo=None)  # naive values are UTC
    assert _clock([], date(2026, 11, 30), walk_in=naive).stage_due == date(2026, 12, 3)


def test_verified_but_not_forwarded_is_still_the_verification_stage():
    history = [("diterima", _wib(2026, 11, 30, 9)), ("terverifikasi", _wib(2026, 12, 1, 9))]
    c = _clock(history, date(2026, 12, 1))
    assert (c.stage, c.stage_due, c.status) == ("verifikasi", date(2026, 12, 3), "terverifikasi")


def test_agency_has_five_working_days_from_the_forwarding():
    history = [("diterima", _wib(2026, 11, 30, 9)), ("terverifikasi", _wib(2026, 12, 1, 9)),
               ("diteruskan", _wib(2026, 12, 7, 14))]  # forwarded late, on Monday 7
    c = _clock(history, date(2026, 12, 11))
    assert c.stage == "tindak_lanjut" and c.stage_label == "Tindak lanjut instansi"
    assert c.stage_due == date(2026, 12, 14)  # Tue 8 ... Mon 14
    assert c.follow_up_due == date(2026, 12, 10)  # the promise does not move
    assert c.working_days_left == 2 and not c.overdue  # Fri 11 and Mon 14


def test_followed_up_report_closes_after_ten_working_days():
    history = [("diterima", _wib(2026, 11, 30, 9)), ("diteruskan", _wib(2026, 12, 1, 9)),
               ("ditindaklanjuti", _wib(2026, 12, 4, 16))]
    c = _clock(history, date(2026, 12, 7))
    assert c.stage == "menunggu_tanggapan"
    # Mon 7 ... Fri 18 is ten working days.
    assert c.stage_due == date(2026, 12, 18) and c.working_days_left == 10
    # The reporter answers: back to the agency, five fresh days from that event.
    again = _clock([*history, ("diteruskan", _wib(2026, 12, 8, 9))], date(2026, 12, 8))
    assert again.stage == "tindak_lanjut" and again.stage_due == date(2026, 12, 15)


def test_hold_stops_the_clock_and_resumption_restarts_verification():
    history = [("diterima", _wib(2026, 11, 30, 9)), ("ditunda", _wib(2026, 12, 1, 9))]
    held = _clock(history, date(2026, 12, 15))
    assert held.stage == "ditunda" and held.stage_label == "Ditunda"
    assert held.stage_due is None and held.working_days_left is None and not held.overdue
    assert held.follow_up_due == date(2026, 12, 10)
    resumed = _clock([*history, ("terverifikasi", _wib(2026, 12, 14, 9))], date(2026, 12, 15))
    assert resumed.stage == "verifikasi" and resumed.stage_due == date(2026, 12, 17)
    forwarded = _clock([*history, ("diteruskan", _wib(2026, 12, 14, 9))], date(2026, 12, 15))
    assert forwarded.stage == "tindak_lanjut" and forwarded.stage_due == date(2026, 12, 21)


def test_not_our_authority_is_rerouted_within_three_days_then_five_for_the_new_agency():
    history = [("diterima", _wib(2026, 11, 30, 9)), ("terverifikasi", _wib(2026, 11, 30, 10)),
               ("diteruskan", _wib(2026, 12, 1, 9)), ("bukan_wewenang", _wib(2026, 12, 2, 9))]
    c = _clock(history, date(2026, 12, 2))
    assert c.stage == "dialihkan" and c.stage_label == "Dialihkan ke instansi lain"
    assert c.stage_due == date(2026, 12, 7)  # Thu 3, Fri 4, Mon 7
    again = _clock([*history, ("diteruskan", _wib(2026, 12, 3, 9))], date(2026, 12, 3))
    assert again.stage == "tindak_lanjut" and again.stage_due == date(2026, 12, 10)


@pytest.mark.parametrize(("status", "label"), [
    ("selesai", "Selesai"), ("diarsipkan", "Diarsipkan"), ("ditolak", "Ditolak"),
    ("status_baru_dari_server", "Status lain"),
])
def test_closed_stages_have_no_deadline(status, label):
    c = _clock([("diterima", _wib(2026, 11, 30, 9)), (status, _wib(2026, 12, 2, 9))],
               date(2027, 3, 1))
    assert c.stage == (status if label != "Status lain" else "lainnya")
    assert c.stage_label == label
    assert c.stage_due is None and c.working_days_left is None and not c.overdue
    assert c.follow_up_due == date(2026, 12, 10)
    assert c.to_json()["stage_due"] is None and c.to_json()["working_days_left"] is None


def test_json_contract():
    c = _clock([("diterima", _wib(2026, 11, 30, 9))], date(2026, 12, 7), clock_trusted=False)
    doc = json.loads(json.dumps(c.to_json()))
    assert doc == {
        "stage": "verifikasi", "stage_label": "Verifikasi dan penerusan",
        "stage_due": "2026-12-03", "follow_up_due": "2026-12-10",
        "working_days_left": -3, "overdue": True, "estimated": False,
        "clock_trusted": False,
    }
    assert isinstance(doc["working_days_left"], int) and isinstance(doc["overdue"], bool)


def test_days_left_convention_is_deadline_for_s():
    """Today and the due date both count: 1 on the due day, -2 on the next working day,
    -1 on a weekend right after a Friday due date."""
    expected = {date(2026, 11, 30): 4, date(2026, 12, 3): 1, date(2026, 12, 4): -2,
                date(2026, 12, 7): -3}
    for today, left in expected.items():
        assert _clock([], today).working_days_left == left
    # A Friday due date, seen on Saturday.
    friday = _clock([], date(2026, 12, 5), walk_in=_wib(2026, 12, 1, 8))
    assert friday.stage_due == date(2026, 12, 4) and friday.working_days_left == -1
    # Identical to the legacy function whenever both count from the same day.
    for offset in range(-3, 40):
        today = date(2026, 11, 30) + timedelta(days=offset)
        old = deadlines.deadline_for("diterima", None, WALK_IN, today=today, calendar=SEED)
        new = _clock([], today)
        assert old is not None
        assert (new.stage_due, new.working_days_left, new.overdue) == (
            old.due, old.working_days_left, old.overdue)


def test_christmas_2026_with_cuti_bersama():
    """24 December 2026 is cuti bersama (in the catalogue), 25 Christmas."""
    walk_in = _wib(2026, 12, 23, 9)
    c = _clock([], date(2026, 12, 23), walk_in=walk_in)
    assert c.stage_due == date(2026, 12, 30)  # Mon 28, Tue 29, Wed 30
    # Thu 31 Dec; 1 January is New Year, 5 January 2027 Isra Mikraj: Mon 4, Wed 6, Thu 7,
    # Fri 8.
    assert c.follow_up_due == date(2027, 1, 8) and not c.estimated
    plain = _clock([], date(2026, 12, 23), walk_in=walk_in, calendar=deadlines.WorkCalendar())
    assert plain.stage_due == date(2026, 12, 29) and plain.estimated


def test_idul_fitri_2026_and_2027():
    # Nyepi 19 March, Idul Fitri 21-22 March 2026; cuti bersama 18, 20, 23, 24 March.
    c = _clock([], date(2026, 3, 17), walk_in=_wib(2026, 3, 17, 9))
    assert c.stage_due == date(2026, 3, 27)  # Wed 25, Thu 26, Fri 27
    # Nyepi 8 March, Idul Fitri 10-11 March 2027; cuti bersama 9, 12 and 15 March.
    c27 = _clock([], date(2027, 3, 8), walk_in=_wib(2027, 3, 8, 9))
    assert c27.stage_due == date(2027, 3, 18)  # Tue 16, Wed 17, Thu 18
    assert not c27.estimated


def test_2025_counts_cuti_bersama_once_known_and_is_estimated_before():
    """The seed catalogue has no 2025 list: Christmas only, marked "perkiraan". With the
    SKB's 26 December 2025 the date moves and the mark goes."""
    walk_in = _wib(2025, 12, 22, 9)
    rough = _clock([], date(2025, 12, 22), walk_in=walk_in)
    assert rough.stage_due == date(2025, 12, 26) and rough.estimated  # 23, 24, 26
    known = deadlines.calendar_for({**{y: SEED.cuti_bersama[y] for y in (2026, 2027)},
                                    2025: {date(2025, 12, 26)}})
    exact = _clock([], date(2025, 12, 22), walk_in=walk_in, calendar=known)
    assert exact.stage_due == date(2025, 12, 29) and not exact.estimated
    # 29, 30, 31 December; 1 January is New Year; 2, 5, 6 January 2026.
    assert exact.follow_up_due == date(2026, 1, 6)


def test_a_year_without_cuti_bersama_never_crashes():
    c = _clock([("diteruskan", _wib(2028, 1, 20, 9))], date(2028, 2, 1),
               walk_in=_wib(2028, 1, 18, 9))
    assert c.estimated and c.overdue and c.working_days_left is not None
    assert c.working_days_left < 0


def test_status_event_before_the_walk_in_counts_from_the_walk_in():
    """Central's clock and the corrected walk-in may disagree by minutes across midnight;
    no stage ever starts before the citizen walked in."""
    c = _clock([("diteruskan", _wib(2026, 11, 27, 23))], date(2026, 11, 30))
    assert c.stage_due == date(2026, 12, 7)  # from Mon 30 Nov, not Fri 27


def test_today_must_be_a_day_not_an_instant():
    with pytest.raises(TypeError):
        _clock([], datetime(2026, 12, 1, 3, tzinfo=UTC))  # type: ignore[arg-type]
