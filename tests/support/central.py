"""A real reference central server in a subprocess, for tests that need a peer over sockets.

Stable API (the sync-engine and bundle tests use it too):

``start_central(tmp_path, **serve_options) -> CentralProcess``
    Runs ``python -m lapor_central serve`` on a free 127.0.0.1 port with a SQLite database
    and a storage directory under ``tmp_path`` and waits (at most 30 s) until
    ``GET /api/v1/ping`` answers. ``serve_options`` become command-line options:
    ``max_batch_count=2`` → ``--max-batch-count 2``; ``db_url=...`` replaces the SQLite URL
    (e.g. a PostgreSQL URL); ``storage=...`` replaces the storage directory (or names an
    ``s3://`` bucket); ``env={...}`` adds environment variables for the server process.

``CentralProcess``
    ``.url``            base URL, e.g. ``http://127.0.0.1:41234`` (append ``/api/v1/...``)
    ``.api``            ``.url + "/api/v1"``
    ``.db_url``         SQLAlchemy URL of the server's database
    ``.storage``        ``Path`` of the storage directory (``attachments/<report>/<att>``);
                        None when ``storage="s3://BUCKET/PREFIX"`` was given
    ``.storage_url``    the ``--storage`` argument as given (a directory or an s3:// URL)
    ``.enroll_code(region, replaces=None) -> str``
                        one-time code (7 days) for a village or kecamatan; ``replaces``: a
                        code that may only re-enrol that (already enrolled) device id
    ``.enroll(region=..., device_id=None, device_name=...) -> dict``
                        spends a fresh code over HTTP: ``{"token", "device_id", "region_code"}``
    ``.advance(tracking_id, to, note=None, agency=None) -> dict``
                        the new status event; raises ``CentralCommandError`` (``.returncode``
                        2 for an illegal transition, 1 for an unknown tracking id)
    ``.export() -> list[dict]``             one dict per received report (no personal data)
    ``.revoke(device_id)``                  revokes every token of the device
    ``.cli(*args) -> CompletedProcess``     runs the real ``lapor-central`` CLI on this DB
    ``.stop()`` terminate, then kill (bounded); ``.kill()`` SIGKILL now;
    ``.restart()`` stop and start again on the same port, database and storage
    ``.log()``          the server's combined stdout/stderr so far

Admin operations run in-process on the same database (the server holds no state that
they would bypass); ``.cli`` exercises the console script itself.

Fixture ``central`` (function scope): a started ``CentralProcess``, stopped at teardown.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
DEFAULT_REGION = "61.05.01.2008"
REPO_ROOT = Path(__file__).resolve().parents[2]


class CentralCommandError(RuntimeError):
    def __init__(self, returncode: int, message: str) -> None:
        super().__init__(message)
        self.returncode = returncode


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CentralProcess:
    def __init__(self, tmp_path: Path, **serve_options: Any) -> None:
        self.root = Path(tmp_path) / f"central-{uuid.uuid4().hex[:8]}"
        self.root.mkdir(parents=True, exist_ok=True)
        self.db_url: str = serve_options.pop("db_url", None) or \
            f"sqlite:///{self.root / 'central.db'}"
        storage = serve_options.pop("storage", None) or self.root / "storage"
        # ``storage`` may be an s3://BUCKET/PREFIX URL; ``.storage`` is then None.
        self.storage_url = str(storage)
        self.storage = Path(storage) if not self.storage_url.startswith("s3://") else None
        # ``env``: extra environment variables for the server (e.g. the AWS_* of a bucket)
        self.env: dict[str, str] = dict(serve_options.pop("env", None) or {})
        self.serve_options = serve_options
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = f"{self.url}/api/v1"
        self._log_path = self.root / "server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._db = None

    # ------------------------------------------------------------------ process
    def _command(self) -> list[str]:
        cmd = [sys.executable, "-m", "lapor_central", "serve", "--db", self.db_url,
               "--storage", self.storage_url, "--host", "127.0.0.1", "--port", str(self.port),
               "--no-access-log"]
        for key, value in self.serve_options.items():
            flag = "--" + key.replace("_", "-")
            if value is True:
                cmd.append(flag)
            elif value not in (None, False):
                cmd += [flag, str(value)]
        return cmd

    def start(self) -> CentralProcess:
        env = {**os.environ, **self.env}
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
        with open(self._log_path, "ab") as log:
            self._proc = subprocess.Popen(self._command(), stdout=log, stderr=subprocess.STDOUT,
                                          env=env, cwd=str(self.root))
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"central exited with {self._proc.returncode}:\n{self.log()}")
            try:
                r = requests.get(f"{self.api}/ping", timeout=1)
                if r.status_code == 200 and r.headers.get("X-Lapor-Protocol") == "1":
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"central did not answer ping within {READY_TIMEOUT}s:\n{self.log()}")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(STOP_TIMEOUT)
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(STOP_TIMEOUT)

    def restart(self) -> CentralProcess:
        self.stop()
        return self.start()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log(self) -> str:
        try:
            return self._log_path.read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    # ------------------------------------------------------------------ admin
    @property
    def database(self):
        if self._db is None:
            from lapor_central.db import Database

            self._db = Database(self.db_url)
        return self._db

    def enroll_code(self, region: str = DEFAULT_REGION, replaces: str | None = None) -> str:
        from lapor_central.service import create_enrollment_code

        return create_enrollment_code(self.database, region, replaces=replaces)

    def enroll(self, region: str = DEFAULT_REGION, device_id: str | None = None,
               device_name: str = "Laptop kantor desa") -> dict[str, str]:
        body = {"code": self.enroll_code(region),
                "device_id": device_id or f"dev-{uuid.uuid4().hex[:12]}",
                "device_name": device_name, "region_code": region}
        r = requests.post(f"{self.api}/enroll", json=body, timeout=10)
        r.raise_for_status()
        return r.json()

    def advance(self, tracking_id: str, to: str, note: str | None = None,
                agency: str | None = None) -> dict[str, Any]:
        from lapor_central.service import NotFound, advance
        from lapor_protocol.domain import TransitionError

        try:
            return advance(self.database, tracking_id, to, note=note, agency=agency)
        except NotFound as exc:
            raise CentralCommandError(1, str(exc)) from None
        except (TransitionError, ValueError) as exc:
            raise CentralCommandError(2, str(exc)) from None

    def export(self) -> list[dict[str, Any]]:
        from lapor_central.service import export

        return list(export(self.database))

    def revoke(self, device_id: str) -> None:
        from lapor_central.service import revoke_device

        revoke_device(self.database, device_id)

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run ``python -m lapor_central <args> --db <this db>``."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
        cmd = [sys.executable, "-m", "lapor_central", *args, "--db", self.db_url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)


def start_central(tmp_path: Path, **serve_options: Any) -> CentralProcess:
    return CentralProcess(tmp_path, **serve_options).start()


@pytest.fixture
def central(tmp_path):
    proc = start_central(tmp_path)
    try:
        yield proc
    finally:
        proc.stop()


def export_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
