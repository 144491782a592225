"""Deadlines in Indonesian working days (weekends, libur nasional and cuti bersama off).

Published LAPOR! limits: verification and forwarding within 3 working days of receipt,
the agency's follow-up within 5 working days of being forwarded, and a followed-up report
closes 10 working days later. Days count from central's clock in WIB (Sintang's zone),
never from the client's clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import lokal

from lapor_protocol.domain import RemoteStatus

WIB = timezone(timedelta(hours=7))

VERIFY_DAYS = 3
FOLLOW_UP_DAYS = 5
CLOSE_DAYS = 10


def local_date(utc_naive: datetime) -> date:
    return utc_naive.replace(tzinfo=timezone.utc).astimezone(WIB).date()


@lru_cache(maxsize=4096)
def add_working_days(start: date, n: int) -> date:
    try:
        return lokal.add_working_days(start, n, cuti_bersama=True)
    except ValueError:
        # lokal-id only ships the years with a published SKB; beyond them count weekdays
        # only rather than refusing to give a deadline.
        d, left = start, n
        while left > 0:
            d += timedelta(days=1)
            if d.weekday() < 5:
                left -= 1
        return d


def deadline_for(status: str, at: datetime, received_at: datetime) -> date | None:
    """The deadline that starts with an event of ``status`` at ``at`` (both naive UTC)."""
    if status in (RemoteStatus.DITERIMA, RemoteStatus.TERVERIFIKASI):
        return add_working_days(local_date(received_at), VERIFY_DAYS)
    if status == RemoteStatus.DITERUSKAN:
        return add_working_days(local_date(at), FOLLOW_UP_DAYS)
    if status == RemoteStatus.DITINDAKLANJUTI:
        return add_working_days(local_date(at), CLOSE_DAYS)
    return None
