"""A PATCH whose lease ran out changes nothing (issue 17, finding 1).

PATCH A announces the whole file, sends 100 bytes and stalls; its lease runs out, PATCH B
delivers the whole file and the attachment is verified and filed. When A then drops (its
handler still holds what it read) or sends the rest of its body, neither the upload nor
the verified attachment may change.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable

import pytest

from lapor_central.models import Upload
from tests.central.conftest import enrolled
from tests.central.test_central_tus_trust import leased_upload
from tests.central.test_central_uploads import head, missing_attachments, patch

SIZE = 4096


def _lease_runs_out_then_b_delivers(c, dev, payload: bytes) -> str:
    """B's PATCH, retried while A's lease holds (bounded), until it is taken: 204."""
    statuses = []
    for _ in range(60):
        r = patch(dev, c.location, 0, payload)
        statuses.append(r.status_code)
        if r.status_code != 409:
            break
        time.sleep(0.1)
    assert statuses[-1] == 204, statuses
    return r.headers["Upload-Offset"]


def _attachment_bytes(c, report: dict, meta: dict) -> bytes:
    return (c.storage / "attachments" / report["id"] / meta["id"]).read_bytes()


def _lease_free(c) -> bool:
    upload_id = c.location.rstrip("/").rsplit("/", 1)[1]
    with c.database.read() as s:
        row = s.get(Upload, upload_id)
        return row is None or row.lease_token is None


def stale_patch_changes_nothing(c, a_then: str,
                                read_attachment: Callable[[dict, dict], bytes]) -> None:
    """The scenario of finding 1 on a started server ``c`` (lease of 1 s)."""
    dev = enrolled(c)
    payload = os.urandom(SIZE)
    report, location, a = leased_upload(c, dev, payload, 100)
    c.location = location
    meta = report["attachments"][0]
    try:
        assert _lease_runs_out_then_b_delivers(c, dev, payload) == str(SIZE)
        assert hashlib.sha256(read_attachment(report, meta)).hexdigest() == meta["sha256"]
        assert missing_attachments(dev, report) == []
        if a_then == "drops":
            a.close()
        else:
            a.sendall(payload[100:])
            answer = a.recv(4096)
            assert answer.startswith(b"HTTP/1.1 409"), answer[:200]
    finally:
        a.close()
    # A's handler runs to its end: wait (bounded) until nothing holds a lease, then a little
    # more for a write that would follow it.
    for _ in range(50):
        if _lease_free(c):
            break
        time.sleep(0.1)
    time.sleep(0.5)
    stored = read_attachment(report, meta)
    assert len(stored) == SIZE
    assert hashlib.sha256(stored).hexdigest() == meta["sha256"]
    h = head(dev, location)
    assert h.headers["Upload-Offset"] == h.headers["Upload-Length"] == str(SIZE)
    assert missing_attachments(dev, report) == []


@pytest.mark.parametrize("a_then", ["drops", "sends_the_rest"])
def test_a_stale_patch_cannot_touch_a_verified_attachment(start, a_then):
    mp = pytest.MonkeyPatch()
    mp.setenv("LAPOR_CENTRAL_UPLOAD_LEASE_S", "1")
    try:
        c = start()
    finally:
        mp.undo()
    stale_patch_changes_nothing(c, a_then, lambda report, meta: _attachment_bytes(c, report,
                                                                                  meta))
    # The verified file is read-only: nothing may open it for writing again.
    [row] = c.export()
    path = c.storage / "attachments" / row["id"] / row["attachments"][0]["id"]
    assert not path.stat().st_mode & 0o222
