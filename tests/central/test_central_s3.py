"""Attachments on S3-compatible object storage (issue 17, section 3), against a real S3 HTTP
server on 127.0.0.1 (moto's server mode, tests/support/s3.py).

* an upload that drops midway resumes and is filed whole, verified, as one object; no part
  and no local file outlives it;
* a PATCH whose lease ran out changes nothing on S3 either (finding 1);
* two ``serve`` processes with their own work directories share one PostgreSQL database
  and one bucket: an upload begun on the first (which is then killed mid-PATCH) is
  finished on the second, nothing is half-visible in between, and the desk of either
  streams the attachment.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
import uuid

import pytest
import requests

from tests.central.conftest import Device, enrolled
from tests.central.test_central_tus_trust import slow_patch, wait_leased
from tests.central.test_central_upload_fencing import stale_patch_changes_nothing
from tests.central.test_central_uploads import (
    create,
    head,
    missing_attachments,
    offset_after_drop,
    patch,
    pushed_with,
    send_partial_then_drop,
)
from tests.desk.conftest import Desk
from tests.support import pg
from tests.support.central import start_central
from tests.support.s3 import Bucket

pytestmark = pytest.mark.slow


def on_s3(tmp_path, bucket: Bucket, **options):
    return start_central(tmp_path, storage=bucket.url, env=bucket.server.env,
                         work_dir=str(tmp_path / f"work-{os.urandom(3).hex()}"), **options)


def test_upload_to_s3_resumes_and_is_filed_whole(tmp_path, bucket):
    c = on_s3(tmp_path, bucket)
    try:
        dev = enrolled(c)
        payload = os.urandom(300_000)
        report, [meta] = pushed_with(dev, payload)
        location = create(dev, meta, report["id"]).headers["Location"]
        send_partial_then_drop(location, dev, 0, payload, 120_000)
        offset = offset_after_drop(dev, location)
        assert 0 < offset <= 120_000
        upload_id = location.rstrip("/").rsplit("/", 1)[1]
        assert bucket.listed("attachments/") == []  # nothing filed before it is whole
        assert all(k.startswith(f"uploads/{upload_id}/") for k in bucket.listed())
        c.restart()  # no local state: the offset and the part live in the DB and bucket
        assert int(head(dev, location).headers["Upload-Offset"]) == offset
        r = patch(dev, location, offset, payload[offset:])
        assert r.status_code == 204, r.text
        key = f"attachments/{report['id']}/{meta['id']}"
        assert bucket.listed() == [key]  # the parts are gone, one whole object remains
        assert hashlib.sha256(bucket.read(key)).hexdigest() == meta["sha256"]
        assert missing_attachments(dev, report) == []
        work = [p for p in (tmp_path).glob("work-*/*")]
        assert work == []  # spool and assembly files removed
    finally:
        c.stop()


def test_checksum_mismatch_on_s3_files_nothing(tmp_path, bucket):
    c = on_s3(tmp_path, bucket)
    try:
        dev = enrolled(c)
        payload = os.urandom(20_000)
        report, [meta] = pushed_with(dev, payload)
        location = create(dev, meta, report["id"]).headers["Location"]
        tampered = payload[:-1] + bytes([payload[-1] ^ 1])
        assert patch(dev, location, 0, tampered).status_code == 460
        assert bucket.listed() == []
        assert missing_attachments(dev, report) == [meta["id"]]
    finally:
        c.stop()


@pytest.mark.parametrize("a_then", ["drops", "sends_the_rest"])
def test_a_stale_patch_changes_nothing_on_s3(tmp_path, bucket, a_then, monkeypatch):
    monkeypatch.setenv("LAPOR_CENTRAL_UPLOAD_LEASE_S", "1")
    c = on_s3(tmp_path, bucket)
    try:
        stale_patch_changes_nothing(c, a_then, lambda report, meta: bucket.read(
            f"attachments/{report['id']}/{meta['id']}"))
        assert [k for k in bucket.listed() if not k.startswith("attachments/")] == []
    finally:
        c.stop()


def _desk_download(desk: Desk, report_id: str, attachment_id: str) -> requests.Response:
    client = desk.client("admin")
    return client.get(f"/desk/laporan/{report_id}/lampiran/{attachment_id}")


def test_desk_streams_attachments_from_either_backend(tmp_path, bucket):
    for start in (lambda: start_central(tmp_path), lambda: on_s3(tmp_path, bucket)):
        c = start()
        desk = None
        try:
            desk = Desk(c)
            dev = enrolled(c)
            payload = os.urandom(150_000)
            report, [meta] = pushed_with(dev, payload)
            location = create(dev, meta, report["id"]).headers["Location"]
            assert patch(dev, location, 0, payload).status_code == 204
            r = _desk_download(desk, report["id"], meta["id"])
            assert r.status_code == 200, c.storage_url
            assert r.content == payload
            assert r.headers["content-length"] == str(len(payload))
            assert r.headers["content-type"] == "image/jpeg"
            # Both backends send the same sanitised RFC 6266 header.
            assert r.headers["content-disposition"] == \
                "inline; filename=\"foto0.jpg\"; filename*=UTF-8''foto0.jpg"
            assert "default-src 'none'" in r.headers["content-security-policy"]
            missing = _desk_download(desk, report["id"], str(uuid.uuid4()))
            assert missing.status_code == 404
        finally:
            for client in desk.clients if desk else []:
                client.close()
            c.stop()


@pytest.mark.postgres
def test_upload_begun_on_one_machine_is_finished_on_another(tmp_path, bucket, pg_cluster,
                                                            pg_template, monkeypatch):
    """One PostgreSQL, one bucket, two ``serve`` processes with their own work directories;
    the first is killed while a PATCH streams into it."""
    monkeypatch.setenv("LAPOR_CENTRAL_UPLOAD_LEASE_S", "2")
    db_url = pg.new_database(pg_cluster, template=pg_template)
    first = on_s3(tmp_path, bucket, db_url=db_url)
    second = on_s3(tmp_path, bucket, db_url=db_url)
    try:
        dev = enrolled(first)
        payload = os.urandom(400_000)
        report, [meta] = pushed_with(dev, payload)
        location = create(dev, meta, report["id"]).headers["Location"]
        assert patch(dev, location, 0, payload[:100_000]).status_code == 204
        on_second = location.replace(first.url, second.url)
        assert int(head(dev, on_second).headers["Upload-Offset"]) == 100_000
        # A PATCH streams into the first machine, which dies holding the lease.
        sock = _leased_at(first, dev, location, payload, 100_000)
        first.kill()
        sock.close()
        assert bucket.listed("attachments/") == []  # nothing half-visible
        statuses = []
        for _ in range(60):  # bounded: the dead machine's 2 s lease runs out
            offset = int(head(dev, on_second).headers["Upload-Offset"])
            r = patch(dev, on_second, offset, payload[offset:])
            statuses.append(r.status_code)
            if r.status_code != 409:
                break
            time.sleep(0.2)
        assert statuses[-1] == 204, statuses
        key = f"attachments/{report['id']}/{meta['id']}"
        assert bucket.listed() == [key]
        assert hashlib.sha256(bucket.read(key)).hexdigest() == meta["sha256"]
        assert missing_attachments(Device(second, dev.token, dev.device_id,
                                          dev.region_code), report) == []
        first.start()  # the other machine serves the attachment from the bucket too
        desk = Desk(first)
        r = _desk_download(desk, report["id"], meta["id"])
        assert r.status_code == 200 and r.content == payload
        for client in desk.clients:
            client.close()
    finally:
        first.stop()
        second.stop()


def _leased_at(c, dev, location: str, payload: bytes, offset: int) -> socket.socket:
    """A PATCH from ``offset`` that sent 50,000 bytes and holds the lease."""
    s = slow_patch(location, dev, len(payload) - offset, 50_000, offset=offset)
    wait_leased(c, location)
    return s

