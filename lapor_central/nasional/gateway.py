"""What central forwards to SP4N-LAPOR! nasional, and what can come back.

The outbox (a later step) hands a :class:`Forwarded` to a :class:`NationalGateway` and
stores the :class:`SubmitOutcome`. The outcome is *classified*, because the outbox must
treat each class differently:

* ``ACCEPTED``: LAPOR! stored the complaint and named it (``trackingid``, ``transaksiid``);
* ``TRANSIENT``: nothing was stored (connection refused, 5xx, 429): retry with backoff;
* ``PERMANENT``: LAPOR! refused the request (4xx, bad token, bad endpoint): retrying the
  same request cannot help; a person must fix the cause;
* ``UNKNOWN``: the request may have been stored (the connection dropped or timed out after
  the request was sent, or a 2xx answer could not be read). Never retried automatically:
  a person checks LAPOR! first, so one case never becomes two complaints there;
* ``MANUAL``: no endpoint; the complaint was written to a file for staff to type into
  LAPOR!'s web form, and the national tracking id is recorded by hand.

Nothing here touches central's database; the gateway is a plain object with one method.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from lapor_protocol.domain import Kind, Privacy


class OutcomeKind(StrEnum):
    ACCEPTED = "accepted"
    TRANSIENT = "transient"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"
    MANUAL = "manual"


@dataclass(frozen=True)
class Reporter:
    """The complainant's identity as LAPOR!'s ``pelapor`` block knows it."""

    name: str
    phone: str | None = None
    email: str | None = None

    def split_name(self) -> tuple[str, str]:
        """First and last name as LAPOR!'s form has them. A one-word name (common in
        Indonesia) keeps the word as first name and ``_`` as last name, as earlier
        integrations did, so the element is never empty."""
        parts = self.name.split()
        if not parts:
            return "_", "_"
        if len(parts) == 1:
            return parts[0], "_"
        return " ".join(parts[:-1]), parts[-1]


@dataclass(frozen=True)
class Forwarded:
    """One case as forwarded to LAPOR! nasional: only what its web form asks for.

    ``case_ref`` is central's tracking number of the case: it names the file row of the
    manual gateway and is written into the text, so a person who checks LAPOR! after an
    unknown outcome can find the complaint by it.
    """

    case_ref: str
    title: str
    body: str
    kind: Kind
    category: str            # the category's name, as LAPOR!'s form lists it
    agency: str              # instansi tujuan, by name
    privacy: Privacy
    incident_date: date | None = None
    location: str = ""       # village, kecamatan and the location detail, in words
    reporter: Reporter | None = None

    def for_privacy(self) -> Forwarded:
        """The forwarded form with the privacy choice applied: an ``anonim`` report
        carries no identity at all, whatever the caller passed."""
        if self.privacy is Privacy.ANONIM and self.reporter is not None:
            return replace(self, reporter=None)
        return self

    @property
    def rahasia(self) -> bool:
        return self.privacy is Privacy.RAHASIA

    @property
    def anonim(self) -> bool:
        return self.privacy is Privacy.ANONIM


@dataclass(frozen=True)
class SubmitOutcome:
    """The classified result of one submission. ``reason`` is a stable code (e.g.
    ``http_503``, ``read_timeout``); ``detail`` is a short English note for the desk's
    log. Neither ever holds personal data or the token."""

    kind: OutcomeKind
    reason: str
    detail: str = ""
    tracking_id: str | None = None
    transaksi_id: str | None = None
    retry_after: float | None = None   # seconds, from a Retry-After header
    file: Path | None = None           # the manual gateway's file

    @property
    def retryable(self) -> bool:
        """Only a transient failure may be sent again without a person looking."""
        return self.kind is OutcomeKind.TRANSIENT

    @classmethod
    def accepted(cls, tracking_id: str, transaksi_id: str | None) -> SubmitOutcome:
        return cls(OutcomeKind.ACCEPTED, "accepted", tracking_id=tracking_id,
                   transaksi_id=transaksi_id)


@runtime_checkable
class NationalGateway(Protocol):
    """Forwards one case to LAPOR! nasional. Implementations never raise for what the
    network or the far side does: every such failure is a classified outcome."""

    def submit(self, report: Forwarded) -> SubmitOutcome:
        ...


# The outbox states of issue 21 that each outcome leads to; the outbox itself is built
# with central's tables, this mapping is the contract it follows.
OUTBOX_STATE_FOR: dict[OutcomeKind, str] = {
    OutcomeKind.ACCEPTED: "terkirim",
    OutcomeKind.TRANSIENT: "gagal",        # retried with backoff
    OutcomeKind.PERMANENT: "gagal",        # not retried: waits for a person
    OutcomeKind.UNKNOWN: "perlu_dicek",    # never retried automatically
    OutcomeKind.MANUAL: "perlu_dicek",     # waits for the tracking id typed by hand
}
