"""Scale-out: ``serve --workers 2``. Several clients push reports and upload attachments at
once; every report is created exactly once and every attachment arrives intact, whichever
worker process each request reached (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import hashlib
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from lapor_central.samples import attachment_meta, sample_report
from tests.central.conftest import enrolled
from tests.central.test_central_concurrency import check_same_batch_twice
from tests.central.test_central_uploads import create, head, patch

pytestmark = pytest.mark.slow

VILLAGES = ["61.05.01.2008", "61.05.01.2009", "61.05.01.2010", "61.05.01.2011"]


def _client_run(dev, n_batches: int, per_batch: int) -> list[tuple[dict, dict, bytes]]:
    """Push ``n_batches`` batches (each twice: the replay must answer duplicate), then
    upload every attachment in two PATCHes."""
    made: list[tuple[dict, dict, bytes]] = []
    for b in range(n_batches):
        batch = []
        for i in range(per_batch):
            data = os.urandom(8_000 + i * 100)
            meta = attachment_meta(data)
            report = dev.claim(sample_report(b * 100 + i, attachments=[meta],
                                             region_code=dev.region_code))
            batch.append(report)
            made.append((report, meta, data))
        first = dev.push(batch)
        assert {r["result"] for r in first} == {"accepted"}, first[:1]
        again = dev.push(batch)
        assert [r["tracking_id"] for r in again] == [r["tracking_id"] for r in first]
    for report, meta, data in made:
        location = create(dev, meta, report["id"]).headers["Location"]
        half = len(data) // 2
        assert patch(dev, location, 0, data[:half]).status_code == 204
        assert int(head(dev, location).headers["Upload-Offset"]) == half
        assert patch(dev, location, half, data[half:]).status_code == 204
    return made


def worker_pids(central) -> set[str]:
    return set(re.findall(r"Started server process \[(\d+)\]", central.log()))


def test_several_clients_into_two_workers_deliver_everything_once(start):
    c = start(workers=2)
    for _ in range(100):  # both workers up (bounded)
        if len(worker_pids(c)) == 2:
            break
        time.sleep(0.1)
    assert len(worker_pids(c)) == 2
    devices = [enrolled(c, region) for region in VILLAGES]
    with ThreadPoolExecutor(len(devices)) as pool:
        runs = list(pool.map(lambda d: _client_run(d, 2, 10), devices))
    made = [m for run in runs for m in run]
    rows = c.export()
    assert len(rows) == len(made) == len(devices) * 20
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["tracking_id"] for r in rows}) == len(rows)
    for report, meta, data in made:
        stored = c.storage / "attachments" / report["id"] / meta["id"]
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == meta["sha256"]
    assert all(a["received"] for r in rows for a in r["attachments"])
    c.stop()


def test_same_batch_from_two_clients_into_two_workers(start):
    c = start(workers=2)
    check_same_batch_twice(c, enrolled(c), enrolled(c, "61.05.01"), rounds=3)
    c.stop()
