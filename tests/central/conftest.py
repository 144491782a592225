"""Helpers for the central server tests: an enrolled device and a small HTTP client."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from tests.support.central import CentralProcess


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

    def push(self, reports: list[Any], **kw: Any) -> list[dict[str, Any]]:
        r = self.post("/reports/batch", {"reports": reports}, **kw)
        assert r.status_code == 200, r.text
        return r.json()["results"]


def enrolled(central: CentralProcess, region: str = "61.05.01.2008",
             device_id: str | None = None) -> Device:
    info = central.enroll(region, device_id=device_id)
    return Device(central, info["token"], info["device_id"], info["region_code"])


@pytest.fixture
def device(central) -> Device:
    return enrolled(central)


@pytest.fixture(scope="module")
def shared_central(tmp_path_factory):
    """One server for a whole module, for tests that do not care about other tests' data."""
    from tests.support.central import start_central

    proc = start_central(tmp_path_factory.mktemp("shared-central"))
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def shared_device(shared_central) -> Device:
    return enrolled(shared_central)
