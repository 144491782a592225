"""What every use case shares: errors, the authenticated device, messages, small checks,
the catalogue and which reports a device may see."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from lapor_central.db import Database
from lapor_central.models import CatalogDoc, Report
from lapor_protocol import catalog as catalog_mod
from lapor_protocol import domain

HEX64 = re.compile(r"^[0-9a-f]{64}$")
AREA_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$")
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}"
MEDIA_TYPE_RE = re.compile(rf"^{_TOKEN}/{_TOKEN}$")

WIRE_ONLY = ("id", "local_number", "supersedes", "recorded_at", "origin", "content_hash",
             "attachments")

# Messages for checks the domain module does not make itself (Bahasa Indonesia).
MESSAGES: dict[str, str] = {
    **domain.MESSAGES,
    "item.type": "Setiap laporan harus berupa objek JSON.",
    "id.invalid": "ID laporan harus berupa UUID.",
    "supersedes.invalid": "ID laporan yang digantikan harus berupa UUID atau null.",
    "local_number.invalid": "Nomor lokal harus teks satu baris, paling banyak 100 karakter.",
    "recorded_at.invalid": "Waktu pencatatan harus berformat ISO 8601.",
    "origin.invalid": "Asal laporan harus memuat device_id dan region_code.",
    "content_hash.invalid": "content_hash harus 64 karakter heksadesimal huruf kecil.",
    "content_hash.mismatch": "content_hash tidak cocok dengan isi laporan; laporan rusak "
                             "atau diubah di jalan.",
    "origin.device_mismatch": "origin.device_id harus perangkat pengirim ini, atau (untuk "
                              "perangkat kecamatan) perangkat desa di wilayah kecamatan itu.",
    "attachment.invalid": "Data lampiran tidak lengkap atau tidak sah.",
    "attachment.too_large": "Lampiran melebihi ukuran maksimum server.",
    "attachment.duplicate_id": "ID lampiran ganda dalam satu laporan.",
    "conflict": "Laporan dengan ID ini sudah diterima dengan isi berbeda; data di server "
                "tidak ditimpa. Buat versi koreksi dengan ID baru.",
}


class NotFound(LookupError):
    pass


class EnrollmentRefused(PermissionError):
    pass


class DeviceExists(EnrollmentRefused):
    """The device id is enrolled already and the code was not issued to replace it."""


class UploadRefused(Exception):
    """An attachment upload refused before it starts; carries the HTTP status to answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class ChecksumMismatch(Exception):
    pass


@dataclass(frozen=True)
class DeviceAuth:
    device_id: str
    region_code: str

    @property
    def is_kecamatan(self) -> bool:
        return self.region_code.count(".") == 2


def owned_by(device: DeviceAuth) -> ColumnElement[bool]:
    """Reports a device may ask about: those it pushed or made, and for a kecamatan device
    also those made in its villages (relayed by USB bundle or pushed by the village).

    "Made" means the origin names this device id *and* its enrolled region: a relayed
    report names a device that may never have enrolled, and whoever enrols that id later
    for another region must not see the report."""
    conds = [Report.pushed_by == device.device_id,
             and_(Report.origin_device_id == device.device_id,
                  Report.origin_region_code == device.region_code)]
    if device.is_kecamatan:
        conds.append(Report.origin_region_code.startswith(device.region_code + ".",
                                                          autoescape=True))
    return or_(*conds)


def owns(device: DeviceAuth, report: Report) -> bool:
    """:func:`owned_by` for a loaded row."""
    return (report.pushed_by == device.device_id
            or (report.origin_device_id == device.device_id
                and report.origin_region_code == device.region_code)
            or (device.is_kecamatan
                and report.origin_region_code.startswith(device.region_code + ".")))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def within_region(code: str, region: str) -> bool:
    return code == region or code.startswith(region + ".")


def _echo(text: str) -> str:
    """``text`` made safe to send back in a JSON answer: a lone surrogate (valid JSON
    escape, not valid UTF-8) would make the response unserialisable (a 500)."""
    return text.encode("utf-8", "replace").decode("utf-8")


CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_uuid(value: Any) -> bool:
    """Only the canonical form (36 characters, lower-case hex, hyphens at 8-4-4-4-12) is an
    id: ``uuid.UUID`` also reads upper case, ``{...}``, ``urn:`` and hyphen-free forms,
    and each of those would otherwise name the same report under a second id."""
    return isinstance(value, str) and CANONICAL_UUID.fullmatch(value) is not None


# --------------------------------------------------------------------------- catalogue

# The desktop's own catalogue type and parser: central serves exactly what clients accept.
Catalog = catalog_mod.Catalog


def load_catalog(db: Database) -> Catalog:
    with db.read() as s:
        row = s.scalars(select(CatalogDoc).order_by(CatalogDoc.id).limit(1)).one()
        return catalog_mod.parse_catalog(json.loads(row.document))


