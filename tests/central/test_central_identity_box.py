"""Central's key and the identity box on the real server: advertised at enrolment and on an
authenticated route, opened on ingest with the content hash checked over the opened
identity, and still opened after a key rotation."""

from __future__ import annotations

import base64

import requests

from lapor_central.samples import sample_report
from lapor_protocol import identity_box
from tests.central.conftest import enrolled


def _boxed(device, report: dict, public: bytes) -> dict:
    """``report`` claimed for ``device`` with its complainant replaced by a box."""
    device.claim(report)
    member = identity_box.seal(public, report["id"], report["content_hash"],
                               report["complainant"])
    return {**{k: v for k, v in report.items() if k != "complainant"},
            identity_box.MEMBER: member}


def test_central_key_is_advertised_and_boxes_open_across_a_rotation(central):
    info = central.enroll("61.05.01.2008")
    dev = enrolled(central)
    assert requests.get(central.api + "/central-key", timeout=10).status_code == 401
    got = dev.get("/central-key").json()
    assert got["central_key"] == info["central_key"]
    old = base64.b64decode(got["central_key"])
    assert got["key_id"] == identity_box.key_id(old) and len(old) == 32

    [res] = dev.push([_boxed(dev, sample_report(1), old)])
    assert res["result"] == "accepted", res
    waiting = _boxed(dev, sample_report(2), old)  # sealed before the rotation, sent after

    out = central.cli("rotate-central-key")
    assert out.returncode == 0, out.stderr
    central.restart()
    new = base64.b64decode(dev.get("/central-key").json()["central_key"])
    assert new != old
    results = dev.push([waiting, _boxed(dev, sample_report(3), new)])
    assert [r["result"] for r in results] == ["accepted", "accepted"], results
    # A box under a key central never had is refused with a clear error.
    stranger = _boxed(dev, sample_report(4), bytes(range(32)))
    [res] = dev.push([stranger])
    assert res["result"] == "rejected"
    assert res["errors"][0]["code"] == "identity_box.invalid"
    assert "tidak dapat dibuka" in res["errors"][0]["message"]
