"""Deadlines in Indonesian working days, one module for the desktop and central.

Days off: Saturdays, Sundays, the national holidays of the ``holidays`` package (Indonesia,
any year, Islamic dates computed) and the government's cuti bersama, which travel inside the
catalogue document (``"cuti_bersama": {"2026": ["2026-02-16", ...]}``) so a new SKB reaches
every installation with the next sync or bundle. A year without known cuti bersama counts
national holidays only; a due date that falls on or spans such a year is marked
``estimated`` ("perkiraan").

Published LAPOR! limits (DOMAIN.md): verification and forwarding within 3 working days of
receipt by central; the agency's follow-up within 5 working days of being disposed to it;
a followed-up report closes after 10 working days without a reply from the reporter.
Counting starts from central's clock (``received_at``/status times), never the laptop's.

``deadline_for`` is superseded by :mod:`lapor_protocol.case_clock` (one clock for every
screen, counted from the citizen's walk-in); the calendar here is what both count on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from lapor_protocol.domain import RemoteStatus

WIB = timezone(timedelta(hours=7), "WIB")

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
    estimated: bool = False  # a year on the way has no known cuti bersama ("perkiraan")


@lru_cache(maxsize=64)
def national_holidays(year: int) -> frozenset[date]:
    """Indonesia's national holidays of ``year`` (any year; Islamic dates computed)."""
    import holidays

    return frozenset(holidays.country_holidays("ID", years=year).keys())


def parse_cuti_bersama(data: Mapping[str, Iterable[str]] | None
                       ) -> dict[int, frozenset[date]]:
    """``{"2026": ["2026-02-16", ...]}`` -> ``{2026: frozenset(dates)}``; ValueError if bad."""
    out: dict[int, frozenset[date]] = {}
    for year, days in (data or {}).items():
        y = int(year)
        parsed = frozenset(date.fromisoformat(str(d)) for d in days)
        if any(d.year != y for d in parsed):
            raise ValueError(f"cuti bersama {y}: a date of another year")
        out[y] = parsed
    return out


class WorkCalendar:
    """Working days with a known set of cuti bersama per year. Thread-safe; results cached
    (a list page or the kecamatan view asks for the same few dates thousands of times)."""

    def __init__(self, cuti_bersama: Mapping[int, Iterable[date]] | None = None):
        self.cuti_bersama = {int(y): frozenset(d) for y, d in (cuti_bersama or {}).items()}
        self._lock = threading.Lock()
        self._years: dict[int, tuple[int, ...]] = {}  # year -> working days before day n
        self._add: dict[tuple[date, int], date] = {}

    def known_year(self, year: int) -> bool:
        return year in self.cuti_bersama

    def _year(self, year: int) -> tuple[int, ...]:
        table = self._years.get(year)
        if table is None:
            off = national_holidays(year) | self.cuti_bersama.get(year, frozenset())
            first = date(year, 1, 1)
            counts, n = [0], 0
            d = first
            while d.year == year:
                n += d.weekday() < 5 and d not in off
                counts.append(n)
                d += timedelta(days=1)
            table = tuple(counts)
            with self._lock:
                self._years[year] = table
        return table

    def _rank(self, d: date) -> int:
        """Working days from 1 January of ``d``'s year up to and including ``d``."""
        return self._year(d.year)[d.timetuple().tm_yday]

    def is_working_day(self, d: date) -> bool:
        table = self._year(d.year)
        n = d.timetuple().tm_yday
        return table[n] > table[n - 1]

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself when n == 0)."""
        key = (start, n)
        hit = self._add.get(key)
        if hit is not None:
            return hit
        d, left = start, n
        while left > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        with self._lock:
            self._add[key] = d
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when end < start)."""
        if end < start:
            return 0
        total = 0
        for year in range(start.year, end.year):
            total += self._year(year)[-1]
        table = self._year(start.year)
        before_start = table[start.timetuple().tm_yday - 1]
        return total + self._rank(end) - before_start

    def estimated(self, start: date, end: date) -> bool:
        """True when a year from ``start`` to ``end`` has no known cuti bersama."""
        return any(not self.known_year(y) for y in range(start.year, end.year + 1))


@lru_cache(maxsize=16)
def _calendar_for(key: tuple[tuple[int, tuple[date, ...]], ...]) -> WorkCalendar:
    return WorkCalendar(dict(key))


def calendar_for(cuti_bersama: Mapping[int, Iterable[date]] | None) -> WorkCalendar:
    """The shared (cached) calendar for a set of cuti bersama."""
    key = tuple(sorted((int(y), tuple(sorted(d))) for y, d in (cuti_bersama or {}).items()))
    return _calendar_for(key)


def default_calendar() -> WorkCalendar:
    """The calendar of the catalogue shipped with the package (seed)."""
    from lapor_protocol.catalog import parse_catalog, seed_document

    return parse_catalog(seed_document()).calendar()


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar if calendar is not None else _seed_calendar()


@lru_cache(maxsize=1)
def _seed_calendar() -> WorkCalendar:
    return default_calendar()


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    return _calendar(calendar).add_working_days(start, n)


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    return _calendar(calendar).working_days_between(start, end)


def local_date(at: datetime, tz: timezone = WIB) -> date:
    if at.tzinfo is None:  # naive values are UTC throughout the project
        at = at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()


def deadline_for(status: str | None, since: datetime | None, received_at: datetime | None,
                 *, today: date | None = None, tz: timezone = WIB,
                 calendar: WorkCalendar | None = None) -> Deadline | None:
    """The deadline that applies in ``status``, counted from the status time. Never raises
    for a date: a year without known cuti bersama gives an ``estimated`` deadline.

    Superseded by :func:`lapor_protocol.case_clock.case_clock`, which counts verification
    from the citizen's walk-in rather than central's receipt (docs/deadlines.md); kept for
    its callers until they move. Both agree once a report is forwarded."""
    if status is None or status not in RULES:
        return None
    days, label = RULES[status]
    # Verification counts from receipt; the others from when the status was entered.
    start_at = received_at if status in (RemoteStatus.DITERIMA, RemoteStatus.TERVERIFIKASI) \
        and received_at else since
    if start_at is None:
        return None
    cal = _calendar(calendar)
    start = local_date(start_at, tz)
    due = cal.add_working_days(start, days)
    today = today or datetime.now(tz).date()
    if today > due:
        left = -cal.working_days_between(due, today)
    else:
        left = cal.working_days_between(today, due)
    return Deadline(label, due, today > due, left, cal.estimated(start, due))
