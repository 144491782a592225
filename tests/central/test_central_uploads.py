"""Attachments over tus 1.0.0: refusal before upload, interruption and resume, sha256 checks."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import time
from datetime import datetime
from urllib.parse import urlparse

import requests

from lapor_central.samples import attachment_meta, sample_report
from tests.central.conftest import Device, enrolled

TUS = {"Tus-Resumable": "1.0.0"}


def metadata(meta: dict, report_id: str, **override: str) -> str:
    values = {"filename": meta["file_name"], "filetype": meta["media_type"],
              "report_id": report_id, "attachment_id": meta["id"], "sha256": meta["sha256"]}
    values.update(override)
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(dev: Device, meta: dict, report_id: str, length: int | None = None,
           **override: str) -> requests.Response:
    size = meta["size"] if length is None else length
    headers = {**dev.headers, **TUS, "Upload-Length": str(size),
               "Upload-Metadata": metadata(meta, report_id, **override)}
    return requests.post(dev.central.api + "/files/", headers=headers, timeout=30)


def patch(dev: Device, location: str, offset: int, data: bytes) -> requests.Response:
    headers = {**dev.headers, **TUS, "Upload-Offset": str(offset),
               "Content-Type": "application/offset+octet-stream"}
    return requests.patch(location, data=data, headers=headers, timeout=60)


def head(dev: Device, location: str) -> requests.Response:
    return requests.head(location, headers={**dev.headers, **TUS}, timeout=30)


def pushed_with(dev: Device, *payloads: bytes) -> tuple[dict, list[dict]]:
    metas = [attachment_meta(p, file_name=f"foto{i}.jpg") for i, p in enumerate(payloads)]
    report = sample_report(1, attachments=metas)
    [res] = dev.push([report])
    assert res["result"] == "accepted", res
    return report, metas


def missing_attachments(dev: Device, report: dict) -> list[str]:
    r = dev.post("/reports/have", {"reports": [{"id": report["id"],
                                                "content_hash": report["content_hash"]}]})
    [known] = r.json()["known"]
    return known["missing_attachments"]


def send_partial_then_drop(location: str, dev: Device, offset: int, data: bytes,
                           sent: int) -> None:
    """A PATCH whose connection dies after ``sent`` of ``len(data)`` body bytes."""
    url = urlparse(location)
    head_lines = [f"PATCH {url.path} HTTP/1.1", f"Host: {url.netloc}",
                  f"Authorization: Bearer {dev.token}", "Tus-Resumable: 1.0.0",
                  f"Upload-Offset: {offset}", "Content-Type: application/offset+octet-stream",
                  f"Content-Length: {len(data)}", "", ""]
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall("\r\n".join(head_lines).encode() + data[:sent])
        time.sleep(0.5)  # let the server write what it got before the line drops


def offset_after_drop(dev: Device, location: str) -> int:
    """The server records what a dropped PATCH delivered when it notices the drop: ask
    until it has (bounded)."""
    for _ in range(50):
        h = head(dev, location)
        assert h.status_code == 200
        if int(h.headers["Upload-Offset"]) > 0:
            break
        time.sleep(0.1)
    return int(h.headers["Upload-Offset"])


def test_interrupted_upload_resumes_from_server_offset(central, device):
    payload = os.urandom(300_000)
    report, [meta] = pushed_with(device, payload)
    assert missing_attachments(device, report) == [meta["id"]]
    r = create(device, meta, report["id"])
    assert r.status_code == 201, r.text
    location = r.headers["Location"]

    send_partial_then_drop(location, device, 0, payload, 120_000)
    offset = offset_after_drop(device, location)
    assert 0 < offset <= 120_000
    # The server itself goes away and comes back: the offset survives.
    central.restart()
    h = head(device, location)
    assert int(h.headers["Upload-Offset"]) == offset
    assert int(h.headers["Upload-Length"]) == len(payload)

    r = patch(device, location, offset, payload[offset:])
    assert r.status_code == 204, r.text
    assert int(r.headers["Upload-Offset"]) == len(payload)
    stored = central.storage / "attachments" / report["id"] / meta["id"]
    assert stored.read_bytes() == payload
    assert missing_attachments(device, report) == []
    [row] = central.export()
    assert row["attachments"] == [{"id": meta["id"], "sha256": meta["sha256"],
                                   "size": len(payload), "received": True}]
    # Already received: a second upload is refused before any byte moves.
    assert create(device, meta, report["id"]).status_code == 409


def test_wrong_offset_is_409(device):
    payload = b"abc" * 1000
    report, [meta] = pushed_with(device, payload)
    location = create(device, meta, report["id"]).headers["Location"]
    assert patch(device, location, 10, payload[10:]).status_code == 409


def test_checksum_mismatch_is_discarded_and_stays_missing(central, device):
    payload = os.urandom(50_000)
    report, [meta] = pushed_with(device, payload)
    tampered = bytearray(payload)
    tampered[1000] ^= 0xFF
    location = create(device, meta, report["id"]).headers["Location"]
    r = patch(device, location, 0, bytes(tampered))
    assert r.status_code == 460
    assert r.json()["error"] == "checksum_mismatch"
    assert not (central.storage / "attachments" / report["id"] / meta["id"]).exists()
    assert missing_attachments(device, report) == [meta["id"]]
    assert head(device, location).status_code == 404
    # A correct upload afterwards is accepted.
    location = create(device, meta, report["id"]).headers["Location"]
    assert patch(device, location, 0, payload).status_code == 204
    assert missing_attachments(device, report) == []


def test_uploads_central_did_not_ask_for_are_refused(central, device):
    payload = b"%PDF-1.4 surat pengantar" * 10
    report, [meta] = pushed_with(device, payload)
    # Wrong declared size.
    r = create(device, meta, report["id"], length=len(payload) + 1)
    assert r.status_code == 422 and r.json()["error"] == "attachment.size_mismatch"
    # Unknown attachment / unknown report.
    other = attachment_meta(b"x")
    assert create(device, other, report["id"]).status_code == 404
    assert create(device, meta, sample_report(2)["id"]).status_code == 404
    # Declared sha256 differs from the report's.
    r = create(device, meta, report["id"], sha256=hashlib.sha256(b"lain").hexdigest())
    assert r.status_code == 422
    # Missing metadata.
    headers = {**device.headers, **TUS, "Upload-Length": str(meta["size"]),
               "Upload-Metadata": "filename " + base64.b64encode(b"a.pdf").decode()}
    r = requests.post(central.api + "/files/", headers=headers, timeout=10)
    assert r.status_code == 400
    # Another device may not upload into this device's report.
    stranger = enrolled(central)
    assert create(stranger, meta, report["id"]).status_code == 404
    # No token at all.
    r = requests.post(central.api + "/files/", timeout=10, headers={
        **TUS, "Upload-Length": str(meta["size"]), "Upload-Metadata": metadata(meta, report["id"])})
    assert r.status_code == 401
    assert list((central.storage / "uploads").glob("*.info")) == []


def test_oversize_attachment_is_413(start):

    c = start(max_attachment_bytes=10_000)
    try:
        dev = enrolled(c)
        big = attachment_meta(b"y" * 10_001)
        [res] = dev.push([sample_report(1, attachments=[big])])
        assert res["result"] == "rejected"
        assert res["errors"][0]["code"] == "attachment.too_large"
        r = create(dev, big, sample_report(2)["id"])
        assert r.status_code == 413
        ok = attachment_meta(b"y" * 10_000)
        report = sample_report(3, attachments=[ok])
        assert dev.push([report])[0]["result"] == "accepted"
        location = create(dev, ok, report["id"]).headers["Location"]
        # More bytes than declared are refused too.
        r = patch(dev, location, 0, b"y" * 10_001)
        assert 400 <= r.status_code < 500
    finally:
        c.stop()


def test_zero_byte_attachment(central, device):
    report, [meta] = pushed_with(device, b"")
    r = create(device, meta, report["id"])
    assert r.status_code == 201
    assert missing_attachments(device, report) == []


def test_expired_uploads_answer_410_and_are_removed_at_start_up(central, device):
    from sqlalchemy import update

    from lapor_central.models import Upload

    payload = os.urandom(10_000)
    report, [meta] = pushed_with(device, payload)
    old = create(device, meta, report["id"]).headers["Location"]
    fresh = create(device, meta, report["id"])
    assert fresh.headers["Upload-Expires"].endswith("GMT")
    fresh = fresh.headers["Location"]
    uploads = central.storage / "uploads"
    old_id = old.rstrip("/").rsplit("/", 1)[1]
    assert patch(device, old, 0, payload[:4000]).status_code == 204
    assert (uploads / old_id).exists()
    with central.database.write() as s:
        s.execute(update(Upload).where(Upload.id == old_id)
                  .values(expires_at=datetime(2020, 1, 1)))
    assert head(device, old).status_code == 410
    assert patch(device, old, 0, payload).status_code == 410
    central.restart()
    assert not (uploads / old_id).exists()
    assert head(device, old).status_code == 404
    assert head(device, fresh).status_code == 200


def test_creation_with_upload_is_refused(central, device):
    payload = b"data" * 100
    report, [meta] = pushed_with(device, payload)
    headers = {**device.headers, **TUS, "Upload-Length": str(len(payload)),
               "Upload-Metadata": metadata(meta, report["id"]),
               "Content-Type": "application/offset+octet-stream"}
    r = requests.post(central.api + "/files/", headers=headers, data=payload, timeout=10)
    assert r.status_code == 400 and r.json()["error"] == "upload.body_not_allowed"
    assert missing_attachments(device, report) == [meta["id"]]
