"""The core protocol against PostgreSQL: push, replay, conflict, concurrency, status paging.

A throwaway cluster is created with the local ``initdb``/``pg_ctl`` (PATH or Debian's
/usr/lib/postgresql/*/bin) in a temporary directory on a free port. initdb refuses to run
as root, so as root the cluster belongs to the ``postgres`` system user (``runuser``).
Skipped, with the reason, when no binaries or no such user exist.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from lapor_central.samples import rehash, sample_report
from tests.central.conftest import enrolled
from tests.central.test_central_concurrency import check_same_batch_twice
from tests.support.central import free_port, start_central

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return Path(d)
    return None


@pytest.fixture(scope="module")
def pg_cluster():
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found; "
                    "install the postgresql package to run these tests")
    prefix: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="lapor-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("running as root and no 'postgres' user to own a cluster")
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = free_port()

    def run(*cmd: str) -> None:
        out = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {out.stdout}\n{out.stderr}")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
            "-t", "60", "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c max_connections=200", "start")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"could not start a throwaway PostgreSQL cluster: {exc}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_central(pg_cluster, tmp_path):
    import psycopg

    name = f"central_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{pg_cluster}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    proc = start_central(tmp_path, db_url=f"{pg_cluster}/{name}")
    try:
        yield proc
    finally:
        proc.stop()


def test_push_replay_conflict_on_postgres(pg_central):
    dev = enrolled(pg_central)
    reports = [sample_report(i) for i in range(5)]
    first = dev.push(reports, gzipped=True)
    assert [r["result"] for r in first] == ["accepted"] * 5
    again = dev.push(reports)
    assert [r["tracking_id"] for r in again] == [r["tracking_id"] for r in first]
    assert {r["result"] for r in again} == {"duplicate"}
    [conflict] = dev.push([rehash({**reports[0], "title": "Diubah"})])
    assert conflict["result"] == "conflict"
    rows = pg_central.export()
    assert len(rows) == 5 and rows[0]["content_hash"] == reports[0]["content_hash"]
    have = dev.post("/reports/have", {"reports": [
        {"id": r["id"], "content_hash": r["content_hash"]} for r in reports]}).json()
    assert len(have["known"]) == 5 and have["missing"] == []


def test_status_paging_on_postgres(pg_central):
    dev = enrolled(pg_central)
    tids = [r["tracking_id"] for r in dev.push([sample_report(i) for i in range(5)])]
    for tid in tids:
        pg_central.advance(tid, "terverifikasi")
    pg_central.advance(tids[0], "diteruskan", agency="dpupr-sintang")
    seen, cursor = [], None
    while True:
        page = dev.get("/status-changes",
                       params={"limit": 2} | ({"cursor": cursor} if cursor else {})).json()
        seen += page["changes"]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert len(seen) == 11 and len({c["event_id"] for c in seen}) == 11
    out = pg_central.cli("advance", tids[1], "--to", "selesai")
    assert out.returncode == 2


def test_concurrent_same_batch_on_postgres(pg_central):
    check_same_batch_twice(pg_central, enrolled(pg_central), enrolled(pg_central, "61.05.01"),
                           rounds=4)
