"""What the citizen reads by SMS: status messages and the answer to ``CEK``.

Every message is Indonesian, at most 160 GSM-7 septets (one SMS), and always carries
the tracking number and the short address of the public tracking page. The composer takes
no identity at all: a name, phone or NIK cannot end up in a message because no function
here receives one. Free text (an agency's name, a public note) is brought into GSM-7 and
cut with ``...`` to what the message has room for.

A citizen asks for the status with ``CEK <nomor> <kode>``; :func:`parse_cek` reads it
(case and spacing tolerant) and the ``reply_*`` functions word the answer. An unknown
number and a wrong code get the same answer, so nobody can probe for numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lapor_central.sms.gsm7 import SMS_LIMIT, gsm7_length, is_gsm7, one_line, to_gsm7, truncate
from lapor_protocol.domain import REMOTE_STATUS_LABELS, RemoteStatus
from lapor_protocol.tracking import normalise_code, tracking_display

TRACKING_MAX = 20   # central's tracking ids are at most 20 characters


class SmsEvent(StrEnum):
    """The status changes the citizen may hear of (issue 21)."""

    DITERIMA = "diterima"
    DITERUSKAN = "diteruskan"
    DITINDAKLANJUTI = "ditindaklanjuti"
    SELESAI = "selesai"


SMS_EVENT_FOR_STATUS: dict[str, SmsEvent] = {e.value: e for e in SmsEvent}


@dataclass(frozen=True)
class SmsSettings:
    """``label`` opens every message (who speaks); ``track_url`` is the public page's
    short address. Both must be GSM-7 and short enough that every message still fits
    with a 20-digit tracking number and room for the note."""

    label: str = "LAPOR! Sintang"
    track_url: str = "lapor.sintang.go.id/lacak"

    def __post_init__(self) -> None:
        for name, value, limit in (("label", self.label, 30), ("track_url", self.track_url, 45)):
            n = gsm7_length(value)
            if n is None or not value.strip() or n > limit or "\n" in value:
                raise ValueError(f"SMS {name} must be one line of GSM-7, at most {limit}")

    @classmethod
    def for_public_url(cls, public_url: str, label: str = "LAPOR! Sintang") -> SmsSettings:
        """Settings whose address is the one the receipts print for ``serve --public-url``
        (``https://lapor.sintang.go.id`` -> ``lapor.sintang.go.id/lacak``)."""
        return cls(label=label, track_url=tracking_display(public_url))


def _with_slot(prefix: str, slot: str, suffix: str, *, quote: bool = False) -> str:
    """``prefix + slot + suffix`` with ``slot`` in GSM-7, cut to the room left."""
    fixed = (gsm7_length(prefix) or 0) + (gsm7_length(suffix) or 0) + (2 if quote else 0)
    text = truncate(one_line(to_gsm7(slot)), max(SMS_LIMIT - fixed, 0))
    return prefix + (f'"{text}"' if quote else text) + suffix


def _check_number(tracking_id: str) -> str:
    if not tracking_id or len(tracking_id) > TRACKING_MAX or not is_gsm7(tracking_id) \
            or any(c.isspace() for c in tracking_id):
        raise ValueError("a tracking number is 1-20 characters without spaces")
    return tracking_id


def compose(event: SmsEvent, tracking_id: str, settings: SmsSettings | None = None, *,
            agency: str | None = None, note: str | None = None) -> str:
    """The SMS for one status change the citizen may see."""
    s = settings or SmsSettings()
    no = _check_number(tracking_id)
    head = f"{s.label}: Laporan {no}"
    tail = f" Pantau di {s.track_url}"
    if event is SmsEvent.DITERIMA:
        text = (f"{s.label}: Laporan Anda diterima, no. lacak {no}. Pantau di {s.track_url}"
                f" atau SMS CEK {no} <kode di tanda terima>")
        if (gsm7_length(text) or 0) > SMS_LIMIT:
            text = f"{s.label}: Laporan Anda diterima, no. lacak {no}.{tail}"
    elif event is SmsEvent.DITERUSKAN:
        if agency and agency.strip():
            text = _with_slot(f"{head} diteruskan ke ", agency, f".{tail}")
        else:
            text = f"{head} diteruskan ke instansi yang berwenang.{tail}"
    elif event is SmsEvent.DITINDAKLANJUTI:
        if note and note.strip():
            text = _with_slot(f"{head} ditindaklanjuti: ", note, tail, quote=True)
        else:
            text = f"{head} sedang ditindaklanjuti instansi.{tail}"
    else:
        text = f"{head} selesai. Terima kasih telah melapor. Rincian: {s.track_url}"
    return _final(text)


def _final(text: str) -> str:
    n = gsm7_length(text)
    if n is None or n > SMS_LIMIT:   # a broken template is a bug, never a second SMS
        raise AssertionError(f"SMS composition broke the 160 GSM-7 limit: {n}")
    return text


# --------------------------------------------------------------------------- CEK

# Verification codes are 8 base32 letters, printed as ABCD-EFGH (lapor_desktop receipt).
_CEK = re.compile(
    r"^\s*CEK[\s#:.,_-]*(?P<no>[0-9A-Za-z][0-9A-Za-z./-]{0,39})[\s#:,_]+"
    r"(?P<code>[A-Za-z0-9]{4})[\s._-]*(?P<code2>[A-Za-z0-9]{4})[\s.!]*$",
    re.IGNORECASE)
# People type digits for look-alike letters; base32 has neither 0, 1 nor 8.
_LOOKALIKE = str.maketrans({"0": "O", "1": "I", "8": "B"})
_BASE32 = re.compile(r"^[A-Z2-7]{8}$")


@dataclass(frozen=True)
class CekQuery:
    number: str     # as typed: a tracking id or a local number
    code: str       # normalised, ABCD-EFGH


def is_cek(text: str) -> bool:
    """Whether an incoming SMS means to be a ``CEK`` (it gets an answer, even if only
    the usage line). Other texts get none, so two machines can never loop."""
    return bool(re.match(r"^\s*CEK(?![A-Za-z])", text, re.IGNORECASE))


def parse_cek(text: str) -> CekQuery | None:
    """``CEK <nomor> <kode>`` read tolerantly (``cek 1000001 abcd efgh``,
    ``CEK#1000001#ABCD-EFGH``); ``None`` when it cannot be read."""
    if len(text) > 200 or not is_cek(text):
        return None
    m = _CEK.match(text)
    if m is None:
        return None
    code = (m.group("code") + m.group("code2")).upper().translate(_LOOKALIKE)
    if not _BASE32.match(code):
        return None
    return CekQuery(m.group("no"), normalise_code(code))


@dataclass(frozen=True)
class CaseStatus:
    """The public parts of a case a CEK answer may show (never an identity)."""

    tracking_id: str
    status: str
    agency_name: str | None = None
    due: date | None = None          # due date of the current stage
    rahasia: bool = False            # a rahasia case shows only status and dates


def _first_fitting(*candidates: str | None) -> str:
    """The first candidate that fits one SMS: longer wordings first, shorter fallbacks
    after, for labels and addresses at the limits :class:`SmsSettings` allows."""
    for text in candidates:
        if text is not None and (gsm7_length(text) or SMS_LIMIT + 1) <= SMS_LIMIT:
            return text
    raise AssertionError("no wording fits one SMS")   # SmsSettings rules this out


def reply_status(case: CaseStatus, settings: SmsSettings | None = None) -> str:
    s = settings or SmsSettings()
    no = _check_number(case.tracking_id)
    try:
        label = to_gsm7(REMOTE_STATUS_LABELS[RemoteStatus(case.status)])
    except ValueError:
        label = truncate(one_line(to_gsm7(case.status)), 30)
    due = f" Batas tahap ini {case.due.strftime('%d-%m-%Y')}." if case.due else ""
    head = f"{s.label}: Laporan {no}: {label}"
    with_agency = None
    if case.agency_name and case.agency_name.strip() and not case.rahasia:
        prefix, suffix = f"{head} (", f").{due} Info: {s.track_url}"
        room = SMS_LIMIT - (gsm7_length(prefix) or 0) - (gsm7_length(suffix) or 0)
        if room >= 12:   # less would leave only dots of the agency's name
            with_agency = _with_slot(prefix, case.agency_name, suffix)
    return _first_fitting(with_agency, f"{head}.{due} Info: {s.track_url}",
                          f"{head}. Info: {s.track_url}")


def reply_not_found(settings: SmsSettings | None = None) -> str:
    s = settings or SmsSettings()
    return _first_fitting(
        f"{s.label}: Nomor atau kode tidak cocok. Periksa tanda terima Anda, "
        f"atau buka {s.track_url}",
        f"{s.label}: Nomor atau kode tidak cocok. Info: {s.track_url}")


def reply_usage(settings: SmsSettings | None = None) -> str:
    s = settings or SmsSettings()
    return _first_fitting(
        f"{s.label}: Format: CEK <nomor> <kode>, contoh CEK 1000001 ABCD-EFGH. "
        f"Nomor dan kode ada di tanda terima. Info: {s.track_url}",
        f"{s.label}: Format: CEK <nomor> <kode> (lihat tanda terima). Info: {s.track_url}")
