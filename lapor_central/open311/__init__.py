"""Open311 GeoReport v2 (issue 21, part 2): pure serializers and parsers, no routes.

* :mod:`.documents`: the spec's documents and their JSON and XML renderings;
* :mod:`.mapping`: catalogue → services and definitions, case → service request,
  LAPOR statuses → ``open``/``closed``;
* :mod:`.params`: POST requests parameters and the GET requests filters, with errors in
  the spec's format.

See docs/one-door.md.
"""

from lapor_central.open311.documents import (
    CONTENT_TYPES,
    Attribute,
    AttributeValue,
    CreatedRequest,
    Open311Error,
    Rendered,
    Service,
    ServiceDefinition,
    ServiceRequest,
    TokenAnswer,
    render,
    render_errors,
    w3c,
)
from lapor_central.open311.mapping import (
    NotPublic,
    PublicCase,
    definition,
    open311_status,
    service_request,
    services,
    statuses_for,
)
from lapor_central.open311.params import (
    NewRequest,
    RequestQuery,
    parse_new_request,
    parse_request_query,
    parse_w3c,
)

__all__ = [
    "CONTENT_TYPES",
    "Attribute",
    "AttributeValue",
    "CreatedRequest",
    "NewRequest",
    "NotPublic",
    "Open311Error",
    "PublicCase",
    "Rendered",
    "RequestQuery",
    "Service",
    "ServiceDefinition",
    "ServiceRequest",
    "TokenAnswer",
    "definition",
    "open311_status",
    "parse_new_request",
    "parse_request_query",
    "parse_w3c",
    "render",
    "render_errors",
    "service_request",
    "services",
    "statuses_for",
    "w3c",
]
