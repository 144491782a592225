"""Shared by the central benchmarks: start ``lapor-central serve`` on loopback (optionally
with several workers), a fresh database per run (SQLite file, or a new database on a
PostgreSQL server), and enrolment of many devices with one batch of codes."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def fresh_database(url: str | None, tmp: Path) -> Iterator[str]:
    """A SQLite file under ``tmp``, or a new database on the PostgreSQL server of ``url``
    (dropped afterwards)."""
    if not url:
        yield f"sqlite:///{tmp / 'central.db'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    admin = base.set(drivername="postgresql", database="postgres")
    name = f"lapor_bench_{uuid.uuid4().hex[:8]}"
    admin_dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server(db_url: str, storage: Path, port: int, workers: int = 1,
                 extra: list[str] | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "lapor_central", "serve", "--db", db_url,
           "--storage", str(storage), "--port", str(port), "--workers", str(workers),
           "--no-access-log", "--log-level", "warning", *(extra or [])]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/ping", timeout=1).ok:
                time.sleep(0.5 if workers > 1 else 0)  # let the other workers come up
                return proc
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(15)


def enroll_many(api: str, db_url: str, regions: list[str], prefix: str) -> list[str]:
    """Tokens for one new device per region (codes made in one transaction)."""
    sys.path.insert(0, str(ROOT))
    from lapor_central.db import Database
    from lapor_central.service import create_enrollment_codes

    db = Database(db_url)
    try:
        codes = create_enrollment_codes(db, regions)
    finally:
        db.dispose()
    tokens = []
    with requests.Session() as s:
        for i, (region, code) in enumerate(zip(regions, codes)):
            r = s.post(f"{api}/enroll", timeout=30, json={
                "code": code, "device_id": f"{prefix}-{i}", "device_name": prefix,
                "region_code": region})
            r.raise_for_status()
            tokens.append(r.json()["token"])
    return tokens
