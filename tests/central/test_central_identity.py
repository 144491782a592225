"""Device identity is bound: no takeover by re-enrolment, pushed origins checked, answers
limited to the device's own reports, cursors signed, enrolment attempts rate-limited."""

from __future__ import annotations

import base64
import subprocess
import sys

import requests

from lapor_central.samples import rehash, sample_report
from tests.central.conftest import enrolled
from tests.support.central import REPO_ROOT


def enrol(central, code: str, device_id: str, region: str = "61.05.01.2008"):
    return requests.post(central.api + "/enroll", timeout=10, json={
        "code": code, "device_id": device_id, "device_name": "Laptop", "region_code": region})


def test_enrolled_device_id_cannot_be_taken_over(central):
    first = enrolled(central, device_id="desa-2008-a")
    first.push([sample_report(1)])
    code = central.enroll_code("61.05.01.2008")
    r = enrol(central, code, "desa-2008-a")
    assert r.status_code == 409 and r.json()["error"] == "device_exists"
    assert first.get("/catalog").status_code == 200  # the holder keeps its token
    # The refused attempt did not spend the code: a new device may still use it.
    assert enrol(central, code, "desa-2008-b").status_code == 200


def test_replacement_code_rebinds_exactly_that_device_and_revokes_old_tokens(central):
    old = enrolled(central, device_id="desa-2008-lama")
    [res] = old.push([sample_report(1)])
    out = central.cli("enroll-code", "--region", "61.05.01.2008", "--replace", "desa-2008-lama")
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip()
    assert enrol(central, code, "desa-2008-lain").status_code == 403
    r = enrol(central, code, "desa-2008-lama")
    assert r.status_code == 200
    assert old.get("/catalog").status_code == 401
    new = type(old)(central, r.json()["token"], "desa-2008-lama", "61.05.01.2008")
    changes = new.get("/status-changes").json()["changes"]
    assert [c["tracking_id"] for c in changes] == [res["tracking_id"]]
    assert central.cli("enroll-code", "--region", "61.05.01.2008",
                       "--replace", "tidak-ada").returncode == 1


def test_pushed_origin_must_be_the_device_or_a_village_of_its_kecamatan(central):
    village = enrolled(central, "61.05.01.2008", device_id="desa-2008")
    other_village = enrolled(central, "61.05.01.2009", device_id="desa-2009")
    kec = enrolled(central, "61.05.01", device_id="kec-0501")
    forged = rehash(sample_report(1, origin={"device_id": "desa-2009",
                                             "region_code": "61.05.01.2008"}))
    r = village.post("/reports/batch", {"reports": [forged]}).json()["results"][0]
    assert r["result"] == "rejected"
    assert [e["field"] for e in r["errors"]] == ["origin.device_id"]
    # A kecamatan relays bundles of its villages (devices central may never have seen) ...
    [ok] = kec.push([sample_report(2, device_id="desa-2008-tanpa-jaringan")])
    assert ok["result"] == "accepted"
    # ... but not as an enrolled device of another village, nor outside its kecamatan.
    lie = rehash(sample_report(3, origin={"device_id": "desa-2009",
                                          "region_code": "61.05.01.2008"}))
    outside = rehash(sample_report(4, region_code="61.05.02.2001", origin={
        "device_id": "x", "region_code": "61.05.02.2001"}))
    results = kec.post("/reports/batch", {"reports": [lie, outside]}).json()["results"]
    assert [x["result"] for x in results] == ["rejected", "rejected"]
    assert "origin.device_mismatch" in {e["code"] for e in results[0]["errors"]}
    # No Wrong Door: a village office may take in a report about another village of the
    # kabupaten (region 2008); the origin still names its own device and region.
    assert other_village.push([sample_report(5)])[0]["result"] == "accepted"


def test_have_and_status_changes_answer_only_about_own_reports(central):
    a = enrolled(central, "61.05.01.2008")
    b = enrolled(central, "61.05.01.2008")
    kec = enrolled(central, "61.05.01")
    far = enrolled(central, "61.05.02")
    report = a.claim(sample_report(1))
    [res] = a.push([report])
    central.advance(res["tracking_id"], "terverifikasi")
    entry = {"reports": [{"id": report["id"], "content_hash": report["content_hash"]}]}
    assert b.post("/reports/have", entry).json() == {
        "missing": [report["id"]], "known": [], "conflicts": []}
    assert b.get("/status-changes").json()["changes"] == []
    assert far.get("/status-changes").json()["changes"] == []
    assert len(a.get("/status-changes").json()["changes"]) == 2
    # The kecamatan sees its villages' reports.
    assert kec.post("/reports/have", entry).json()["known"][0]["id"] == report["id"]
    assert len(kec.get("/status-changes").json()["changes"]) == 2


def test_cursor_not_issued_by_this_server_for_this_device_is_bad_cursor(central):
    a = enrolled(central)
    b = enrolled(central)
    a.push([sample_report(1)])
    page = a.get("/status-changes").json()
    cursor = page["cursor"]
    assert a.get("/status-changes", params={"cursor": cursor}).status_code == 200
    # Well-formed but forged: the old unsigned form, a guessed sequence, another device's.
    legacy = base64.urlsafe_b64encode(b"v1:0").decode().rstrip("=")
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    bumped = base64.urlsafe_b64encode((0).to_bytes(8, "big") + raw[8:]).decode().rstrip("=")
    for forged, dev in ((legacy, a), (bumped, a), (cursor, b)):
        r = dev.get("/status-changes", params={"cursor": forged})
        assert r.status_code == 400 and r.json()["error"] == "bad_cursor", forged


def test_refused_enrolments_are_rate_limited_per_address(central):
    statuses = [enrol(central, "SALAH-SALAH-SALA", f"d{i}").status_code for i in range(12)]
    assert statuses[:10] == [403] * 10
    r = enrol(central, central.enroll_code(), "d-late")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert r.json()["error"] == "too_many_attempts"


def test_enroll_code_count_and_regions_file(central, tmp_path):
    out = central.cli("enroll-code", "--region", "61.05.01.2008", "--count", "3")
    assert out.returncode == 0, out.stderr
    lines = [ln.split("\t") for ln in out.stdout.splitlines()]
    assert len(lines) == 3 and len({c for _, c in lines}) == 3
    regions = tmp_path / "desa.txt"
    regions.write_text("# kode desa\n61.05.01.2008\n61.05.01.2009\n\n61.05.01\n", "utf-8")
    out = central.cli("enroll-code", "--regions-file", str(regions))
    rows = [ln.split("\t") for ln in out.stdout.splitlines()]
    assert [r for r, _ in rows] == ["61.05.01.2008", "61.05.01.2009", "61.05.01"]
    assert enrol(central, rows[1][1], "desa-2009-x", "61.05.01.2009").status_code == 200
    regions.write_text("61.05.01.2008\n99.99\n", "utf-8")
    out = central.cli("enroll-code", "--regions-file", str(regions))
    assert out.returncode == 2 and out.stdout == ""


def test_migrate_command_is_idempotent(central):
    from alembic.script import ScriptDirectory

    from lapor_central.db import alembic_config

    for _ in range(2):
        out = central.cli("migrate")
        assert out.returncode == 0, out.stderr
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert head in out.stdout


def test_importing_the_server_loads_no_qt_and_no_desktop_code():
    code = ("import sys, lapor_central.app, lapor_central.cli, lapor_central.service; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'lapor_desktop')); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=str(REPO_ROOT))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
