"""Property-based runs: nothing a client sends makes the server answer 5xx.

Schemathesis drives every documented operation (the tus routes included) from the
served OpenAPI document, on SQLite and on PostgreSQL; hypothesis mutates valid wire
reports member by member. Both are bounded to stay well under a minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapor_central.samples import rehash, sample_report
from lapor_protocol import wire

pytestmark = pytest.mark.slow


def test_schemathesis_finds_no_server_error(shared_central, shared_device):
    st_bin = Path(sys.executable).with_name("st")
    cmd = [str(st_bin)] if st_bin.exists() else (
        [shutil.which("st")] if shutil.which("st") else None)
    if cmd is None:
        pytest.skip("schemathesis CLI (st) is not installed")
    out = subprocess.run(
        [*cmd, "run", f"{shared_central.api}/openapi.json",
         "-H", f"Authorization: Bearer {shared_device.token}",
         "--checks", "not_a_server_error", "--max-examples", "15", "--seed", "7",
         "--request-timeout", "20"],
        capture_output=True, text=True, timeout=150)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "Server error" not in out.stdout and " passed" in out.stdout


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(member=st.sampled_from(wire.WIRE_FIELDS + ("surprise",)), value=json_values,
       fix_hash=st.booleans())
def test_mutated_reports_are_rejected_or_accepted_never_5xx(shared_device, member, value,
                                                             fix_hash):
    report = shared_device.claim(sample_report(1))
    report[member] = value
    if fix_hash and member != "content_hash":
        try:
            report = rehash(report)
        except ValueError:
            pass
    second = shared_device.claim(sample_report(2))
    r = shared_device.post("/reports/batch", {"reports": [report, second]})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["result"] in ("accepted", "rejected", "duplicate", "conflict")
    if first["result"] == "rejected":
        assert first["errors"]
    assert second["result"] == "accepted"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=json_values)
def test_arbitrary_json_bodies_never_5xx(shared_device, body):
    for path in ("/enroll", "/reports/have", "/reports/batch"):
        r = shared_device.post(path, body)
        assert r.status_code < 500, (path, r.text)
