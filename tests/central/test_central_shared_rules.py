"""Central applies the shared rules of lapor_protocol.domain too (issue 22 §4): a report
pushed with a direction override, an incident date before 1950 or in ISO week format, or a
NIK with serial 0000 is rejected through the real server, and nothing is stored."""

from __future__ import annotations

import pytest

from lapor_central.samples import attachment_meta, sample_report

NIK_0000 = "6105015005900000"


def _cases() -> list[tuple[str, dict, str, str]]:
    comp = {"name": "Budi Santoso", "nik": None, "phone": "081234567890", "email": None,
            "address": None}
    return [
        ("title", {"title": "Jembatan \u202erusak"}, "title", "text.direction"),
        ("name", {"complainant": {**comp, "name": "Budi \u2066Santoso"}},
         "complainant.name", "text.direction"),
        ("file name", {"attachments": [attachment_meta(b"x", "foto\u202egpj.exe")]},
         "attachments[0]", "attachment.invalid"),
        ("1949", {"incident_date": "1949-12-31"}, "incident_date", "date.too_old"),
        ("iso week", {"incident_date": "2026-W40-3"}, "incident_date", "date.invalid"),
        ("nik 0000", {"complainant": {**comp, "nik": NIK_0000}}, "complainant.nik",
         "nik.serial"),
    ]


@pytest.mark.parametrize("case", _cases(), ids=[c[0] for c in _cases()])
def test_central_refuses_what_the_desktop_refuses(shared_central, shared_device, case):
    _, overrides, field, code = case
    report = sample_report(900, **overrides)
    result = shared_device.push([report])[0]
    assert result["result"] == "rejected" and result["tracking_id"] is None
    assert (field, code) in {(e["field"], e["code"]) for e in result["errors"]}, result
    assert all(e["message"] for e in result["errors"])
    assert report["id"] not in {r["id"] for r in shared_central.export()}
