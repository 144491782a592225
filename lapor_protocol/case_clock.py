"""The case clock: one answer to "which stage is this complaint in, and by when?".

Every screen and answer that shows a deadline (the receipt, the village list and detail,
the kecamatan view and CSV, the desk, the public page, the API, ``report show --json``)
asks :func:`case_clock`, so they cannot disagree. It is pure: the walk-in time, the status
history, the calendar, the office's zone and *today* are parameters; it reads no clock and
no file.

The stages (LAPOR!'s published limits, see docs/deadlines.md for the why):

============================  =======================  =====================================
current status                stage (code)             due date
============================  =======================  =====================================
none yet, diterima,           ``verifikasi``           walk-in + 3 working days; after a
terverifikasi                                          hold, the end of the hold + 3
diteruskan                    ``tindak_lanjut``        forwarding + 5 working days
ditindaklanjuti               ``menunggu_tanggapan``   follow-up + 10 working days (closes)
bukan_wewenang                ``dialihkan``            that event + 3 working days
ditunda                       ``ditunda``              none (the clock is held)
selesai, diarsipkan, ditolak  the status itself        none
anything else                 ``lainnya``              none
============================  =======================  =====================================

The promise on the receipt, ``follow_up_due``, is always walk-in + 8 working days (3 + 5),
whatever happens later. Working days left follow :func:`lapor_protocol.deadlines.deadline_for`
exactly: up to the due date, the working days from today to the due date, both included
(1 on the due day itself); after it, minus the working days from the due date to today, both
included. ``overdue`` is ``working_days_left < 0``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from lapor_protocol.deadlines import WorkCalendar
from lapor_protocol.domain import RemoteStatus

VERIFY_DAYS = 3      # verified and forwarded, from the walk-in
AGENCY_DAYS = 5      # the agency's follow-up, from the forwarding
PROMISE_DAYS = VERIFY_DAYS + AGENCY_DAYS  # the receipt's promise, from the walk-in
CLOSE_DAYS = 10      # a followed-up report closes without a reply from the reporter
REROUTE_DAYS = 3     # re-forwarded after "bukan wewenang"

STAGE_VERIFIKASI = "verifikasi"
STAGE_TINDAK_LANJUT = "tindak_lanjut"
STAGE_MENUNGGU_TANGGAPAN = "menunggu_tanggapan"
STAGE_DIALIHKAN = "dialihkan"
STAGE_DITUNDA = "ditunda"
STAGE_SELESAI = "selesai"
STAGE_DIARSIPKAN = "diarsipkan"
STAGE_DITOLAK = "ditolak"
STAGE_LAINNYA = "lainnya"

STAGE_LABELS: dict[str, str] = {
    STAGE_VERIFIKASI: "Verifikasi dan penerusan",
    STAGE_TINDAK_LANJUT: "Tindak lanjut instansi",
    STAGE_MENUNGGU_TANGGAPAN: "Menunggu tanggapan pelapor",
    STAGE_DIALIHKAN: "Dialihkan ke instansi lain",
    STAGE_DITUNDA: "Ditunda",
    STAGE_SELESAI: "Selesai",
    STAGE_DIARSIPKAN: "Diarsipkan",
    STAGE_DITOLAK: "Ditolak",
    STAGE_LAINNYA: "Status lain",
}

# Stages whose clock runs: status -> (stage, working days).
_RUNNING: dict[str, tuple[str, int]] = {
    RemoteStatus.DITERIMA: (STAGE_VERIFIKASI, VERIFY_DAYS),
    RemoteStatus.TERVERIFIKASI: (STAGE_VERIFIKASI, VERIFY_DAYS),
    RemoteStatus.DITERUSKAN: (STAGE_TINDAK_LANJUT, AGENCY_DAYS),
    RemoteStatus.DITINDAKLANJUTI: (STAGE_MENUNGGU_TANGGAPAN, CLOSE_DAYS),
    RemoteStatus.BUKAN_WEWENANG: (STAGE_DIALIHKAN, REROUTE_DAYS),
}
_STOPPED: dict[str, str] = {
    RemoteStatus.DITUNDA: STAGE_DITUNDA,
    RemoteStatus.SELESAI: STAGE_SELESAI,
    RemoteStatus.DIARSIPKAN: STAGE_DIARSIPKAN,
    RemoteStatus.DITOLAK: STAGE_DITOLAK,
}

UNTRUSTED_CLOCK_TEXT = "waktu perangkat tidak dapat dipercaya"


@dataclass(frozen=True)
class CaseClock:
    """Where a case stands on its clock on one day. ``stage_due`` and ``working_days_left``
    are None in a stage without a deadline (held, finished, archived, refused)."""

    stage: str
    stage_label: str
    stage_due: date | None
    follow_up_due: date
    working_days_left: int | None
    overdue: bool
    estimated: bool  # a year on the way has no known cuti bersama ("perkiraan")
    clock_trusted: bool  # False: the walk-in is the arrival time (UNTRUSTED_CLOCK_TEXT)
    walk_in_date: date
    status: str | None  # central's current status (None before it has one)

    @property
    def running(self) -> bool:
        return self.stage_due is not None

    def to_json(self) -> dict[str, Any]:
        """The ``deadline`` member of ``report show --json``, the API and the public page."""
        return {
            "stage": self.stage,
            "stage_label": self.stage_label,
            "stage_due": self.stage_due.isoformat() if self.stage_due else None,
            "follow_up_due": self.follow_up_due.isoformat(),
            "working_days_left": self.working_days_left,
            "overdue": self.overdue,
            "estimated": self.estimated,
            "clock_trusted": self.clock_trusted,
        }


def local_day(at: datetime, tz: tzinfo) -> date:
    """The office's calendar day of ``at`` (naive values are UTC, as everywhere here)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()


def days_left(calendar: WorkCalendar, today: date, due: date) -> int:
    """Working days left to ``due`` in :func:`deadlines.deadline_for`'s convention (today
    and the due date both counted; negative once today is past the due date)."""
    if today > due:
        return -calendar.working_days_between(due, today)
    return calendar.working_days_between(today, due)


def _stage_start(history: list[tuple[str, datetime]], walk_in: date, tz: tzinfo) -> date:
    """The day the current stage's count starts from.

    The verification stage counts from the walk-in (a report that reached central late is
    late), unless the case was held: then from the event that ended the latest hold. Every
    other running stage counts from the event that entered it (central's clock). Never
    before the walk-in."""
    status, at = history[-1] if history else (None, None)
    if status is None or at is None:
        return walk_in
    if _RUNNING[status][0] == STAGE_VERIFIKASI:
        held = [i for i, (s, _) in enumerate(history) if s == RemoteStatus.DITUNDA]
        if not held or held[-1] + 1 >= len(history):
            return walk_in
        return max(walk_in, local_day(history[held[-1] + 1][1], tz))
    return max(walk_in, local_day(at, tz))


def case_clock(walk_in: datetime, history: Iterable[tuple[str, datetime]],
               calendar: WorkCalendar, tz: tzinfo, today: date, *,
               clock_trusted: bool = True) -> CaseClock:
    """The stage, its due date, the promised follow-up date and the days left on ``today``.

    ``walk_in`` is the trusted walk-in time (see :mod:`lapor_protocol.clock_skew`), UTC;
    ``history`` central's status events ``(status, at UTC)`` in central's order (empty
    before the report reached central); ``tz`` the office's zone (WIB for Sintang). Never
    raises for a date: a year without known cuti bersama gives ``estimated``."""
    if isinstance(today, datetime):  # a datetime is a date too, in no particular zone
        raise TypeError("today must be the office's calendar day (a date), not a datetime")
    events = [(str(s), at) for s, at in history]
    start_day = local_day(walk_in, tz)
    follow_up_due = calendar.add_working_days(start_day, PROMISE_DAYS)
    status = events[-1][0] if events else None
    if status is not None and status not in _RUNNING:
        stage = _STOPPED.get(status, STAGE_LAINNYA)
        return CaseClock(stage, STAGE_LABELS[stage], None, follow_up_due, None, False,
                         calendar.estimated(start_day, follow_up_due), clock_trusted,
                         start_day, status)
    stage, days = _RUNNING[status or RemoteStatus.DITERIMA]
    due = calendar.add_working_days(_stage_start(events, start_day, tz), days)
    left = days_left(calendar, today, due)
    last = max(due, follow_up_due, today)
    return CaseClock(stage, STAGE_LABELS[stage], due, follow_up_due, left, left < 0,
                     calendar.estimated(start_day, last), clock_trusted, start_day, status)
