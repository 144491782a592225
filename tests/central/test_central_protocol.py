"""The sync protocol end to end against a real server process on 127.0.0.1."""

from __future__ import annotations

import gzip
import json

import pytest
import requests

from lapor_central.samples import rehash, sample_report
from tests.central.conftest import enrolled


def test_ping_announces_protocol_and_limits(central):
    r = requests.get(central.api + "/ping", timeout=10)
    assert r.status_code == 200
    assert r.headers["X-Lapor-Protocol"] == "1"
    body = r.json()
    assert body["protocol"] == "lapor-sync" and body["version"] == 1
    assert body["server_time"].endswith("Z")
    assert body["limits"] == {"max_batch_count": 500, "max_batch_bytes": 5_000_000,
                              "max_attachment_bytes": 20 * 1024 * 1024}
    assert body["tus_path"] == "/api/v1/files/"


def test_enrollment_code_is_single_use(central):
    code = central.enroll_code("61.05.01")
    body = {"code": code, "device_id": "kec-1", "device_name": "Kecamatan",
            "region_code": "61.05.01"}
    r = requests.post(central.api + "/enroll", json=body, timeout=10)
    assert r.status_code == 200
    assert r.json()["region_code"] == "61.05.01" and r.json()["device_id"] == "kec-1"
    again = requests.post(central.api + "/enroll", json=body, timeout=10)
    assert again.status_code == 403 and again.json()["error"] == "enrollment_refused"
    bad = requests.post(central.api + "/enroll", json={**body, "code": "NOPE-NOPE-NOPE"},
                        timeout=10)
    assert bad.status_code == 403


def test_token_is_bound_to_the_codes_region(central):
    code = central.enroll_code("61.05.01.2008")
    r = requests.post(central.api + "/enroll", timeout=10, json={
        "code": code, "device_id": "d", "device_name": "n", "region_code": "61.05.02"})
    assert r.json()["region_code"] == "61.05.01.2008"


def test_unauthenticated_and_revoked_are_401(central, device):
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic eDp5"}):
        r = requests.get(central.api + "/catalog", headers=headers, timeout=10)
        assert r.status_code == 401, headers
        assert r.json()["error"] == "unauthorized"
    assert device.get("/catalog").status_code == 200
    central.revoke(device.device_id)
    for r in (device.get("/catalog"), device.post("/reports/have", {"reports": []}),
              device.post("/reports/batch", {"reports": []}), device.get("/status-changes")):
        assert r.status_code == 401
        assert r.json()["message"]


def test_catalog_etag_and_304(device):
    r = device.get("/catalog")
    assert r.status_code == 200
    cat = r.json()
    assert r.headers["ETag"] == f'"{cat["version"]}"'
    assert {"code": "infrastruktur",
            "name": "Infrastruktur, Jalan dan Jembatan"} in cat["categories"]
    assert {"category", "region_prefix", "agency"} == set(cat["routes"][0])
    same = device.get("/catalog", headers={"If-None-Match": r.headers["ETag"]})
    assert same.status_code == 304 and same.content == b""
    other = device.get("/catalog", headers={"If-None-Match": '"old-version"'})
    assert other.status_code == 200


def test_push_then_replay_returns_same_tracking_id(central, device):
    reports = [sample_report(i) for i in range(3)]
    first = device.push(reports)
    assert [r["result"] for r in first] == ["accepted"] * 3
    assert all(r["status"] == "diterima" and r["errors"] == [] for r in first)
    tids = [int(r["tracking_id"]) for r in first]
    assert tids == sorted(tids) and len(set(tids)) == 3
    again = device.push(reports)
    assert [r["result"] for r in again] == ["duplicate"] * 3
    assert [r["tracking_id"] for r in again] == [r["tracking_id"] for r in first]
    assert len(central.export()) == 3


def test_conflict_overwrites_nothing(central, device):
    original = sample_report(1)
    [acc] = device.push([original])
    edited = rehash({**original, "title": "Judul yang diubah setelah final"})
    [res] = device.push([edited])
    assert res["result"] == "conflict" and res["tracking_id"] is None
    assert res["errors"][0]["field"] == "content_hash"
    [row] = central.export()
    assert row["content_hash"] == original["content_hash"]
    assert row["tracking_id"] == acc["tracking_id"]
    have = device.post("/reports/have", {"reports": [
        {"id": original["id"], "content_hash": edited["content_hash"]}]}).json()
    assert have == {"missing": [], "known": [], "conflicts": [original["id"]]}


def test_have_list(device):
    pushed = sample_report(1)
    device.push([pushed])
    fresh = sample_report(2)
    r = device.post("/reports/have", {"reports": [
        {"id": pushed["id"], "content_hash": pushed["content_hash"]},
        {"id": fresh["id"], "content_hash": fresh["content_hash"]}]})
    assert r.status_code == 200
    body = r.json()
    assert body["missing"] == [fresh["id"]]
    assert body["conflicts"] == []
    [known] = body["known"]
    assert known["id"] == pushed["id"] and known["status"] == "diterima"
    assert known["missing_attachments"] == [] and known["tracking_id"].isdigit()


def test_rejections_are_per_item(central, device):
    good = sample_report(1)
    no_phone = sample_report(2, complainant={"name": "A", "nik": None, "phone": None,
                                             "email": None, "address": None})
    bad_hash = {**sample_report(3), "content_hash": "0" * 64}
    extra = rehash({**sample_report(4), "secret_field": 1})
    # Another kabupaten (Sambas): outside what this central's catalogue routes.
    elsewhere = sample_report(5, region_code="61.01.01.2001")
    results = device.push([good, no_phone, bad_hash, extra, elsewhere, 42, {"id": 7}])
    assert [r["result"] for r in results] == ["accepted"] + ["rejected"] * 6
    codes = {(e["field"], e["code"]) for e in results[1]["errors"]}
    assert ("complainant.phone", "required") in codes
    assert results[2]["errors"][0]["code"] == "content_hash.mismatch"
    assert any(e["code"] == "unknown_field" and e["field"] == "secret_field"
               for e in results[3]["errors"])
    assert any(e["code"] == "region.not_served" for e in results[4]["errors"])
    assert results[5]["id"] is None and results[6]["id"] is None
    assert all(r["tracking_id"] is None and r["errors"] for r in results[1:])
    assert all(e["message"] for r in results[1:] for e in r["errors"])
    assert [row["id"] for row in central.export()] == [good["id"]]


def test_any_village_of_the_kabupaten_is_accepted_from_any_device(central, device):
    """No Wrong Door: a village office takes in a complaint about another kecamatan's
    village; the origin still names the device's own region."""
    other = sample_report(1, region_code="61.05.02.2001")
    assert device.push([other])[0]["result"] == "accepted"


def test_kecamatan_device_pushes_its_villages(central):
    kec = enrolled(central, "61.05.01")
    [res] = kec.push([sample_report(1, device_id="desa-laptop")])
    assert res["result"] == "accepted"
    # A village of this kecamatan took in a report about another kecamatan's village (No
    # Wrong Door): accepted; a report made on a device outside the kecamatan is not.
    [res] = kec.push([sample_report(2, region_code="61.05.02.2001")])
    assert res["result"] == "accepted"
    elsewhere = rehash(sample_report(3, origin={"device_id": "x", "region_code": "61.05.02.2001"}))
    [res] = kec.push([elsewhere])
    assert res["result"] == "rejected"


def test_oversize_batch_is_413_and_writes_nothing(start):

    c = start(max_batch_count=2, max_batch_bytes=20_000)
    try:
        dev = enrolled(c)
        r = dev.post("/reports/batch", {"reports": [sample_report(i) for i in range(3)]})
        assert r.status_code == 413 and r.json()["error"] == "too_many"
        big = sample_report(1, body="x" * 25_000)
        r = dev.post("/reports/batch", {"reports": [big]})
        assert r.status_code == 413 and r.json()["error"] == "too_large"
        # The decompressed size counts too: 25 kB of x compresses to almost nothing.
        r = dev.post("/reports/batch", {"reports": [big]}, gzipped=True)
        assert r.status_code == 413
        bomb = gzip.compress(b"[" + b" " * 50_000_000 + b"]")
        r = dev.post("/reports/batch", raw=bomb, headers={"Content-Encoding": "gzip"})
        assert r.status_code == 413
        assert c.export() == []
        assert requests.get(c.api + "/ping", timeout=5).status_code == 200
    finally:
        c.stop()


def test_gzip_bodies_are_accepted(device):
    reports = [sample_report(i) for i in range(20)]
    results = device.push(reports, gzipped=True)
    assert {r["result"] for r in results} == {"accepted"}
    r = device.post("/reports/have", {"reports": [
        {"id": x["id"], "content_hash": x["content_hash"]} for x in reports]}, gzipped=True)
    assert r.status_code == 200 and r.json()["missing"] == []
    # Responses are compressed when the client accepts it (requests decodes transparently).
    r = device.get("/catalog", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") == "gzip"


@pytest.mark.parametrize("path", ["/enroll", "/reports/have", "/reports/batch"])
@pytest.mark.parametrize("raw,encoding", [
    (b"this is not json", None),
    (b'{"reports": [', None),
    (b"[1, 2, 3]", None),
    (b'{"reports": "all of them"}', None),
    (b'{"reports": [], "extra": true}', None),
    (b'{"reports": [{"id": 1, "content_hash": []}]}', None),
    (b"\x1f\x8b\x08garbage", "gzip"),
    (b"{}", "br"),
    (b"\xff\xfe\x00", None),
])
def test_bad_bodies_are_4xx_never_5xx(shared_device, path, raw, encoding):
    headers = {"Content-Encoding": encoding} if encoding else {}
    r = shared_device.post(path, raw=raw, headers=headers)
    if path == "/reports/batch" and raw.startswith(b'{"reports": [{'):
        # A malformed item is rejected on its own; the request itself is fine.
        assert r.status_code == 200
        assert r.json()["results"][0]["result"] == "rejected"
        return
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    body = r.json()
    assert body["error"] and body["message"]


def test_wrong_types_in_enroll_are_422(shared_central):
    r = requests.post(shared_central.api + "/enroll", timeout=10, json={
        "code": 123, "device_id": "x", "device_name": "y", "region_code": "61.05.01"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "code"


def test_status_changes_paging_returns_each_change_once(central, device):
    results = device.push([sample_report(i) for i in range(7)])
    tids = [r["tracking_id"] for r in results]
    for tid in tids[:4]:
        central.advance(tid, "terverifikasi", note="Sudah diverifikasi")
    central.advance(tids[0], "diteruskan", agency="dpupr-sintang")
    # Another device's reports never show up.
    other = enrolled(central)
    other.push([sample_report(99)])

    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        r = device.get("/status-changes", params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        seen += page["changes"]
        cursor = page["cursor"]
        pages += 1
        if not page["more"]:
            break
    assert len(seen) == 7 + 4 + 1
    assert len({c["event_id"] for c in seen}) == len(seen)
    assert pages == 4
    assert {c["tracking_id"] for c in seen} == set(tids)
    first = [c for c in seen if c["tracking_id"] == tids[0]]
    assert [c["status"] for c in first] == ["diterima", "terverifikasi", "diteruskan"]
    assert first[2]["agency"] == "dpupr-sintang" and first[1]["note"] == "Sudah diverifikasi"
    assert all(c["deadline"] for c in first)
    # Nothing new: same cursor back, no changes.
    r = device.get("/status-changes", params={"cursor": cursor}).json()
    assert r == {"changes": [], "cursor": cursor, "more": False}
    # A change after the end shows up exactly once.
    central.advance(tids[5], "ditolak", note="Masukan terlalu umum")
    r = device.get("/status-changes", params={"cursor": cursor}).json()
    assert [(c["tracking_id"], c["status"], c["deadline"]) for c in r["changes"]] == \
        [(tids[5], "ditolak", None)]


@pytest.mark.parametrize("cursor", ["garbage!!", "djI6MQ", "bm90LWEtY3Vyc29y", "x" * 300])
def test_bad_cursor_is_4xx(shared_device, cursor):
    r = shared_device.get("/status-changes", params={"cursor": cursor})
    assert 400 <= r.status_code < 500
    assert r.json()["error"]


@pytest.mark.parametrize("limit", ["0", "1001", "many"])
def test_bad_limit_is_4xx(shared_device, limit):
    assert shared_device.get("/status-changes", params={"limit": limit}).status_code == 422


def test_deadlines_count_working_days(central, device):
    [res] = device.push([sample_report(1)])
    r = device.get("/status-changes").json()
    [ev] = r["changes"]
    from datetime import date, datetime

    from lapor_central.deadlines import add_working_days, local_date

    received = local_date(datetime.fromisoformat(ev["at"].rstrip("Z")))
    assert ev["deadline"] == add_working_days(received, 3).isoformat()
    assert date.fromisoformat(ev["deadline"]) > received
    central.advance(res["tracking_id"], "terverifikasi")
    fwd = central.advance(res["tracking_id"], "diteruskan", agency="dpupr-sintang")
    assert fwd["deadline"] == add_working_days(received, 5).isoformat()


@pytest.mark.slow
def test_advance_refuses_illegal_transitions(central, device):
    [res] = device.push([sample_report(1)])
    tid = res["tracking_id"]
    out = central.cli("advance", tid, "--to", "selesai")
    assert out.returncode == 2
    assert "tidak diizinkan" in out.stderr
    out = central.cli("advance", tid, "--to", "terverifikasi", "--note", "Lengkap")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["status"] == "terverifikasi"
    out = central.cli("advance", tid, "--to", "diteruskan", "--agency", "instansi-fiktif")
    assert out.returncode == 2
    assert central.cli("advance", "999", "--to", "terverifikasi").returncode == 1
    from tests.support.central import CentralCommandError

    with pytest.raises(CentralCommandError) as err:
        central.advance(tid, "diterima")
    assert err.value.returncode == 2
    [row] = central.export()
    assert row["status"] == "terverifikasi"


@pytest.mark.slow
def test_cli_export_and_enroll_code(central, device):
    device.push([sample_report(1)])
    out = central.cli("export")
    assert out.returncode == 0
    [row] = [json.loads(line) for line in out.stdout.splitlines()]
    assert set(row) >= {"id", "tracking_id", "content_hash", "status", "origin", "attachments"}
    assert "Budi" not in out.stdout and "081234567890" not in out.stdout
    out = central.cli("enroll-code", "--region", "61.05.01.2008")
    assert out.returncode == 0 and len(out.stdout.strip()) == 14
    assert central.cli("enroll-code", "--region", "99.99").returncode == 2


def test_personal_data_never_logged(central, device):
    device.push([sample_report(1, complainant={
        "name": "Rahmawati Unik", "nik": "6105015005900001", "phone": "081298765432",
        "email": "rahma@example.org", "address": "Jl. Rahasia 7"})])
    log = central.log()
    for secret in ("Rahmawati", "6105015005900001", "081298765432", "rahma@example", "Rahasia 7"):
        assert secret not in log


def test_data_survives_restart(central, device):
    report = sample_report(1)
    [first] = device.push([report])
    central.restart()
    [again] = device.push([report])
    assert again["result"] == "duplicate" and again["tracking_id"] == first["tracking_id"]


def test_openapi_documents_the_protocol(shared_central):
    doc = requests.get(shared_central.api + "/openapi.json", timeout=10).json()
    paths = doc["paths"]
    for p in ("/api/v1/ping", "/api/v1/enroll", "/api/v1/catalog", "/api/v1/reports/have",
              "/api/v1/reports/batch", "/api/v1/status-changes"):
        assert p in paths
    assert "WireReport" in doc["components"]["schemas"]


def test_same_id_twice_in_one_batch(central, device):
    report = sample_report(1)
    changed = rehash({**report, "title": "Versi lain dalam kelompok yang sama"})
    results = device.push([report, report, changed])
    assert [r["result"] for r in results] == ["accepted", "duplicate", "conflict"]
    assert results[0]["tracking_id"] == results[1]["tracking_id"]
    assert len(central.export()) == 1


@pytest.mark.parametrize("item", [
    {"id": "\ud800"},
    {"id": "0b6f0f7e-3f7c-4a57-9a43-4f1f6e0e8a11", "\udcff": 1},
])
def test_lone_surrogates_in_an_item_are_rejected_not_500(shared_device, item):
    # "\ud800" is a valid JSON escape but not UTF-8: echoing it back must not crash.
    r = shared_device.post("/reports/batch", raw=json.dumps({"reports": [item]}).encode())
    assert r.status_code == 200, r.text
    result = r.json()["results"][0]
    assert result["result"] == "rejected"
    assert result["id"] in ("?", item["id"])


@pytest.mark.parametrize("path", ["/enroll", "/reports/have", "/reports/batch"])
def test_json_nested_too_deep_is_invalid_json(shared_device, path):
    # 2,000 levels: deeper than any parser allows, and within enroll's 4 KB body cap.
    r = shared_device.post(path, raw=b"[" * 2_000 + b"]" * 2_000)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_json"


def test_export_pages_through_every_report_once_in_receipt_order(central, device):
    from lapor_central.service import export

    pushed = []
    for start in range(0, 7, 3):  # three batches: receipt times differ between them
        pushed += [r["tracking_id"] for r in device.push(
            [sample_report(n) for n in range(start, min(start + 3, 7))])]
    rows = list(export(central.database, page=2))
    assert [r["tracking_id"] for r in rows] == pushed
    assert len({r["id"] for r in rows}) == 7
