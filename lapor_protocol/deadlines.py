"""Deadlines in working days (weekends, national holidays, cuti bersama via lokal-id).

Published LAPOR! limits (DOMAIN.md): verification and forwarding within 3 working days of
receipt by central; the agency's follow-up within 5 working days of being disposed to it;
a followed-up report closes after 10 working days without a reply from the reporter.
Counting starts from central's clock (``received_at``/status times), never the laptop's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from lapor_protocol.domain import RemoteStatus

WIB = timezone(timedelta(hours=7))

# status -> (working days, what must happen by then)
RULES: dict[str, tuple[int, str]] = {
    RemoteStatus.DITERIMA: (3, "Batas verifikasi"),
    RemoteStatus.TERVERIFIKASI: (3, "Batas diteruskan ke instansi"),
    RemoteStatus.DITERUSKAN: (5, "Batas tindak lanjut instansi"),
    RemoteStatus.DITINDAKLANJUTI: (10, "Ditutup otomatis"),
}


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    overdue: bool
    working_days_left: int


def add_working_days(start: date, n: int) -> date:
    from lokal import add_working_days as lokal_add

    return lokal_add(start, n, cuti_bersama=True)


def working_days_between(start: date, end: date) -> int:
    from lokal import count_working_days

    return count_working_days(start, end, cuti_bersama=True)


def local_date(at: datetime, tz: timezone = WIB) -> date:
    return at.astimezone(tz).date()


def deadline_for(status: str | None, since: datetime | None, received_at: datetime | None,
                 *, today: date | None = None, tz: timezone = WIB) -> Deadline | None:
    """The deadline that applies in ``status``, counted from the status time."""
    if status is None or status not in RULES:
        return None
    days, label = RULES[status]
    # Verification counts from receipt; the others from when the status was entered.
    start_at = received_at if status in (RemoteStatus.DITERIMA, RemoteStatus.TERVERIFIKASI) \
        and received_at else since
    if start_at is None:
        return None
    due = add_working_days(local_date(start_at, tz), days)
    today = today or datetime.now(tz).date()
    if today > due:
        left = -working_days_between(due, today)
    else:
        left = working_days_between(today, due)
    return Deadline(label, due, today > due, left)
