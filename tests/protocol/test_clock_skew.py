"""The walk-in time after clock-skew correction: pushes, bundles carried for days, a flat
CMOS battery, clocks days ahead and behind, and the fallback to the arrival time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_protocol.clock_skew import EARLIEST_PLAUSIBLE, trusted_walk_in

# The citizen walked in at 09:00 WIB on Monday 30 November 2026.
TRUE_WALK_IN = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def _push(skew: timedelta, send_after: timedelta = 3 * HOUR):
    """A report recorded at the true walk-in on a clock off by ``skew`` and pushed
    ``send_after`` later (the request takes a second)."""
    true_send = TRUE_WALK_IN + send_after
    arrived = true_send + timedelta(seconds=1)
    return trusted_walk_in(TRUE_WALK_IN + skew, true_send + skew, arrived, arrived)


def _bundle(skew: timedelta, carry: timedelta, export_after: timedelta = 2 * HOUR):
    """Exported ``export_after`` the walk-in, imported by the kecamatan ``carry`` later,
    pushed on to central an hour after the import."""
    true_export = TRUE_WALK_IN + export_after
    imported = true_export + carry
    return trusted_walk_in(TRUE_WALK_IN + skew, true_export + skew, imported,
                           imported + HOUR, carried=True)


def test_a_right_clock_is_taken_as_it_is():
    w = _push(timedelta(0))
    assert abs(w.at - TRUE_WALK_IN) <= timedelta(seconds=1)
    assert w.trusted and not w.fell_back


def test_flat_cmos_battery_push_is_corrected_by_the_measured_skew():
    skew = datetime(2000, 1, 1, tzinfo=UTC) - TRUE_WALK_IN  # the laptop thinks it is 2000
    w = _push(skew)
    assert abs(w.at - TRUE_WALK_IN) <= timedelta(seconds=1)
    assert w.trusted and not w.fell_back and w.correction < -20 * 365 * DAY


def test_clock_days_ahead_and_days_behind_on_a_push():
    for skew in (3 * DAY, -4 * DAY, 40 * DAY, -2 * HOUR):
        w = _push(skew)
        assert abs(w.at - TRUE_WALK_IN) <= timedelta(seconds=1), skew
        assert w.trusted


def test_bundle_carried_five_days_keeps_its_recorded_time():
    """Import minus export clock is -5 days: carry time, not skew. No fresh clock."""
    w = _bundle(timedelta(0), 5 * DAY)
    assert w.at == TRUE_WALK_IN and w.trusted and w.correction == timedelta(0)


def test_bundle_from_a_clock_ahead_is_corrected_but_never_made_later():
    w = _bundle(6 * DAY, 5 * DAY)  # offset measured: 6 - 5 = 1 day
    assert w.correction == DAY and w.trusted
    assert TRUE_WALK_IN <= w.at == TRUE_WALK_IN + 5 * DAY
    w = _bundle(3 * DAY, 0 * DAY)  # imported at once: fully corrected
    assert abs(w.at - TRUE_WALK_IN) <= timedelta(seconds=1)


def test_bundle_from_a_clock_behind_is_not_corrected():
    """A slow clock and a long trip look alike: the recorded time stands (the case looks
    older, never younger)."""
    w = _bundle(-4 * DAY, 2 * DAY)
    assert w.at == TRUE_WALK_IN - 4 * DAY and w.correction == timedelta(0) and w.trusted


def test_bundle_from_a_cmos_clock_is_estimated_and_marked_untrusted():
    skew = datetime(2000, 1, 1, tzinfo=UTC) - TRUE_WALK_IN
    w = _bundle(skew, 5 * DAY)
    # Corrected by the measured offset, which holds the five days on the stick.
    assert w.at == TRUE_WALK_IN + 5 * DAY
    assert not w.trusted and not w.fell_back


def test_still_implausible_falls_back_to_the_arrival_time():
    arrived = datetime(2026, 12, 1, 3, tzinfo=UTC)
    # An old client sends no clock: nothing to correct by.
    for recorded in (datetime(2000, 1, 1, tzinfo=UTC), datetime(2023, 12, 31, tzinfo=UTC),
                     arrived + DAY):
        w = trusted_walk_in(recorded, None, None, arrived)
        assert (w.at, w.trusted, w.fell_back) == (arrived, False, True)
    # The clock was set right between recording (in 2000) and sending.
    w = trusted_walk_in(datetime(2000, 1, 1, tzinfo=UTC), arrived, arrived, arrived)
    assert (w.at, w.trusted) == (arrived, False)
    # The clock was set back a week between recording and sending.
    w = trusted_walk_in(arrived - HOUR, arrived - 7 * DAY, arrived, arrived)
    assert (w.at, w.trusted) == (arrived, False)


def test_a_minute_after_arrival_is_jitter():
    arrived = datetime(2026, 12, 1, 3, tzinfo=UTC)
    w = trusted_walk_in(arrived + timedelta(minutes=1), None, None, arrived)
    assert w.at == arrived and w.trusted and not w.fell_back
    assert EARLIEST_PLAUSIBLE.year == 2024


def test_naive_values_are_utc():
    naive = TRUE_WALK_IN.replace(tzinfo=None)
    w = trusted_walk_in(naive, naive + HOUR, naive + HOUR, naive + HOUR)
    assert w.at == TRUE_WALK_IN and w.at.tzinfo is not None


_skews = st.integers(min_value=-30 * 24 * 60, max_value=30 * 24 * 60).map(
    lambda m: timedelta(minutes=m))
_carries = st.integers(min_value=0, max_value=21 * 24 * 60).map(lambda m: timedelta(minutes=m))
_walk_ins = st.integers(min_value=0, max_value=6 * 365 * 24 * 60).map(
    lambda m: datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=m))


@settings(max_examples=1000, deadline=None)
@given(walk_in=_walk_ins, skew=_skews, carry=_carries,
       export_after=st.integers(min_value=0, max_value=30 * 24 * 60))
def test_carry_time_never_makes_a_walk_in_later(walk_in, skew, carry, export_after):
    """Whatever the skew (30 days either way) and the carry (up to 3 weeks), a bundled
    report's walk-in lies between the truth and the device's reading, and never after the
    arrival; a push is exact."""
    true_export = walk_in + timedelta(minutes=export_after)
    imported = true_export + carry
    arrived = imported + HOUR
    w = trusted_walk_in(walk_in + skew, true_export + skew, imported, arrived, carried=True)
    assert w.trusted and not w.fell_back
    assert min(walk_in, walk_in + skew) <= w.at <= max(walk_in, walk_in + skew)
    assert EARLIEST_PLAUSIBLE <= w.at <= arrived
    pushed = trusted_walk_in(walk_in + skew, true_export + skew, true_export, true_export)
    assert pushed.at == walk_in and pushed.trusted


def test_bundle_relayed_by_a_kecamatan_with_its_own_wrong_clock():
    """The kecamatan laptop is two days behind. Central first corrects the kecamatan's
    import time by the kecamatan push's offset, then the village report by the bundle rule
    against that corrected import time."""
    kec_skew, village_skew, carry = -2 * DAY, 3 * DAY, 1 * DAY
    true_export = TRUE_WALK_IN + 2 * HOUR
    true_import = true_export + carry
    true_push = true_import + 3 * HOUR
    import_time = trusted_walk_in(true_import + kec_skew, true_push + kec_skew, true_push,
                                  true_push)
    assert import_time.trusted and import_time.at == true_import
    w = trusted_walk_in(TRUE_WALK_IN + village_skew, true_export + village_skew,
                        import_time.at, true_push, carried=True)
    # Offset 3 - 1 = 2 days: corrected to one day (the carry) after the truth, no later.
    assert w.trusted and w.at == TRUE_WALK_IN + carry
