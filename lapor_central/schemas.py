"""Pydantic shapes of the sync protocol: request validation and the OpenAPI document.

Requests are strict (no type coercion) and forbid unknown members. The wire report itself
is validated item by item in :mod:`lapor_central.service` so that one malformed report is
rejected without failing its batch; :class:`WireReport` documents its shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Open(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- errors

class FieldError(Open):
    field: str = Field(description="Dotted path of the offending member ('' for the item).")
    code: str = Field(description="Stable machine code, e.g. 'required', 'phone.invalid'.")
    message: str = Field(description="Human message in Bahasa Indonesia.")


class ErrorResponse(Open):
    error: str = Field(description="Stable machine code, e.g. 'unauthorized', 'too_large'.")
    message: str = Field(description="Human message in Bahasa Indonesia.")
    errors: list[FieldError] = Field(default_factory=list)


# --------------------------------------------------------------------------- ping

class LimitsOut(Open):
    max_batch_count: int
    max_batch_bytes: int
    max_attachment_bytes: int


class PingResponse(Open):
    protocol: Literal["lapor-sync"]
    version: Literal[1]
    server_time: str = Field(description="ISO 8601 UTC, e.g. 2026-11-28T06:00:00.000000Z")
    limits: LimitsOut
    tus_path: str


# --------------------------------------------------------------------------- enrol

class EnrollRequest(Strict):
    code: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")
    device_name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")
    region_code: str = Field(min_length=1, max_length=13)


class EnrollResponse(Open):
    token: str
    device_id: str
    region_code: str
    central_key: str = Field(description="Central's X25519 public key (base64, 32 bytes): "
                             "desktops seal each identity to it (identity_box)")


# --------------------------------------------------------------------------- catalogue

class CodeName(Open):
    code: str
    name: str


class Route(Open):
    category: str
    region_prefix: str
    agency: str


class CatalogResponse(Open):
    version: str
    categories: list[CodeName]
    agencies: list[CodeName]
    routes: list[Route]


# --------------------------------------------------------------------------- wire report

class Complainant(Open):
    name: str | None
    nik: str | None
    phone: str | None
    email: str | None
    address: str | None
    salt: str | None = Field(
        default=None, description="32 lower-case hex digits: a random value hashed with the "
        "identity so the content hash cannot be used to test guesses of it (optional)")


class WireAttachment(Open):
    id: str = Field(description="UUID")
    file_name: str
    media_type: str
    size: int = Field(ge=0)
    sha256: str = Field(description="64 lower-case hex digits")


class Origin(Open):
    device_id: str
    region_code: str


class WireReport(Open):
    """A finalised report as it travels (see lapor_protocol/wire.py)."""

    id: str = Field(description="Client UUID, the idempotency key")
    local_number: str
    supersedes: str | None = Field(description="UUID of the report this one corrects")
    kind: Literal["pengaduan", "aspirasi", "permintaan_informasi"]
    title: str
    body: str
    incident_date: str = Field(description="YYYY-MM-DD")
    region_code: str = Field(description="Kemendagri village code PP.KK.CC.DDDD")
    location_detail: str | None
    category: str
    agency: str | None
    privacy: Literal["publik", "anonim", "rahasia"]
    channel: Literal["tatap_muka", "telepon", "surat", "lainnya"]
    complainant: Complainant
    attachments: list[WireAttachment]
    recorded_at: str = Field(description="ISO 8601 (client clock; informative only)")
    origin: Origin
    content_hash: str = Field(description="sha256 of the canonical JSON without this member")


# --------------------------------------------------------------------------- have / batch

class HaveEntry(Strict):
    id: str = Field(max_length=100)
    content_hash: str = Field(max_length=128)


class HaveRequest(Strict):
    reports: list[HaveEntry]


class KnownReport(Open):
    id: str
    tracking_id: str
    status: str
    missing_attachments: list[str]


class HaveResponse(Open):
    missing: list[str]
    known: list[KnownReport]
    conflicts: list[str]


class BatchRequest(Strict):
    # Items are checked one by one (service.check_item) so a malformed item is rejected
    # alone; the schema still documents what a valid item looks like.
    reports: Annotated[
        list[Any],
        WithJsonSchema({"type": "array", "items": {"$ref": "#/components/schemas/WireReport"}}),
    ]


class ItemResult(Open):
    id: str | None
    result: Literal["accepted", "duplicate", "conflict", "rejected"]
    tracking_id: str | None
    status: str | None
    errors: list[FieldError]


class BatchResponse(Open):
    results: list[ItemResult]


# --------------------------------------------------------------------------- status pull

class StatusChange(Open):
    event_id: str
    report_id: str
    tracking_id: str
    status: str
    note: str | None
    agency: str | None
    at: str = Field(description="ISO 8601 UTC")
    deadline: str | None = Field(description="YYYY-MM-DD or null")


class StatusChangesResponse(Open):
    changes: list[StatusChange]
    cursor: str = Field(description="Opaque; send it back to get the next changes")
    more: bool


DOC_MODELS = (WireReport, WireAttachment, Complainant, Origin)
# Bodies the handlers parse themselves (lapor_central/api_body.py), documented here.
BODY_MODELS = (EnrollRequest, HaveRequest)
# BatchRequest's items point at WireReport, which pydantic cannot resolve on its own.
BATCH_REQUEST_SCHEMA = {
    "title": "BatchRequest", "type": "object", "additionalProperties": False,
    "required": ["reports"],
    "properties": {"reports": {"title": "Reports", "type": "array",
                               "items": {"$ref": "#/components/schemas/WireReport"}}},
}
