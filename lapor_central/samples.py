"""Valid wire reports for tests, benchmarks and staging smoke checks.

``sample_report(**overrides)`` returns a report that central accepts from a device enrolled
for ``61.05.01.2008`` (or its kecamatan ``61.05.01``), with ``content_hash`` computed last.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from lapor_protocol import wire

DEFAULT_REGION = "61.05.01.2008"


def attachment_meta(data: bytes, file_name: str = "foto.jpg",
                    media_type: str = "image/jpeg") -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "file_name": file_name, "media_type": media_type,
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def sample_report(n: int = 1, *, device_id: str = "desa-2008-laptop",
                  attachments: list[dict[str, Any]] | None = None,
                  **overrides: Any) -> dict[str, Any]:
    """A valid wire report; ``overrides`` replace members before hashing."""
    report: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "local_number": f"{DEFAULT_REGION}/2026/{n:05d}",
        "supersedes": None,
        "kind": "pengaduan",
        "title": f"Jembatan gantung rusak ({n})",
        "body": "Papan lantai jembatan gantung di dusun kami patah sejak bulan lalu dan "
                "membahayakan anak sekolah yang menyeberang setiap pagi.",
        "incident_date": "2026-10-01",
        "region_code": DEFAULT_REGION,
        "location_detail": "Dusun Sungai Durian, dekat SD Negeri 12",
        "category": "infrastruktur",
        "agency": "dpupr-sintang",
        "privacy": "publik",
        "channel": "tatap_muka",
        "complainant": {"name": "Budi Santoso", "nik": None, "phone": "081234567890",
                        "email": None, "address": None},
        "attachments": attachments or [],
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "origin": {"device_id": device_id, "region_code": DEFAULT_REGION},
    }
    report.update(overrides)
    report.pop("content_hash", None)
    report["content_hash"] = wire.content_hash(report)
    return report


def rehash(report: dict[str, Any]) -> dict[str, Any]:
    """The same report with its content_hash recomputed after an edit."""
    out = {k: v for k, v in report.items() if k != "content_hash"}
    out["content_hash"] = wire.content_hash(out)
    return out
