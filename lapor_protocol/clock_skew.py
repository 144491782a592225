"""The walk-in time a deadline may count from: the device's recorded time, checked.

A village laptop's clock is often wrong (a flat CMOS battery starts it in 2000; a hand-set
clock drifts by days). Each push and each bundle carries the device's clock at sending, so
the receiving side can measure how far off that clock was, and correct the recorded times
of the reports it carried by the same amount.

Pushes are corrected by the measured offset, whatever its sign: a push travels in seconds.

Bundles travel on a stick for hours or days before a kecamatan imports them, so "import
time - export clock" is the device's skew *minus the carry time*. A negative offset
therefore cannot tell a slow clock from a long trip, and correcting by it would give every
carried report a fresh (later) clock. The rule: correct a bundle's recorded time only when
the offset proves the device clock was ahead (a positive offset is a lower bound of the
skew, so the corrected time is still no earlier than the true one and never later than the
recorded one), or when the recorded time is implausible as it stands (then the correction
is the best estimate there is, but it contains the unknown carry time, so the result is
marked untrusted).

A time that is still implausible after correction (after its arrival, or before
2024-01-01, when no installation can have existed) falls back to the arrival time,
untrusted ("waktu perangkat tidak dapat dipercaya").

Nothing here orders or deduplicates reports: that never uses a device's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EARLIEST_PLAUSIBLE = datetime(2024, 1, 1, tzinfo=UTC)
# A recorded time this little after its arrival is clock jitter (NTP steps, the second a
# request takes), clamped to the arrival and still trusted.
ARRIVAL_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class WalkIn:
    """The walk-in time deadlines count from (aware UTC) and whether it can be trusted."""

    at: datetime
    trusted: bool
    correction: timedelta  # subtracted from the recorded time (0 when none was applied)
    fell_back: bool  # the arrival time was taken instead of the recorded one


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _plausible(at: datetime, arrived: datetime) -> bool:
    return EARLIEST_PLAUSIBLE <= at <= arrived + ARRIVAL_TOLERANCE


def trusted_walk_in(recorded_at: datetime, device_sent_at: datetime | None,
                    received_at: datetime | None, arrived_at: datetime, *,
                    carried: bool = False) -> WalkIn:
    """The walk-in time from the device's ``recorded_at``.

    ``device_sent_at``: the device's clock when it sent the push or exported the bundle
    (None from a client that does not carry it: no correction). ``received_at``: the
    receiving side's clock when the push arrived or the bundle was imported. ``arrived_at``:
    when the report arrived at the side that decides (central's clock; the upper bound of
    any walk-in). ``carried``: the report came in a bundle (see the module docstring).
    Naive values are UTC. Pure: reads no clock."""
    recorded, arrived = _utc(recorded_at), _utc(arrived_at)
    trusted = True
    correction = timedelta(0)
    if device_sent_at is not None and received_at is not None:
        offset = _utc(device_sent_at) - _utc(received_at)  # > 0: the device was ahead
        if not carried or offset > timedelta(0):
            correction = offset
        elif not _plausible(recorded, arrived):
            correction, trusted = offset, False  # includes the unknown carry time
    corrected = recorded - correction
    if not _plausible(corrected, arrived):
        return WalkIn(arrived, False, timedelta(0), True)
    return WalkIn(min(corrected, arrived), trusted, correction, False)
