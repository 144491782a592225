"""How long hostile bodies stall everyone else: ``ping`` latency while they are sent.

Starts ``lapor-central serve`` (one worker, SQLite unless ``--db``), then sends, one after
the other, the bodies of issue 17: an enrolment object of ``--members`` unknown members
(no token) and, with a token, ``have`` lists of 30,000 items and of ``max_batch_count``
malformed items. Meanwhile one thread pings every 10 ms. Prints each hostile request's
status, body size and time, then the ping latency p50 / p99 / max (the stall), first
for ``--quiet`` seconds without hostile requests (the machine's own noise), then under them.

    python bench/central_stall.py [--members 80000] [--rounds 3] [--quiet 5] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
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


def hostile_bodies(members: int) -> list[tuple[str, bytes, bool]]:
    """(path, body, needs token)."""
    huge = json.dumps({f"m{i}": i for i in range(members)}).encode()
    have = json.dumps({"reports": [{"id": str(uuid.uuid4()), "content_hash": "0" * 64}
                                   for _ in range(30_000)]}).encode()
    bad = json.dumps({"reports": [{"id": i, "content_hash": []} for i in range(500)]}).encode()
    return [("/enroll", huge, False), ("/reports/have", have, True),
            ("/reports/have", bad, True)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=80_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quiet", type=float, default=5.0, help="seconds of pings first")
    ap.add_argument("--db", help="PostgreSQL server URL (a fresh database is made on it)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lapor-stall-") as tmp, \
            fresh_database(args.db, Path(tmp)) as db_url:
        port = free_port()
        proc = start_server(db_url, Path(tmp) / "storage", port, 1,
                            extra=["--refused-per-minute", "0"])
        api = f"http://127.0.0.1:{port}/api/v1"
        try:
            [token] = enroll_many(api, db_url, ["61.05.01.2008"], "stall")
            auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            # Built before the pinger starts: building them would stall this process's own
            # pinger thread (the interpreter lock) and count as the server's stall.
            bodies = hostile_bodies(args.members)
            pings: list[float] = []
            stop = threading.Event()

            def pinger() -> None:
                with requests.Session() as s:
                    while not stop.is_set():
                        t0 = time.perf_counter()
                        s.get(f"{api}/ping", timeout=60)
                        pings.append(time.perf_counter() - t0)
                        time.sleep(0.01)

            t = threading.Thread(target=pinger)
            t.start()
            time.sleep(args.quiet)  # the machine's own noise, no hostile request yet
            quiet = len(pings)
            for _ in range(args.rounds):
                for path, body, needs_token in bodies:
                    t0 = time.perf_counter()
                    r = requests.post(api + path, data=body, timeout=120,
                                      headers=auth if needs_token else
                                      {"Content-Type": "application/json"})
                    print(f"  {path:15s} {len(body):>9,} B -> {r.status_code}, "
                          f"{len(r.content):>9,} B answer in {time.perf_counter() - t0:.3f} s")
            time.sleep(0.5)
            stop.set()
            t.join()
        finally:
            stop_server(proc)
    for label, values in (("quiet", pings[:quiet]), ("under hostile bodies", pings[quiet:])):
        q = statistics.quantiles(values, n=100)
        print(f"ping latency {label} ({len(values)} pings): p50 {q[49] * 1000:.1f} ms  "
              f"p99 {q[98] * 1000:.1f} ms  max {max(values) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
