"""Concurrent pushes: the same batch from two clients creates each report exactly once."""

from __future__ import annotations

import threading

from lapor_central.samples import sample_report
from tests.central.conftest import Device, enrolled


def push_concurrently(devices: list[Device], batches: list[list[dict]]) -> list[list[dict]]:
    barrier = threading.Barrier(len(devices))
    out: list[list[dict] | BaseException] = [None] * len(devices)  # type: ignore[list-item]

    def run(i: int) -> None:
        try:
            barrier.wait(10)
            out[i] = devices[i].push(batches[i])
        except BaseException as exc:  # surfaced below
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(devices))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for o in out:
        if isinstance(o, BaseException):
            raise o
    return out  # type: ignore[return-value]


def check_same_batch_twice(central, a: Device, b: Device, rounds: int = 5) -> None:
    for round_ in range(rounds):
        batch = [a.claim(sample_report(round_ * 100 + i)) for i in range(40)]
        ra, rb = push_concurrently([a, b], [batch, batch])
        for x, y in zip(ra, rb):
            assert {x["result"], y["result"]} <= {"accepted", "duplicate"}
            assert "accepted" in (x["result"], y["result"])
            assert x["tracking_id"] == y["tracking_id"]
    rows = central.export()
    assert len(rows) == rounds * 40
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["tracking_id"] for r in rows}) == len(rows)


def test_same_batch_from_two_clients_is_created_once(central):
    check_same_batch_twice(central, enrolled(central), enrolled(central, "61.05.01"))


def test_parallel_different_batches_get_unique_increasing_ids(central):
    devices = [enrolled(central) for _ in range(4)]
    batches = [[devices[d].claim(sample_report(d * 100 + i)) for i in range(25)]
               for d in range(4)]
    results = push_concurrently(devices, batches)
    for res in results:
        ids = [int(r["tracking_id"]) for r in res]
        assert all(r["result"] == "accepted" for r in res)
        assert ids == sorted(ids)
    all_ids = [r["tracking_id"] for res in results for r in res]
    assert len(set(all_ids)) == 100
    # Every device sees its own 25 diterima events, once each.
    for dev in devices:
        changes = dev.get("/status-changes", params={"limit": 1000}).json()["changes"]
        assert len(changes) == 25 and len({c["event_id"] for c in changes}) == 25
