"""From LAPOR's catalogue and cases to Open311's services and service requests.

* Services are the catalogue's categories (``service_code`` = category code). Each has a
  definition with the fields LAPOR needs that Open311 lacks (title, classification,
  privacy, incident date) as attributes, so ``metadata`` is ``true``.
* Statuses map to ``open``/``closed``: a case is closed when it is done, archived or
  refused; everything else is still open.
* A request shows only the public parts of a case: no identity field exists in
  :class:`ServiceRequest`, and a ``rahasia`` case is never turned into one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lapor_central.open311.documents import (
    Attribute,
    AttributeValue,
    Service,
    ServiceDefinition,
    ServiceRequest,
    w3c,
)
from lapor_protocol.catalog import Catalog
from lapor_protocol.domain import (
    KIND_LABELS,
    PRIVACY_HELP,
    PRIVACY_LABELS,
    TITLE_MAX,
    Kind,
    Privacy,
    RemoteStatus,
)

CLOSED = frozenset({RemoteStatus.SELESAI, RemoteStatus.DIARSIPKAN, RemoteStatus.DITOLAK})
OPEN = frozenset(RemoteStatus) - CLOSED

ATTR_TITLE = "judul"
ATTR_KIND = "klasifikasi"
ATTR_PRIVACY = "kerahasiaan"
ATTR_INCIDENT_DATE = "tanggal_kejadian"


def open311_status(status: str) -> str:
    """``closed`` for a finished, archived or refused case, ``open`` otherwise."""
    try:
        return "closed" if RemoteStatus(status) in CLOSED else "open"
    except ValueError:
        return "open"


def statuses_for(open311: str) -> frozenset[RemoteStatus]:
    """The LAPOR statuses one Open311 status stands for (for the ``status`` filter)."""
    return CLOSED if open311 == "closed" else OPEN


def services(catalog: Catalog, group: str = "") -> list[Service]:
    return [Service(code, name, f"Pengaduan, aspirasi, atau permintaan informasi: {name}.",
                    metadata=True, type="realtime", keywords=code.replace("_", " "),
                    group=group)
            for code, name in catalog.categories.items()]


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(True, ATTR_TITLE, "string", True, f"Satu baris, paling banyak {TITLE_MAX} "
              "karakter.", 1, "Judul laporan"),
    Attribute(True, ATTR_KIND, "singlevaluelist", False, "Bawaan: pengaduan.", 2,
              "Klasifikasi laporan",
              tuple(AttributeValue(k.value, KIND_LABELS[k]) for k in Kind)),
    Attribute(True, ATTR_PRIVACY, "singlevaluelist", True,
              " ".join(f"{PRIVACY_LABELS[p]}: {PRIVACY_HELP[p]}" for p in Privacy), 3,
              "Kerahasiaan laporan",
              tuple(AttributeValue(p.value, PRIVACY_LABELS[p]) for p in Privacy)),
    Attribute(True, ATTR_INCIDENT_DATE, "datetime", False, "Format W3C, misalnya "
              "2026-12-01T08:00:00+07:00. Bawaan: waktu laporan dikirim.", 4,
              "Tanggal kejadian"),
)


def definition(service_code: str) -> ServiceDefinition:
    return ServiceDefinition(service_code, ATTRIBUTES)


@dataclass(frozen=True)
class PublicCase:
    """The public parts of a case as central will hand them over (no identity)."""

    tracking_id: str
    status: str
    category_code: str
    category_name: str | None
    body: str
    privacy: str
    agency_name: str | None
    requested_at: datetime
    updated_at: datetime | None
    expected_at: datetime | date | None  # the case clock's stage_due (a date: end of day)
    address: str | None = None           # the village's name in words
    region_code: str | None = None
    public_note: str | None = None       # the latest note staff made public
    channel: str | None = None


class NotPublic(ValueError):
    """A rahasia case asked to be shown: the caller must filter these out first."""


def service_request(case: PublicCase) -> ServiceRequest:
    if case.privacy == Privacy.RAHASIA.value:
        raise NotPublic(case.tracking_id)
    return ServiceRequest(
        service_request_id=case.tracking_id,
        status=open311_status(case.status),
        status_notes=case.public_note,
        service_name=case.category_name,
        service_code=case.category_code,
        description=case.body,
        agency_responsible=case.agency_name,
        service_notice=None,
        requested_datetime=w3c(case.requested_at),
        updated_datetime=w3c(case.updated_at or case.requested_at),
        expected_datetime=w3c(case.expected_at),
        address=case.address,
        address_id=case.region_code,
        zipcode=None,
        lat=None,
        long=None,
        media_url=None,
    )
