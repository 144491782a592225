"""Interoperability: the official tus-js-client (npm, run with the machine's Node.js)
uploads an attachment to the real server; central files it and the sha256 matches, on
the local directory and on S3 (moto's server).

tus-js-client is installed once into ``.cache/tus-js`` (ignored by git) from the npm
registry. Skipped, with the reason, only when node or npm is not installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.central.conftest import enrolled
from tests.central.test_central_uploads import missing_attachments, pushed_with
from tests.support.central import REPO_ROOT, start_central

TUS_JS_VERSION = "4"
CACHE = REPO_ROOT / ".cache" / "tus-js"
SCRIPT = Path(__file__).with_name("js") / "tus_upload.js"


@pytest.fixture(scope="session")
def tus_js() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node or npm is not installed; the tus-js-client interop test needs both")
    if not (CACHE / "node_modules" / "tus-js-client" / "package.json").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent",
                              "--prefix", str(CACHE), f"tus-js-client@{TUS_JS_VERSION}"],
                             capture_output=True, text=True, timeout=240)
        assert out.returncode == 0, f"npm install tus-js-client failed: {out.stderr[-2000:]}"
    return CACHE


def _upload_with_tus_js(central, device, tus_js, tmp_path) -> tuple[dict, dict, bytes]:
    payload = os.urandom(300_000)  # several 64 KiB PATCHes
    report, [meta] = pushed_with(device, payload)
    file = tmp_path / "foto0.jpg"
    file.write_bytes(payload)
    env = dict(os.environ, NODE_PATH=str(tus_js / "node_modules"))
    out = subprocess.run(["node", str(SCRIPT), central.api + "/files/", device.token, str(file),
                          report["id"], meta["id"], meta["sha256"]],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr + out.stdout
    assert out.stdout.strip().startswith(central.api + "/files/")
    assert missing_attachments(device, report) == []
    return report, meta, payload


def test_official_tus_js_client_uploads_an_attachment(central, device, tus_js, tmp_path):
    report, meta, _ = _upload_with_tus_js(central, device, tus_js, tmp_path)
    stored = central.storage / "attachments" / report["id"] / meta["id"]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == meta["sha256"]


def test_official_tus_js_client_uploads_to_s3(tmp_path, bucket, tus_js):
    c = start_central(tmp_path, storage=bucket.url, env=bucket.server.env)
    try:
        report, meta, _ = _upload_with_tus_js(c, enrolled(c), tus_js, tmp_path)
        stored = bucket.read(f"attachments/{report['id']}/{meta['id']}")
        assert hashlib.sha256(stored).hexdigest() == meta["sha256"]
    finally:
        c.stop()
