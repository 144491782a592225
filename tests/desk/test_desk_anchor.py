"""``POST /api/v1/audit-anchor`` over HTTP on a real central, and the desk's warning:
bad bodies refused, the device taken from the token, one device judged at a time (also on
PostgreSQL), the warning only for kabupaten staff."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from lapor_central.desk.views import region_name
from lapor_central.models import AuditAnchor, AuditAnchorPoint
from tests.desk.conftest import running_desk
from tests.support import pg
from tests.support.central import start_central

H = {n: f"{n:064x}" for n in range(0, 64)}
WARNING = "Peringatan jejak audit desa"


def post(desk, body, token: str | None = "own"):
    headers = {} if token is None else {
        "Authorization": f"Bearer {desk.token if token == 'own' else token}"}
    return requests.post(f"{desk.central.api}/audit-anchor", json=body, headers=headers,
                         timeout=30)


def anchor(count: int, *proofs: int, head: str | None = None) -> dict:
    return {"count": count, "head": head or H[count],
            "proofs": [{"count": c, "hash": H[c]} for c in proofs]}


def state(desk):
    with desk.central.database.read() as s:
        return s.get(AuditAnchor, desk.origin["device_id"])


@pytest.mark.parametrize("body", [
    {"count": 3}, {"count": -1, "head": H[1]}, {"count": 3, "head": "x" * 64},
    {"count": 3, "head": H[3], "device_id": "someone-else"},
    {"count": 3, "head": H[3], "proofs": [{"count": 4, "hash": H[4]}]},
    {"count": 60, "head": H[60], "proofs": [{"count": c, "hash": H[c]} for c in range(17)]},
    [1, 2, 3], "teks",
])
def test_bad_bodies_are_refused_and_nothing_is_kept(desk, body):
    r = post(desk, body)
    assert r.status_code == 422, r.text
    assert r.json()["message"] and r.headers["X-Lapor-Protocol"] == "1"
    assert state(desk) is None


def test_no_token_or_a_revoked_one_is_refused(desk):
    assert post(desk, anchor(3), token=None).status_code == 401
    assert post(desk, anchor(3), token="x" * 40).status_code == 401
    assert state(desk) is None


def test_verdicts_and_the_desk_warning_for_kabupaten_staff_only(desk):
    rep = desk.report(1, title="Jalan berlubang di dusun")
    assert post(desk, anchor(5)).json()["result"] == "first"
    r = post(desk, anchor(9, 5)).json()
    assert r["result"] == "ok" and r["anchor"]["count"] == 9 and r["problem"] is None
    admin, dpu = desk.client("admin"), desk.client("dpu")
    assert WARNING not in admin.get("/desk/").text
    assert WARNING not in admin.get(f"/desk/laporan/{rep['id']}").text

    r = post(desk, anchor(7, 5)).json()  # fewer events than central's last anchor
    assert r["result"] == "truncated" and r["problem"] == "truncated"
    assert r["anchor"]["count"] == 7  # the new base: later runs are judged against it
    queue = admin.get("/desk/").text
    assert WARNING in queue and "lebih pendek" in queue
    assert region_name(desk.origin["region_code"]) in queue.split(WARNING)[1]
    assert WARNING in admin.get(f"/desk/laporan/{rep['id']}").text
    assert WARNING not in dpu.get("/desk/").text  # agency staff: not theirs to follow up
    # The flag stays set, however the chain grows afterwards.
    r = post(desk, anchor(12, 7)).json()
    assert (r["result"], r["problem"]) == ("ok", "truncated")
    assert WARNING in admin.get("/desk/").text


def test_a_rewritten_or_unproven_chain_is_flagged(desk):
    post(desk, anchor(10))
    r = post(desk, {"count": 20, "head": H[20], "proofs": [{"count": 10, "hash": H[11]}]})
    assert r.json()["result"] == "diverged"
    r = post(desk, anchor(30, 11))  # no proof at 20
    assert r.json()["result"] == "unproven"
    assert state(desk).problem == "unproven"


def _hammer(desk, n: int = 12) -> None:
    """Many identical anchors of one device at once: judged one at a time, all 200, one
    row, never a false alarm (a head equal to the last one extends it)."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        codes = list(pool.map(lambda _i: post(desk, anchor(8, 3)).status_code, range(n)))
    assert codes == [200] * n
    row = state(desk)
    assert row is not None and row.problem is None and row.count == 8
    with desk.central.database.read() as s:
        points = s.query(AuditAnchorPoint).filter_by(device_id=desk.origin["device_id"]).all()
    assert sorted(p.count for p in points) == [3, 8]


def test_concurrent_anchors_on_sqlite(desk):
    _hammer(desk)


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_anchors_on_postgres(pg_cluster, tmp_path):
    with running_desk(start_central(tmp_path, db_url=pg.new_database(pg_cluster))) as d:
        _hammer(d)
