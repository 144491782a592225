"""Deadlines in Indonesian working days: central's names over the shared module.

The counting lives in :mod:`lapor_protocol.deadlines` (weekends, national holidays from the
``holidays`` package, cuti bersama from the catalogue), so central and every desktop agree
on a due date. Central stores naive UTC; days count in WIB (Sintang's zone).
"""

from __future__ import annotations

from datetime import date, datetime

from lapor_protocol import deadlines as shared
from lapor_protocol.domain import RemoteStatus

WIB = shared.WIB

VERIFY_DAYS = shared.RULES[RemoteStatus.DITERIMA][0]
FOLLOW_UP_DAYS = shared.RULES[RemoteStatus.DITERUSKAN][0]
CLOSE_DAYS = shared.RULES[RemoteStatus.DITINDAKLANJUTI][0]


def local_date(utc_naive: datetime) -> date:
    return shared.local_date(utc_naive, WIB)


def add_working_days(start: date, n: int) -> date:
    return shared.add_working_days(start, n)


def deadline_for(status: str, at: datetime, received_at: datetime) -> date | None:
    """The deadline that starts with an event of ``status`` at ``at`` (both naive UTC)."""
    d = shared.deadline_for(status, at, received_at)
    return d.due if d else None
