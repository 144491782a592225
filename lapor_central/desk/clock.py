"""The desk's only contact with the working-day calendar (today in WIB, days left)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lapor_protocol.deadlines import WIB, working_days_between


def today_wib() -> date:
    return datetime.now(WIB).date()


def working_days_left(today: date, due: date) -> int:
    """Working days from ``today`` to ``due``: 0 on the day, negative once overdue. Counts
    the working days after the earlier date up to and including the later one, on the
    shared calendar's yearly tables (no day-by-day walk)."""
    if due >= today:
        return working_days_between(today + timedelta(days=1), due)
    return -working_days_between(due + timedelta(days=1), today)
