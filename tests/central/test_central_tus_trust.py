"""The tus endpoint as a trust boundary: authentication and ownership before a byte is
read, no method override, no internal file addressable, concurrent PATCHes refused at
once, a dead worker's lease freeing itself. One test per probe that once got through."""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
from urllib.parse import urlparse

import pytest
import requests

from tests.central.conftest import enrolled
from tests.central.test_central_uploads import TUS, create, head, patch, pushed_with


def upload_dir(central, location: str):
    """Where the parts of an upload are stored (one file per PATCH that counted)."""
    return central.storage / "uploads" / location.rstrip("/").rsplit("/", 1)[1]


def stored_bytes(central, location: str) -> int:
    folder = upload_dir(central, location)
    return sum(p.stat().st_size for p in folder.iterdir()) if folder.exists() else 0


def raw_request(central, method: str, path: str, headers: dict[str, str],
                body: bytes = b"") -> int:
    """A request sent exactly as written (no client-side path normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", central.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in {**headers, "Content-Length": str(len(body))}.items():
            conn.putheader(k, v)
        conn.endheaders(body or None)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def test_patch_without_or_with_a_wrong_token_writes_nothing(central, device):
    payload = os.urandom(40_000)
    report, [meta] = pushed_with(device, payload)
    location = create(device, meta, report["id"]).headers["Location"]
    path = urlparse(location).path
    base = {**TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
    for auth in ({}, {"Authorization": "Bearer salah"}, {"Authorization": "Basic eDp5"}):
        assert raw_request(central, "PATCH", path, {**base, **auth}, payload) == 401
        assert stored_bytes(central, location) == 0
    for method in ("HEAD", "DELETE"):
        assert raw_request(central, method, path, TUS) == 401
    assert int(head(device, location).headers["Upload-Offset"]) == 0


def test_another_devices_upload_is_404_and_untouched(central, device):
    payload = os.urandom(30_000)
    report, [meta] = pushed_with(device, payload)
    location = create(device, meta, report["id"]).headers["Location"]
    assert patch(device, location, 0, payload[:10_000]).status_code == 204
    for stranger in (enrolled(central, "61.05.01.2009"), enrolled(central, "61.05.02")):
        assert head(stranger, location).status_code == 404
        assert patch(stranger, location, 10_000, payload[10_000:]).status_code == 404
        r = requests.delete(location, headers={**stranger.headers, **TUS}, timeout=10)
        assert r.status_code == 404 and r.json()["error"] == "upload.not_found"
    assert int(head(device, location).headers["Upload-Offset"]) == 10_000
    assert stored_bytes(central, location) == 10_000


def test_internal_files_and_malformed_ids_are_404_never_5xx(central, device):
    payload = b"z" * 1000
    report, [meta] = pushed_with(device, payload)
    location = create(device, meta, report["id"]).headers["Location"]
    path = urlparse(location).path
    auth = {**device.headers, **TUS}
    for bad in (path + ".info", path + "/../x", "/api/v1/files/.", "/api/v1/files/%00",
                "/api/v1/files/..%2f..%2fcentral.db", "/api/v1/files/" + "a" * 31,
                "/api/v1/files/" + "A" * 32, "/api/v1/files/%2e%2e"):
        for method in ("HEAD", "DELETE", "PATCH"):
            extra = {"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
            status = raw_request(central, method, bad, {**auth, **extra})
            assert status in (404, 405), (method, bad, status)
    assert head(device, location).status_code == 200


def test_method_override_is_ignored_and_creation_never_takes_a_body(tmp_path, start):
    c = start(max_attachment_bytes=20_000)
    dev = enrolled(c)
    payload = os.urandom(20_000)
    report, [meta] = pushed_with(dev, payload)
    big = os.urandom(25_000)
    base = {**dev.headers, **TUS, "Upload-Length": str(len(payload)),
            "Content-Type": "application/offset+octet-stream"}
    from tests.central.test_central_uploads import metadata
    base["Upload-Metadata"] = metadata(meta, report["id"])
    for method, override in (("PATCH", "POST"), ("POST", "PATCH"), ("PUT", "POST"),
                             ("POST", "POST")):
        r = requests.request(method, c.api + "/files/", data=big, timeout=10,
                             headers={**base, "X-HTTP-Method-Override": override})
        assert 400 <= r.status_code < 500, (method, override, r.status_code)
    over = {**base, "Upload-Length": str(len(big))}
    r = requests.post(c.api + "/files/", headers=over, timeout=10)
    assert r.status_code == 413
    assert [p for p in (c.storage / "uploads").iterdir()] == []


def slow_patch(location: str, dev, total: int, first: int, offset: int = 0) -> socket.socket:
    """Open a PATCH at ``offset`` announcing ``total`` bytes and send only ``first``."""
    url = urlparse(location)
    lines = [f"PATCH {url.path} HTTP/1.1", f"Host: {url.netloc}",
             f"Authorization: Bearer {dev.token}", "Tus-Resumable: 1.0.0",
             f"Upload-Offset: {offset}",
             "Content-Type: application/offset+octet-stream", f"Content-Length: {total}", "", ""]
    s = socket.create_connection((url.hostname, url.port), timeout=10)
    s.sendall("\r\n".join(lines).encode() + b"x" * first)
    return s


def wait_leased(central, location: str) -> None:
    """Until the request being written holds the upload's lease (bounded)."""
    from lapor_central.models import Upload

    upload_id = location.rstrip("/").rsplit("/", 1)[1]
    for _ in range(100):
        with central.database.read() as s:
            if s.get(Upload, upload_id).lease_until is not None:
                return
        time.sleep(0.1)
    raise AssertionError("the slow PATCH never took the lease")


def leased_upload(central, dev, payload: bytes, first: int):
    """An upload whose PATCH is being written (``first`` bytes sent, the rest held back):
    the report, the upload URL and the open socket of that PATCH."""
    report, [meta] = pushed_with(dev, payload)
    location = create(dev, meta, report["id"]).headers["Location"]
    s = slow_patch(location, dev, len(payload), first)
    try:
        wait_leased(central, location)
    except BaseException:
        s.close()
        raise
    return report, location, s


def test_second_patch_is_409_at_once_and_nothing_else_waits(central, device):
    payload = b"x" * 200_000
    report, location, s = leased_upload(central, device, payload, 50_000)
    try:
        r = patch(device, location, 0, payload)
        assert r.status_code == 409 and r.json()["error"] == "upload.locked"
        r = requests.delete(location, headers={**device.headers, **TUS}, timeout=10)
        assert r.status_code == 409 and r.json()["error"] == "upload.locked"
        # The server keeps answering everyone else while the slow body trickles.
        results: list[int] = []

        def ping() -> None:
            results.append(requests.get(central.api + "/ping", timeout=5).status_code)

        threads = [threading.Thread(target=ping) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert results == [200] * 5
        assert device.get("/catalog").status_code == 200
        s.sendall(b"x" * (len(payload) - 50_000))
        assert s.recv(4096).startswith(b"HTTP/1.1 204")
    finally:
        s.close()
    assert missing_after(device, report) == []


def missing_after(dev, report) -> list[str]:
    from tests.central.test_central_uploads import missing_attachments

    return missing_attachments(dev, report)


def test_lease_of_a_killed_worker_frees_itself(start):
    mp = pytest.MonkeyPatch()
    mp.setenv("LAPOR_CENTRAL_UPLOAD_LEASE_S", "2")
    try:
        c = start()
    finally:
        mp.undo()
    dev = enrolled(c)
    payload = b"y" * 100_000
    report, location, s = leased_upload(c, dev, payload, 10_000)
    try:
        c.kill()  # the worker dies holding the lease
    finally:
        s.close()
    mp.setenv("LAPOR_CENTRAL_UPLOAD_LEASE_S", "2")
    try:
        c.start()
    finally:
        mp.undo()
    statuses = []
    for _ in range(60):  # bounded: the 2 s lease runs out
        r = patch(dev, location, 0, payload)
        statuses.append(r.status_code)
        if r.status_code != 409:
            break
        time.sleep(0.2)
    assert statuses[-1] == 204, statuses
    assert missing_after(dev, report) == []


def test_options_advertises_only_what_is_supported(central):
    r = requests.options(central.api + "/files/", timeout=10)
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) == {
        "creation", "termination", "checksum", "expiration"}
    assert r.headers["Tus-Checksum-Algorithm"] == "sha256"
    assert int(r.headers["Tus-Max-Size"]) > 0


def test_deferred_length_concatenation_and_missing_version_are_refused(central, device):
    payload = b"q" * 100
    report, [meta] = pushed_with(device, payload)
    from tests.central.test_central_uploads import metadata

    base = {**device.headers, "Upload-Metadata": metadata(meta, report["id"])}
    r = requests.post(central.api + "/files/", headers={**base, **TUS,
                      "Upload-Defer-Length": "1"}, timeout=10)
    assert r.status_code == 400
    r = requests.post(central.api + "/files/", headers={**base, **TUS,
                      "Upload-Concat": "partial", "Upload-Length": "100"}, timeout=10)
    assert r.status_code == 400
    r = requests.post(central.api + "/files/", headers={**base, "Upload-Length": "100"},
                      timeout=10)
    assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"


def test_chunk_checksum_and_termination(central, device):
    import base64
    import hashlib

    payload = os.urandom(64_000)
    report, [meta] = pushed_with(device, payload)
    location = create(device, meta, report["id"]).headers["Location"]
    half = payload[:32_000]
    good = "sha256 " + base64.b64encode(hashlib.sha256(half).digest()).decode()
    bad = "sha256 " + base64.b64encode(hashlib.sha256(b"lain").digest()).decode()
    hdrs = {**device.headers, **TUS, "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream"}
    r = requests.patch(location, data=half, headers={**hdrs, "Upload-Checksum": bad}, timeout=10)
    assert r.status_code == 460
    assert int(head(device, location).headers["Upload-Offset"]) == 0
    r = requests.patch(location, data=half, headers={**hdrs, "Upload-Checksum": "md5 AAAA"},
                       timeout=10)
    assert r.status_code == 400
    r = requests.patch(location, data=half, headers={**hdrs, "Upload-Checksum": good},
                       timeout=10)
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "32000"
    r = requests.delete(location, headers={**device.headers, **TUS}, timeout=10)
    assert r.status_code == 204
    assert head(device, location).status_code == 404
    assert not upload_dir(central, location).exists()


def test_head_of_a_finished_upload_reports_the_full_length(central, device):
    payload = os.urandom(5000)
    report, [meta] = pushed_with(device, payload)
    location = create(device, meta, report["id"]).headers["Location"]
    assert patch(device, location, 0, payload).status_code == 204
    h = head(device, location)
    assert h.status_code == 200
    assert h.headers["Upload-Offset"] == h.headers["Upload-Length"] == "5000"
    again = patch(device, location, 5000, b"")
    assert again.status_code == 204 and again.headers["Upload-Offset"] == "5000"
