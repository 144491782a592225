"""The desk's only contact with the working-day calendar (today in WIB, days left)."""

from __future__ import annotations

from datetime import date, datetime

from lapor_central.deadlines import add_working_days

from lapor_protocol.deadlines import WIB
_MAX_SPAN = 400  # working days counted one by one at most; beyond that calendar days


def today_wib() -> date:
    return datetime.now(WIB).date()


def working_days_left(today: date, due: date) -> int:
    """Working days from ``today`` to ``due``: 0 on the day, negative once overdue."""
    if due == today:
        return 0
    start, end, sign = (today, due, 1) if due > today else (due, today, -1)
    n = 0
    while n < _MAX_SPAN:
        if add_working_days(start, n + 1) > end:
            return sign * n
        n += 1
    return sign * (end - start).days
