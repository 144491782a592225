"""The report as it travels: the JSON shape shared by sync, bundles and the central server.

Both sides compute ``content_hash`` the same way: SHA-256 over the canonical JSON
serialisation (sorted keys, no insignificant white space, UTF-8, no ASCII escaping) of the
wire report without its ``content_hash`` member. The same id with the same hash is a replay;
the same id with another hash is a conflict.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WIRE_VERSION = 1

# Members of a wire report (see docs/sync-protocol.md).
WIRE_FIELDS = (
    "id", "local_number", "supersedes", "kind", "title", "body", "incident_date",
    "region_code", "location_detail", "category", "agency", "privacy", "channel",
    "complainant", "attachments", "recorded_at", "origin", "content_hash",
)
ATTACHMENT_FIELDS = ("id", "file_name", "media_type", "size", "sha256")


@dataclass(frozen=True)
class Limits:
    """What central accepts in one request (advertised by ping). The defaults are the
    reference server's; a client always works with the values its server advertised."""

    max_batch_count: int = 500
    max_batch_bytes: int = 5_000_000
    max_attachment_bytes: int = 20 * 1024 * 1024


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def content_hash(wire: Mapping[str, Any]) -> str:
    body = {k: v for k, v in wire.items() if k != "content_hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()
