"""Round two of the trust boundary (issue 17, section 1, findings 2–7): bounded error
answers and refused-request limits, row-locked status changes, ownership bound to the
enrolled region, atomic attempt counters, canonical ids, and small leaks and 500s.

Concurrency findings run on SQLite and on PostgreSQL (the ``start``/``central`` fixtures).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

import requests

from lapor_central.samples import attachment_meta, rehash, sample_report
from tests.central.conftest import enrolled
from tests.central.test_central_uploads import TUS, create, metadata, patch

MAX_ERROR_BODY = 16 * 1024


def run_at_once(n: int, fn: Callable[[int], Any]) -> list[Any]:
    """``fn(i)`` in ``n`` threads released together; results or raised exceptions."""
    barrier = threading.Barrier(n)
    out: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(20)
            out[i] = fn(i)
        except BaseException as exc:  # collected, judged by the caller
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return out


# --------------------------------------------------------------------------- finding 2

def test_huge_unknown_member_object_gets_a_small_answer(shared_central):
    body = {f"m{i}": i for i in range(80_000)}
    r = requests.post(shared_central.api + "/enroll", json=body, timeout=60)
    assert r.status_code == 413 and len(r.content) <= MAX_ERROR_BODY  # refused unparsed
    body = {f"m{i}": i for i in range(300)}  # small enough to parse: 10 errors at most
    r = requests.post(shared_central.api + "/enroll", json=body, timeout=60)
    assert r.status_code == 422 and len(r.content) <= MAX_ERROR_BODY
    errors = r.json()["errors"]
    assert 0 < len(errors) <= 10 and errors[0]["code"] == "extra_forbidden"


def test_have_longer_than_the_batch_limit_is_413_before_validation(shared_device):
    entries = [{"id": str(uuid.uuid4()), "content_hash": "0" * 64} for _ in range(30_000)]
    r = shared_device.post("/reports/have", {"reports": entries})
    assert r.status_code == 413 and r.json()["error"] == "too_many"
    bad = [{"id": i, "content_hash": []} for i in range(400)]  # 800 field errors
    r = shared_device.post("/reports/have", {"reports": bad})
    assert r.status_code == 422 and len(r.json()["errors"]) <= 10
    assert len(r.content) <= MAX_ERROR_BODY


def test_an_address_with_many_refused_requests_is_told_to_wait(start):
    c = start(refused_per_minute=5)
    for _ in range(5):
        r = requests.post(c.api + "/enroll", data=b"not json", timeout=10)
        assert r.status_code == 400
    r = requests.get(c.api + "/ping", timeout=10)
    assert r.status_code == 429 and r.json()["error"] == "too_many_refused"
    assert int(r.headers["Retry-After"]) >= 1
    # The desk is not under the API's limit.
    assert requests.get(c.url + "/desk/masuk", timeout=10).status_code == 200


# --------------------------------------------------------------------------- finding 3

def test_simultaneous_desk_actions_on_one_report_let_one_through(central):
    from lapor_central.desk import reports as desk_reports
    from lapor_central.desk.staff import add_staff
    from lapor_central.models import StatusEvent

    agencies = {"dpupr-sintang": "DPUPR", "dinkes-sintang": "Dinkes"}
    admin = add_staff(central.database, "admin", "kabupaten", "kopi-hitam-Sintang-2026!",
                      agencies=set(agencies))
    dev = enrolled(central)
    [res] = dev.push([sample_report(1)])
    rid = res["id"]
    keys = ["tunda", "arsipkan", "verifikasi", "bukan_wewenang", "tindak_lanjut"] * 2

    def act(i: int) -> Any:
        return desk_reports.perform(central.database, admin, rid, keys[i],
                                    "Catatan tindakan bersamaan", None, agencies,
                                    seen="diterima")  # what every page showed

    out = run_at_once(10, act)
    done = [o for o in out if isinstance(o, dict)]
    refused = [o for o in out if isinstance(o, desk_reports.ActionRefused)]
    assert len(done) == 1 and len(refused) == 9, out
    with central.database.read() as s:
        events = s.query(StatusEvent).filter_by(report_id=rid).count()
    assert events == 2  # diterima, then the one action


def test_simultaneous_advances_from_the_same_status_let_one_through(central):
    from lapor_central.service import advance

    dev = enrolled(central)
    [res] = dev.push([sample_report(1)])
    out = run_at_once(8, lambda i: advance(central.database, res["tracking_id"], "ditunda",
                                           note="Menunggu anggaran"))
    assert sum(isinstance(o, dict) for o in out) == 1, out
    changes = dev.get("/status-changes").json()["changes"]
    assert [c["status"] for c in changes] == ["diterima", "ditunda"]


# --------------------------------------------------------------------------- finding 4

def test_a_device_id_seen_as_relayed_origin_cannot_be_squatted(central):
    kec = enrolled(central, "61.05.01")
    relayed = rehash(sample_report(1, region_code="61.05.01.1001", origin={
        "device_id": "desa-1001-laptop", "region_code": "61.05.01.1001"}))
    [res] = kec.push([relayed])
    assert res["result"] == "accepted"
    central.advance(res["tracking_id"], "terverifikasi", note="Catatan rahasia dinas")
    squatter = enrolled(central, "61.05.02.2001", device_id="desa-1001-laptop")
    r = squatter.post("/reports/have", {"reports": [
        {"id": relayed["id"], "content_hash": relayed["content_hash"]}]})
    assert r.json() == {"missing": [relayed["id"]], "known": [], "conflicts": []}
    assert squatter.get("/status-changes").json()["changes"] == []
    meta = attachment_meta(b"x" * 100)
    assert create(squatter, meta, relayed["id"]).status_code == 404
    # The kecamatan that relayed it still follows it.
    assert [c["status"] for c in kec.get("/status-changes").json()["changes"]] == [
        "diterima", "terverifikasi"]


def test_the_maker_still_owns_its_report_by_id_and_region(central):
    dev = enrolled(central, "61.05.01.2008")
    [res] = dev.push([sample_report(1)])
    assert res["result"] == "accepted"
    r = dev.post("/reports/have", {"reports": [{"id": res["id"],
                                                "content_hash": "0" * 64}]})
    assert r.json()["conflicts"] == [res["id"]]


# --------------------------------------------------------------------------- finding 5

def test_simultaneous_wrong_passwords_check_at_most_five(start):
    from lapor_central.desk.staff import MAX_FAILURES, LoginLocked, add_staff, sign_in

    c = start()
    db = c.database
    add_staff(db, "rina", "kabupaten", "kopi-hitam-Sintang-2026!")
    out = run_at_once(12, lambda i: sign_in(db, "rina", f"tebakan-salah-{i}"))
    checked = [o for o in out if o is None]
    locked = [o for o in out if isinstance(o, LoginLocked)]
    assert len(checked) <= MAX_FAILURES and len(checked) + len(locked) == 12, out
    try:
        sign_in(db, "rina", "kopi-hitam-Sintang-2026!")
    except LoginLocked:
        pass
    else:
        raise AssertionError("the right password got in while the name is locked")


def test_simultaneous_wrong_enrolment_codes_check_at_most_ten(start):
    c = start()

    def guess(i: int) -> int:
        r = requests.post(c.api + "/enroll", timeout=60, json={
            "code": f"WRONG-CODE-{i:04d}", "device_id": f"tebak-{i}", "device_name": "x",
            "region_code": "61.05.01.2008"})
        return r.status_code

    out = run_at_once(40, guess)
    assert all(isinstance(o, int) for o in out), out
    assert out.count(403) <= 10 and out.count(403) + out.count(429) == 40, out
    assert "Traceback" not in c.log()


# --------------------------------------------------------------------------- finding 6

def test_other_spellings_of_an_existing_id_are_rejected(central, device):
    report = sample_report(1)
    [first] = device.push([report])
    assert first["result"] == "accepted"
    hexid = report["id"].replace("-", "")
    for other in (report["id"].upper(), "{" + report["id"] + "}", "urn:" + hexid,
                  "{" + hexid + "}"):
        variant = device.claim(rehash({**report, "id": other, "title": "Isi lain sama sekali"}))
        [res] = device.push([variant])
        assert res["result"] == "rejected" and res["tracking_id"] is None, (other, res)
        assert any(e["field"] == "id" for e in res["errors"])
    assert len(central.export()) == 1


# --------------------------------------------------------------------------- finding 7

def test_batch_answers_for_another_devices_id_as_have_does(central):
    owner, other = enrolled(central), enrolled(central, "61.05.01.2009")
    report = sample_report(1)
    [res] = owner.push([report])
    assert res["result"] == "accepted"
    same = dict(report)  # the owner's report exactly, origin included
    changed = rehash({**report, "region_code": "61.05.01.2009", "title": "Isi yang lain",
                      "origin": {"device_id": other.device_id,
                                 "region_code": "61.05.01.2009"}})
    answers = [other.push([x])[0] for x in (same, changed)]
    assert [a["result"] for a in answers] == ["conflict", "conflict"]
    assert all(a["tracking_id"] is None and a["status"] is None for a in answers)
    assert answers[0] == answers[1]
    r = other.post("/reports/have", {"reports": [{"id": same["id"],
                                                  "content_hash": same["content_hash"]}]})
    assert r.json()["missing"] == [same["id"]]


def test_non_ascii_digits_in_tus_headers_are_400(shared_device):
    dev = shared_device
    report = sample_report(1, attachments=[attachment_meta(b"abc")])
    [res] = dev.push([report])
    meta = report["attachments"][0]
    headers = {**dev.headers, **TUS, "Upload-Length": "\u00b2",
               "Upload-Metadata": metadata(meta, res["id"])}
    r = requests.post(dev.central.api + "/files/", headers=headers, timeout=30)
    assert r.status_code == 400
    location = create(dev, meta, res["id"]).headers["Location"]
    r = requests.patch(location, data=b"abc", timeout=30, headers={
        **dev.headers, **TUS, "Upload-Offset": "\u00b2",
        "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 400
    assert patch(dev, location, 0, b"abc").status_code == 204


def test_utf16_body_is_400(shared_device):
    body = json.dumps({"reports": []}).encode("utf-16")
    for path in ("/reports/have", "/reports/batch"):
        r = shared_device.post(path, raw=body)
        assert r.status_code == 400 and r.json()["error"] == "invalid_json", r.text


def _wrong_enrolment(c, forwarded_for: str) -> int:
    return requests.post(c.api + "/enroll", timeout=30, headers={
        "X-Forwarded-For": forwarded_for}, json={
        "code": "WRONG-CODE", "device_id": "tebak", "device_name": "x",
        "region_code": "61.05.01.2008"}).status_code


def test_forwarded_for_is_believed_only_from_named_proxies(start):
    c = start()
    assert [_wrong_enrolment(c, f"10.0.0.{i}") for i in range(10)] == [403] * 10
    assert _wrong_enrolment(c, "10.0.0.99") == 429  # one client, whatever it claims
    proxied = start(forwarded_allow_ips="127.0.0.1")
    assert [_wrong_enrolment(proxied, "10.0.0.1") for _ in range(10)] == [403] * 10
    assert _wrong_enrolment(proxied, "10.0.0.1") == 429
    assert _wrong_enrolment(proxied, "10.0.0.2") == 403  # another client behind the proxy
