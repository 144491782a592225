"""The desk against a real central server: staff accounts, a signed-in HTTP client, reports
pushed by an enrolled device over HTTP."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from lapor_central.samples import rehash, sample_report
from tests.support.central import CentralProcess, start_central

STAFF_PASSWORD = "kopi-hitam-Sintang-2026!"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1)


@dataclass
class DeskClient:
    base: str
    http: requests.Session = field(default_factory=requests.Session)
    csrf: str = ""

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, allow_redirects=False, **kw)

    def post(self, path: str, data: dict[str, str], **kw: Any) -> requests.Response:
        return self.http.post(self.base + path, data=data, timeout=30, allow_redirects=False,
                              **kw)

    def login(self, username: str, password: str = STAFF_PASSWORD) -> requests.Response:
        page = self.get("/desk/masuk")
        r = self.post("/desk/masuk", {"username": username, "password": password,
                                      "csrf": csrf_of(page.text)})
        if r.status_code == 303:
            self.csrf = csrf_of(self.get("/desk/").text)
        return r

    def act(self, report_id: str, action: str, note: str = "", agency: str = "",
            csrf: str | None = None) -> requests.Response:
        return self.post(f"/desk/laporan/{report_id}/aksi",
                         {"action": action, "note": note, "agency": agency,
                          "csrf": self.csrf if csrf is None else csrf})

    def close(self) -> None:
        self.http.close()


class Desk:
    """A started central server with staff accounts and an enrolled village device."""

    def __init__(self, central: CentralProcess) -> None:
        from lapor_central.desk.staff import add_staff

        self.central = central
        agencies = {"dpupr-sintang", "dinkes-sintang"}
        for name, role, agency in (("admin", "kabupaten", None),
                                   ("dpu", "agency", "dpupr-sintang"),
                                   ("dinkes", "agency", "dinkes-sintang")):
            add_staff(central.database, name, role, STAFF_PASSWORD, agency=agency,
                      display_name=name.upper(), agencies=agencies)
        info = central.enroll("61.05.01.2008")
        self.token = info["token"]
        self.origin = {"device_id": info["device_id"], "region_code": info["region_code"]}
        self.clients: list[DeskClient] = []

    def push(self, *reports: dict[str, Any]) -> list[dict[str, Any]]:
        # Central takes the device from the token: the reports name it as their origin.
        reports = tuple(rehash({**rep, "origin": dict(self.origin)}) for rep in reports)
        r = requests.post(f"{self.central.api}/reports/batch", json={"reports": list(reports)},
                          headers={"Authorization": f"Bearer {self.token}"}, timeout=60)
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        assert all(x["result"] == "accepted" for x in results), results
        return results

    def report(self, n: int = 1, **overrides: Any) -> dict[str, Any]:
        rep = rehash({**sample_report(n, **overrides), "origin": dict(self.origin)})
        [result] = self.push(rep)
        return {**rep, "tracking_id": result["tracking_id"]}

    def client(self, username: str | None = None) -> DeskClient:
        c = DeskClient(self.central.url)
        self.clients.append(c)
        if username:
            assert c.login(username).status_code == 303
        return c

    def status_of(self, report_id: str) -> str:
        from lapor_central.models import Report

        with self.central.database.read() as s:
            return s.get(Report, report_id).status


@contextlib.contextmanager
def running_desk(proc: CentralProcess) -> Iterator[Desk]:
    """A :class:`Desk` on a started server; clients closed and the server stopped after."""
    d = None
    try:
        d = Desk(proc)
        yield d
    finally:
        for c in (d.clients if d else []):
            c.close()
        proc.stop()


@pytest.fixture
def desk(tmp_path):
    with running_desk(start_central(tmp_path)) as d:
        yield d
