"""The desk on PostgreSQL: queue read model, keyset paging, actions and scoping."""

from __future__ import annotations

import re

import pytest

from tests.desk.conftest import running_desk
from tests.support import pg
from tests.support.central import start_central

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def pg_desk(pg_cluster, tmp_path):
    with running_desk(start_central(tmp_path, db_url=pg.new_database(pg_cluster))) as desk:
        yield desk


def test_desk_on_postgres(pg_desk):
    reps = [pg_desk.report(i, title=f"Laporan PG {i:02d}") for i in range(53)]
    other = pg_desk.report(99, title="Laporan dinkes", category="kesehatan",
                           agency="dinkes-sintang")
    admin = pg_desk.client("admin")
    first = admin.get("/desk/").text
    assert "Semua <b>54</b>" in first and first.count("<tr>") - 1 == 50
    nxt = re.search(r'href="([^"]*after_id=[^"]+)"', first).group(1).replace("&amp;", "&")
    assert admin.get(nxt).text.count("<tr>") - 1 == 4
    assert admin.act(reps[0]["id"], "verifikasi").status_code == 303
    assert admin.act(reps[0]["id"], "teruskan", "Untuk DPUPR", "dpupr-sintang").status_code == 303
    dpu = pg_desk.client("dpu")
    assert dpu.act(reps[0]["id"], "tindak_lanjut", "Sudah diperbaiki").status_code == 303
    assert pg_desk.status_of(reps[0]["id"]) == "ditindaklanjuti"
    assert dpu.get(f"/desk/laporan/{other['id']}").status_code == 404
    assert "Ditindaklanjuti <b>1</b>" in admin.get("/desk/").text
