"""Open311 GeoReport v2 documents and their JSON and XML renderings.

The shapes follow the spec's examples (wiki.open311.org/GeoReport_v2) element by
element and in the same order:

* service list: ``<services><service>…</service></services>`` / a JSON array;
* service definition: ``<service_definition><service_code/><attributes><attribute>…``;
* service requests: ``<service_requests><request>…</request></service_requests>``, also
  for the answer to a POST and to ``tokens/{token}``;
* errors: ``<errors><error><code/><description/></error></errors>``.

A missing value is JSON ``null`` and an empty XML element. Identifiers are strings in
both formats: central's tracking ids have up to 20 digits, more than a JSON number
keeps exactly in JavaScript. Date-times are W3C (ISO 8601 with an offset), in WIB.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from lapor_protocol.deadlines import WIB

Format = Literal["json", "xml"]
CONTENT_TYPES: dict[str, str] = {"json": "application/json; charset=utf-8",
                                  "xml": "text/xml; charset=utf-8"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c(at: datetime | date | None) -> str | None:
    """A W3C date-time in WIB with its offset; naive datetimes are taken as UTC (how
    central stores them). A date (a due date of the case clock,
    ``lapor_protocol.case_clock.CaseClock.stage_due``) stands for the end of that day."""
    if at is None:
        return None
    if not isinstance(at, datetime):
        return datetime.combine(at, time(23, 59, 59), WIB).isoformat()
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(WIB).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Service:
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str = "realtime"           # realtime | batch | blackbox
    keywords: str = ""
    group: str = ""


@dataclass(frozen=True)
class AttributeValue:
    key: str
    name: str


@dataclass(frozen=True)
class Attribute:
    variable: bool
    code: str
    datatype: str                    # string number datetime text singlevaluelist multivaluelist
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: tuple[AttributeValue, ...] = ()


@dataclass(frozen=True)
class ServiceDefinition:
    service_code: str
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True)
class ServiceRequest:
    """One request as GET requests shows it. There is no field for an identity."""

    service_request_id: str
    status: str                      # open | closed
    status_notes: str | None
    service_name: str | None
    service_code: str
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str | None
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


@dataclass(frozen=True)
class CreatedRequest:
    """The answer to POST requests: an id (or a token when the id comes later)."""

    service_request_id: str | None = None
    token: str | None = None
    service_notice: str | None = None
    account_id: str | None = None


@dataclass(frozen=True)
class TokenAnswer:
    service_request_id: str | None
    token: str


@dataclass(frozen=True)
class Open311Error:
    code: int
    description: str


@dataclass(frozen=True)
class Rendered:
    status: int
    body: bytes
    content_type: str


@dataclass
class _Shape:
    root: str
    item: str
    items: list[dict[str, Any]] = field(default_factory=list)


def _flat(obj: Any, skip: Sequence[str] = ()) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj) if f.name not in skip}


def _created(c: CreatedRequest) -> dict[str, Any]:
    head = {"token": c.token} if c.service_request_id is None else \
        {"service_request_id": c.service_request_id}
    return {**head, "service_notice": c.service_notice, "account_id": c.account_id}


def _definition(d: ServiceDefinition) -> dict[str, Any]:
    attrs = []
    for a in d.attributes:
        doc = _flat(a, skip=("values",))
        doc["values"] = [{"key": v.key, "name": v.name} for v in a.values]
        attrs.append(doc)
    return {"service_code": d.service_code, "attributes": attrs}


def to_json_value(doc: Any) -> Any:
    """The JSON value of a document or a list of documents (as the spec nests them)."""
    if isinstance(doc, ServiceDefinition):
        return _definition(doc)
    if isinstance(doc, Sequence) and not isinstance(doc, str):
        return [to_json_value(d) for d in doc]
    if isinstance(doc, CreatedRequest):
        return _created(doc)
    return _flat(doc)


def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_BAD.sub("", str(value))


def _add(parent: ET.Element, doc: dict[str, Any]) -> None:
    for key, value in doc.items():
        el = ET.SubElement(parent, key)
        if key == "attributes":
            for attr in value:
                _add(ET.SubElement(el, "attribute"), attr)
        elif key == "values":
            for v in value:
                _add(ET.SubElement(el, "value"), v)
        else:
            el.text = _xml_text(value)


_ROOTS: dict[type, tuple[str, str]] = {
    Service: ("services", "service"),
    ServiceRequest: ("service_requests", "request"),
    CreatedRequest: ("service_requests", "request"),
    TokenAnswer: ("service_requests", "request"),
    Open311Error: ("errors", "error"),
}


def to_xml(doc: Any, empty_root: str = "service_requests") -> bytes:
    """The XML of a document, or of a list of documents under the spec's root element
    (``empty_root`` names the root of an empty list)."""
    if isinstance(doc, ServiceDefinition):
        root = ET.Element("service_definition")
        _add(root, _definition(doc))
    else:
        items = list(doc) if isinstance(doc, Sequence) else [doc]
        root_name, item_name = _ROOTS[type(items[0])] if items else (empty_root, "")
        root = ET.Element(root_name)
        for item in items:
            _add(ET.SubElement(root, item_name), to_json_value(item))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def render(doc: Any, fmt: Format, *, status: int = 200,
           empty_root: str = "service_requests") -> Rendered:
    """The body and content type of a document in one of the spec's two formats."""
    if fmt == "json":
        body = json.dumps(to_json_value(doc), ensure_ascii=False).encode("utf-8")
    elif fmt == "xml":
        body = to_xml(doc, empty_root)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return Rendered(status, body, CONTENT_TYPES[fmt])


def render_errors(errors: Sequence[Open311Error], fmt: Format) -> Rendered:
    """Errors in the spec's error format; the HTTP status is the first error's code."""
    if not errors:
        raise ValueError("no errors to render")
    return render(list(errors), fmt, status=errors[0].code)
