"""How numbers, dates and times read on screen: Indonesian conventions, office time zone.

The office's zone follows its province (WIB, WITA or WIT), never the laptop's clock zone, so
a time reads the same on the screen, the receipt and central's portal. Numbers and dates use
``QLocale("id_ID")`` (1.234 reports, 29 November 2026).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from PySide6.QtCore import QDate, QLocale

from lapor_protocol.deadlines import WIB

WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")

# Province codes (two first digits of a Kemendagri region code) outside WIB.
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}

_LOCALE = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def zone_for(region_code: str | None) -> timezone:
    province = (region_code or "")[:2]
    if province in _WIT:
        return WIT
    if province in _WITA:
        return WITA
    return WIB


def office_zone(ws) -> timezone:
    return zone_for(getattr(ws, "region_code", None))


def number(n: int) -> str:
    """1234 -> "1.234"."""
    return _LOCALE.toString(int(n))


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # stored times are UTC


def time_text(at: datetime | None, tz: timezone = WIB, *, empty: str = "") -> str:
    """"29-11-2026 14:05 WIB" in the office zone."""
    if at is None:
        return empty
    local = _aware(at).astimezone(tz)
    return f"{local.strftime('%d-%m-%Y %H:%M')} {tz.tzname(None)}"


def clock_text(at: datetime, tz: timezone = WIB) -> str:
    """"14:05 WIB" (e.g. when a draft was saved)."""
    return f"{_aware(at).astimezone(tz).strftime('%H:%M')} {tz.tzname(None)}"


def long_date(day: date) -> str:
    """"29 November 2026"."""
    return _LOCALE.toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def now_in(tz: timezone) -> datetime:
    return datetime.now(tz)
