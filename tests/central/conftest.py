"""Helpers and fixtures for the central server tests.

Every server fixture (``central``, ``shared_central``, ``start``) runs once on SQLite and
once on PostgreSQL (a throwaway cluster per session; a fresh database per server). The
PostgreSQL variants are skipped, with the reason, when no cluster can be started.
"""

from __future__ import annotations

import gzip
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from lapor_central.samples import rehash
from tests.support import pg
from tests.support.central import CentralProcess, start_central
from tests.support.s3 import bucket, s3  # noqa: F401 - fixtures of the S3 backend's tests

SAMPLE_DEVICE = "desa-2008-laptop"  # lapor_central.samples' default origin device
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Device:
    central: CentralProcess
    token: str
    device_id: str
    region_code: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw: Any) -> requests.Response:
        return requests.get(self.central.api + path, headers={**self.headers,
                            **kw.pop("headers", {})}, timeout=30, **kw)

    def post(self, path: str, body: Any = None, *, gzipped: bool = False, raw: bytes | None = None,
             headers: dict[str, str] | None = None) -> requests.Response:
        hdrs = {**self.headers, "Content-Type": "application/json", **(headers or {})}
        data = raw if raw is not None else json.dumps(body).encode()
        if gzipped:
            data = gzip.compress(data)
            hdrs["Content-Encoding"] = "gzip"
        return requests.post(self.central.api + path, data=data, headers=hdrs, timeout=60)

    def claim(self, report: dict[str, Any]) -> dict[str, Any]:
        """A sample report made on this (village) device: origin set to it, rehashed in
        place, so the caller's dict carries the hash the server will see."""
        origin = report.get("origin")
        if (self.region_code.count(".") == 3 and isinstance(origin, dict)
                and origin.get("device_id") == SAMPLE_DEVICE):
            try:
                was_right = rehash(report)["content_hash"] == report.get("content_hash")
            except (TypeError, ValueError):
                was_right = False
            report["origin"] = {"device_id": self.device_id, "region_code": self.region_code}
            if was_right:
                report["content_hash"] = rehash(report)["content_hash"]
        return report

    def push(self, reports: list[Any], **kw: Any) -> list[dict[str, Any]]:
        for r in reports:
            if isinstance(r, dict):
                self.claim(r)
        r = self.post("/reports/batch", {"reports": reports}, **kw)
        assert r.status_code == 200, r.text
        return r.json()["results"]


def enrolled(central: CentralProcess, region: str = "61.05.01.2008",
             device_id: str | None = None) -> Device:
    info = central.enroll(region, device_id=device_id)
    return Device(central, info["token"], info["device_id"], info["region_code"])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated, seeded SQLite database, copied for each server (saves the migration)."""
    from lapor_central.db import Database

    path = tmp_path_factory.mktemp("central-template") / "central.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """Name of a migrated, seeded PostgreSQL database to create test databases from."""
    from lapor_central.db import Database

    url = pg.new_database(pg_cluster)
    db = Database(url)
    db.migrate()
    db.dispose()
    return url.rsplit("/", 1)[1]


def _db_url(request: pytest.FixtureRequest, backend: str, tmp: Path) -> str:
    if backend == "sqlite":
        target = tmp / f"central-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    return pg.new_database(request.getfixturevalue("pg_cluster"),
                           template=request.getfixturevalue("pg_template"))


@pytest.fixture(params=BACKENDS)
def start(request, tmp_path) -> Callable[..., CentralProcess]:
    """``start(**serve_options)``: a server on this test's backend, stopped at teardown."""
    started: list[CentralProcess] = []

    def run(**options: Any) -> CentralProcess:
        options.setdefault("db_url", _db_url(request, request.param, tmp_path))
        proc = start_central(tmp_path, **options)
        started.append(proc)
        return proc

    run.backend = request.param  # type: ignore[attr-defined]
    yield run
    for proc in started:
        proc.stop()


@pytest.fixture
def central(start) -> CentralProcess:
    return start()


@pytest.fixture
def device(central) -> Device:
    return enrolled(central)


@pytest.fixture(scope="module", params=BACKENDS)
def shared_central(request, tmp_path_factory):
    """One server per backend for a whole module, for tests that do not care about other
    tests' data."""
    tmp = tmp_path_factory.mktemp("shared-central")
    proc = start_central(tmp, db_url=_db_url(request, request.param, tmp))
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def shared_device(shared_central) -> Device:
    return enrolled(shared_central)
