"""Central ingest benchmark: reports/second pushed one per request vs in batches.

Starts ``lapor-central serve`` on loopback with a fresh SQLite database (or ``--db URL``),
enrolls a device, then pushes ``--count`` valid reports per mode: one report per request,
batches of 100 and batches of 500, each over one keep-alive HTTP connection. Prints the
rate of each mode, the batch/single ratio and the request bytes with and without gzip.

    python bench/central_ingest.py [--count 10000] [--no-gzip] [--db URL] [--workers N]
                                   [--clients 4] [--modes 1,100,500,parallel]

``--db postgresql://user@host:port`` makes a fresh database on that server for the run.
The ``parallel`` mode pushes from ``--clients`` clients at once (batches of 100): the
figure to compare between ``--workers 1`` and ``--workers 2``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.central_common import (  # noqa: E402
    enroll_many,
    free_port,
    fresh_database,
    start_server,
    stop_server,
)
from lapor_central.samples import sample_report  # noqa: E402


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


def parallel(api: str, tokens: list[str], count: int, size: int,
             use_gzip: bool) -> float:
    """``len(tokens)`` clients at once, each pushing its share in batches of ``size``."""
    share = count // len(tokens)
    work = [[sample_report(c * share + i) for i in range(share)] for c in range(len(tokens))]

    def run(c: int) -> None:
        with requests.Session() as session:
            push(session, api, tokens[c], work[c], size, use_gzip)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(len(tokens)) as pool:
        list(pool.map(run, range(len(tokens))))
    return share * len(tokens) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--no-gzip", action="store_true", help="send bodies uncompressed")
    ap.add_argument("--db", help="PostgreSQL server URL (a fresh database is made on it); "
                    "default: a fresh SQLite file")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--clients", type=int, default=4,
                    help="concurrent clients of the parallel mode (batches of 100)")
    ap.add_argument("--modes", default="1,100,500,parallel",
                    help="comma list of batch sizes and/or 'parallel'")
    args = ap.parse_args()
    modes = args.modes.split(",")
    use_gzip = not args.no_gzip

    with tempfile.TemporaryDirectory(prefix="lapor-bench-") as tmp, \
            fresh_database(args.db, Path(tmp)) as db_url:
        port = free_port()
        proc = start_server(db_url, Path(tmp) / "storage", port, args.workers)
        api = f"http://127.0.0.1:{port}/api/v1"
        try:
            tokens = enroll_many(api, db_url, ["61.05.01"] * max(1, args.clients), "bench")
            rates: dict[str, float] = {}
            print(f"central ingest: {args.count} reports per mode, "
                  f"{'gzip' if use_gzip else 'identity'} bodies, "
                  f"{'PostgreSQL' if args.db else 'SQLite'}, {args.workers} worker(s)")
            for mode in modes:
                if mode == "parallel":
                    rates[mode] = parallel(api, tokens, args.count, 100, use_gzip)
                    print(f"  {args.clients} clients x batches of 100 "
                          f"{rates[mode]:8.0f} reports/s")
                    continue
                size = int(mode)
                reports = [sample_report(i) for i in range(args.count)]
                with requests.Session() as session:
                    secs, raw, packed = push(session, api, tokens[0], reports, size, use_gzip)
                rates[mode] = args.count / secs
                label = "one per request" if size == 1 else f"batches of {size}"
                print(f"  {label:16s} {rates[mode]:8.0f} reports/s  ({secs:6.1f} s)  "
                      f"request bytes: {raw / 1e6:7.2f} MB JSON, {packed / 1e6:6.2f} MB gzip "
                      f"({raw / packed:4.1f}x smaller)")
            for mode in ("100", "500"):
                if mode in rates and "1" in rates:
                    print(f"  batch {mode} / single ratio: {rates[mode] / rates['1']:.1f}x")
        finally:
            stop_server(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
