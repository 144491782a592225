"""A real S3 HTTP server on 127.0.0.1 for the S3 storage backend: moto's server mode
(``moto[server]``, the test extra) in a subprocess on a free port.

``start_s3(tmp_path) -> S3Server``; fixture ``s3`` (session scope) and ``bucket``
(function scope: a fresh bucket, its ``s3://`` URL with a prefix, and the environment a
``serve`` process needs to reach it).
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.central import free_port

READY_TIMEOUT = 30.0


@dataclass
class S3Server:
    endpoint: str
    proc: subprocess.Popen[bytes]

    @property
    def env(self) -> dict[str, str]:
        """The standard variables boto3 (and so ``serve --storage s3://…``) reads."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": "lapor-test",
                "AWS_SECRET_ACCESS_KEY": "lapor-test-secret",
                "AWS_DEFAULT_REGION": "us-east-1"}

    def client(self) -> Any:
        import boto3

        env = self.env
        return boto3.client("s3", endpoint_url=self.endpoint,
                            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                            region_name=env["AWS_DEFAULT_REGION"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def start_s3(log_dir: Path) -> S3Server:
    port = free_port()
    with open(log_dir / "moto.log", "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                                 "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    server = S3Server(f"http://127.0.0.1:{port}", proc)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("moto server exited: "
                               + (log_dir / "moto.log").read_text("utf-8", "replace"))
        try:
            requests.get(server.endpoint, timeout=1)
            return server
        except requests.RequestException:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"moto server did not answer within {READY_TIMEOUT}s")


@dataclass
class Bucket:
    server: S3Server
    name: str
    prefix: str

    @property
    def url(self) -> str:
        return f"s3://{self.name}/{self.prefix}"

    def listed(self, under: str = "") -> list[str]:
        """Keys under the prefix (the prefix itself left off)."""
        out = self.server.client().list_objects_v2(Bucket=self.name,
                                                   Prefix=self.prefix + under)
        return [o["Key"][len(self.prefix):] for o in out.get("Contents", [])]

    def read(self, key: str) -> bytes:
        obj = self.server.client().get_object(Bucket=self.name, Key=self.prefix + key)
        return obj["Body"].read()


@pytest.fixture(scope="session")
def s3(tmp_path_factory) -> Iterator[S3Server]:
    server = start_s3(tmp_path_factory.mktemp("moto"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bucket(s3) -> Bucket:
    name = f"lapor-{uuid.uuid4().hex[:12]}"
    s3.client().create_bucket(Bucket=name)
    return Bucket(s3, name, "kabupaten-6105/")
