"""Reading Open311 request parameters: POST requests and the GET requests filters.

Parameters arrive as a mapping of name to the list of values (``parse_qs`` or a form's
multi-dict). Bad input never raises: it becomes :class:`Open311Error` entries (400,
403 or 404) in the spec's error format, each naming the parameter, in Indonesian.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from lapor_central.open311.documents import Open311Error
from lapor_central.open311.mapping import (
    ATTR_INCIDENT_DATE,
    ATTR_KIND,
    ATTR_PRIVACY,
    ATTR_TITLE,
    ATTRIBUTES,
)
from lapor_protocol.domain import (
    BODY_MIN,
    EMAIL_RE,
    NAME_MAX,
    REGION_RE,
    TITLE_MAX,
    Kind,
    Privacy,
    has_control,
    normalise_phone,
)

Params = Mapping[str, Sequence[str]]
DESCRIPTION_MAX = 4000           # the spec's limit
MAX_RANGE = timedelta(days=90)   # the spec's longest start_date..end_date
MAX_IDS = 100
_ATTR_KEY = re.compile(r"^attribute\[([A-Za-z0-9_]{1,64})\](\[\])?$")
_ID_RE = re.compile(r"^[0-9]{1,20}$")


def _one(params: Params, name: str) -> str | None:
    values = params.get(name) or []
    value = values[-1].strip() if values else ""
    return value or None


def _err(code: int, text: str) -> Open311Error:
    return Open311Error(code, text)


@dataclass
class NewRequest:
    """A valid POST requests, in LAPOR's terms (the identity stays with the report)."""

    service_code: str
    title: str
    description: str
    kind: Kind
    privacy: Privacy
    name: str
    phone: str                       # E.164
    email: str | None = None
    incident_date: date | None = None
    lat: float | None = None
    long: float | None = None
    address_string: str | None = None
    address_id: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    media_url: str | None = None
    attributes: dict[str, str | list[str]] = field(default_factory=dict)


def parse_w3c(value: str) -> datetime | None:
    """A W3C date-time with a zone (``Z`` or ``±HH:MM``); ``None`` when it is not one."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$",
                    value):
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def _attributes(params: Params, errors: list[Open311Error]) -> dict[str, str | list[str]]:
    known = {a.code: a for a in ATTRIBUTES}
    found: dict[str, str | list[str]] = {}
    for key, values in params.items():
        m = _ATTR_KEY.match(key)
        if key.startswith("attribute") and m is None:
            errors.append(_err(400, f"Parameter {key[:80]} tidak dikenal."))
            continue
        if m is None:
            continue
        attr = known.get(m.group(1))
        if attr is None:
            errors.append(_err(400, f"attribute[{m.group(1)}] tidak dikenal."))
            continue
        clean = [v.strip() for v in values if v.strip()]
        if attr.values and any(v not in {x.key for x in attr.values} for v in clean):
            errors.append(_err(400, f"attribute[{attr.code}] harus salah satu dari: "
                                    + ", ".join(v.key for v in attr.values) + "."))
            continue
        if clean:
            found[attr.code] = clean if m.group(2) else clean[-1]
    for attr in ATTRIBUTES:
        if attr.required and attr.code not in found:
            errors.append(_err(400, f"attribute[{attr.code}] wajib diisi ({attr.description})."))
    return found


def _location(params: Params, req: dict[str, object], errors: list[Open311Error]) -> None:
    lat, lon = _one(params, "lat"), _one(params, "long")
    if (lat is None) != (lon is None):
        errors.append(_err(400, "lat dan long harus diisi berdua."))
    elif lat is not None and lon is not None:
        try:
            flat, flon = float(lat), float(lon)
            if not (-90 <= flat <= 90 and -180 <= flon <= 180):
                raise ValueError
            req["lat"], req["long"] = flat, flon
        except ValueError:
            errors.append(_err(400, "lat dan long harus berupa angka koordinat WGS84."))
    address_id = _one(params, "address_id")
    if address_id is not None:
        if REGION_RE.match(address_id):
            req["address_id"] = address_id
        else:
            errors.append(_err(400, "address_id harus kode desa Kemendagri (PP.KK.CC.DDDD)."))
    address = _one(params, "address_string")
    if address is not None:
        if len(address) > 500 or has_control(address):
            errors.append(_err(400, "address_string terlalu panjang atau berisi karakter "
                                    "kontrol."))
        else:
            req["address_string"] = address
    if not any(k in req for k in ("lat", "address_id", "address_string")) and not errors:
        errors.append(_err(400, "Lokasi wajib: lat dan long, address_string, atau address_id."))


def _identity(params: Params, req: dict[str, object], errors: list[Open311Error]) -> None:
    name = " ".join(x for x in (_one(params, "first_name"), _one(params, "last_name")) if x)
    if not name:
        errors.append(_err(400, "first_name wajib diisi: nama pelapor."))
    elif len(name) > NAME_MAX or has_control(name):
        errors.append(_err(400, f"Nama pelapor paling banyak {NAME_MAX} karakter."))
    req["name"] = name
    phone = _one(params, "phone")
    e164 = normalise_phone(phone) if phone and len(phone) <= 32 else None
    if e164 is None:
        errors.append(_err(400, "phone wajib: nomor telepon Indonesia yang sah "
                                "(contoh 0812xxxxxxxx)."))
    req["phone"] = e164 or ""
    email = _one(params, "email")
    if email is not None:
        if len(email) <= 254 and EMAIL_RE.match(email):
            req["email"] = email
        else:
            errors.append(_err(400, "email bukan alamat email yang sah."))


def _extras(params: Params, req: dict[str, object], errors: list[Open311Error]) -> None:
    for name in ("device_id", "account_id"):
        value = _one(params, name)
        if value is not None:
            if len(value) > 100 or has_control(value):
                errors.append(_err(400, f"{name} paling banyak 100 karakter."))
            else:
                req[name] = value
    media = _one(params, "media_url")
    if media is not None:
        parts = urlsplit(media)
        if parts.scheme not in ("http", "https") or not parts.hostname or len(media) > 2000:
            errors.append(_err(400, "media_url harus alamat http(s)."))
        else:
            req["media_url"] = media


def parse_new_request(params: Params, *, service_codes: Sequence[str] | set[str],
                      jurisdiction_id: str) -> NewRequest | list[Open311Error]:
    """A POST requests checked against the spec and LAPOR's rules. ``api_key`` is only
    checked for presence here (403); the route checks it against issued keys."""
    if not _one(params, "api_key"):
        return [_err(403, "api_key wajib: minta kunci kepada admin kabupaten.")]
    jurisdiction = _one(params, "jurisdiction_id")
    if jurisdiction is not None and jurisdiction != jurisdiction_id:
        return [_err(404, f"jurisdiction_id {jurisdiction[:20]} tidak dilayani di sini.")]
    errors: list[Open311Error] = []
    code = _one(params, "service_code")
    if code is None:
        errors.append(_err(400, "service_code wajib diisi."))
    elif code not in service_codes:
        errors.append(_err(404, f"service_code {code[:40]} tidak ada."))
    description = _one(params, "description") or ""
    if len(description) < BODY_MIN or len(description) > DESCRIPTION_MAX:
        errors.append(_err(400, f"description wajib, {BODY_MIN} sampai {DESCRIPTION_MAX} "
                                "karakter."))
    req: dict[str, object] = {}
    _location(params, req, errors)
    _identity(params, req, errors)
    _extras(params, req, errors)
    attrs = _attributes(params, errors)
    title = str(attrs.get(ATTR_TITLE, ""))
    if title and (len(title) > TITLE_MAX or "\n" in title or has_control(title)):
        errors.append(_err(400, f"attribute[{ATTR_TITLE}] satu baris, paling banyak "
                                f"{TITLE_MAX} karakter."))
    incident = attrs.get(ATTR_INCIDENT_DATE)
    incident_at = parse_w3c(str(incident)) if incident else None
    if incident and incident_at is None:
        errors.append(_err(400, f"attribute[{ATTR_INCIDENT_DATE}] harus format W3C."))
    if errors:
        # A 404 (unknown service) says more than the 400s that follow from it.
        return sorted(errors, key=lambda e: e.code != 404)
    return NewRequest(
        service_code=str(code), title=title, description=description,
        kind=Kind(str(attrs.get(ATTR_KIND, Kind.PENGADUAN.value))),
        privacy=Privacy(str(attrs[ATTR_PRIVACY])), attributes=attrs,
        incident_date=incident_at.date() if incident_at else None,
        **req)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RequestQuery:
    """The GET requests filters. ``ids`` overrides the rest (as the spec says)."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()
    limit: int = 1000                # the spec's default cap


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def parse_request_query(params: Params, *, now: datetime | None = None,
                        ) -> RequestQuery | list[Open311Error]:
    now = now or datetime.now(UTC)
    ids = _csv(_one(params, "service_request_id"))
    if ids:
        if len(ids) > MAX_IDS or not all(_ID_RE.match(i) for i in ids):
            return [_err(400, f"service_request_id: paling banyak {MAX_IDS} nomor, "
                              "dipisah koma.")]
        return RequestQuery(ids=ids)
    errors: list[Open311Error] = []
    start = end = None
    for name in ("start_date", "end_date"):
        raw = _one(params, name)
        if raw is not None:
            at = parse_w3c(raw)
            if at is None:
                errors.append(_err(400, f"{name} harus format W3C, misalnya "
                                        "2026-12-01T00:00:00+07:00."))
            elif name == "start_date":
                start = at
            else:
                end = at
    statuses = _csv(_one(params, "status"))
    if any(s not in ("open", "closed") for s in statuses):
        errors.append(_err(400, "status hanya open atau closed."))
    if errors:
        return errors
    if start is None and end is None:
        end, start = now, now - MAX_RANGE
    elif start is None and end is not None:
        start = end - MAX_RANGE
    elif end is None and start is not None:
        end = start + MAX_RANGE
    assert start is not None and end is not None
    if end < start:
        return [_err(400, "end_date harus sesudah start_date.")]
    if end - start > MAX_RANGE:
        return [_err(400, "Rentang start_date sampai end_date paling lama 90 hari.")]
    return RequestQuery(service_codes=_csv(_one(params, "service_code")), start=start,
                        end=end, statuses=statuses)
