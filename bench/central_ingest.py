"""Central ingest benchmark: reports/second pushed one per request vs in batches.

Starts ``lapor-central serve`` on loopback with a fresh SQLite database (or ``--db URL``),
enrolls a device, then pushes ``--count`` valid reports per mode: one report per request,
batches of 100 and batches of 500, each over one keep-alive HTTP connection. Prints the
rate of each mode, the batch/single ratio and the request bytes with and without gzip.

    python bench/central_ingest.py [--count 10000] [--no-gzip] [--db URL]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lapor_central.samples import sample_report  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db_url: str, storage: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "lapor_central", "serve", "--db", db_url,
                             "--storage", str(storage), "--port", str(port),
                             "--no-access-log", "--log-level", "warning"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/ping", timeout=1).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def push(session: requests.Session, api: str, token: str, reports: list[dict], size: int,
         use_gzip: bool) -> tuple[float, int, int]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if use_gzip:
        headers["Content-Encoding"] = "gzip"
    raw_bytes = gz_bytes = 0
    t0 = time.perf_counter()
    for i in range(0, len(reports), size):
        body = json.dumps({"reports": reports[i:i + size]}, ensure_ascii=False).encode()
        packed = gzip.compress(body, compresslevel=6)
        raw_bytes += len(body)
        gz_bytes += len(packed)
        r = session.post(f"{api}/reports/batch", data=packed if use_gzip else body,
                         headers=headers, timeout=120)
        r.raise_for_status()
        results = r.json()["results"]
        assert all(x["result"] == "accepted" for x in results), results[:1]
    return time.perf_counter() - t0, raw_bytes, gz_bytes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--no-gzip", action="store_true", help="send bodies uncompressed")
    ap.add_argument("--db", help="database URL (default: fresh SQLite file)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="lapor-bench-") as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'central.db'}"
        port = free_port()
        proc = start(db_url, Path(tmp) / "storage", port)
        api = f"http://127.0.0.1:{port}/api/v1"
        try:
            from lapor_central.db import Database
            from lapor_central.service import create_enrollment_code

            db = Database(db_url)
            code = create_enrollment_code(db, "61.05.01")
            db.dispose()
            token = requests.post(f"{api}/enroll", timeout=10, json={
                "code": code, "device_id": "bench", "device_name": "bench",
                "region_code": "61.05.01"}).json()["token"]
            rates: dict[int, float] = {}
            print(f"central ingest: {args.count} reports per mode, "
                  f"{'identity' if args.no_gzip else 'gzip'} bodies, "
                  f"{'SQLite' if not args.db else db_url.split(':', 1)[0]}")
            for size in (1, 100, 500):
                reports = [sample_report(i) for i in range(args.count)]
                with requests.Session() as session:
                    secs, raw, packed = push(session, api, token, reports, size,
                                             not args.no_gzip)
                rates[size] = args.count / secs
                label = "one per request" if size == 1 else f"batches of {size}"
                print(f"  {label:16s} {rates[size]:8.0f} reports/s  ({secs:6.1f} s)  "
                      f"request bytes: {raw / 1e6:7.2f} MB JSON, {packed / 1e6:6.2f} MB gzip "
                      f"({raw / packed:4.1f}x smaller)")
            for size in (100, 500):
                print(f"  batch {size} / single ratio: {rates[size] / rates[1]:.1f}x")
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
