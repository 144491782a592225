"""Audit-anchor cost: the head and proofs a sync or bundle carries, and the local check.

    python bench/anchor_bench.py                        # 50,000 audit events
    python bench/anchor_bench.py --events 200000 --data-dir /tmp/lapor-anchor

Builds a store whose audit chain has ``--events`` valid events (bulk-inserted), records
16 earlier heads as sent anchors, then times ``anchors.current`` (what every sync and
bundle computes: the head and 16 proofs by ``audit.hashes_at``),
``anchors.check_local`` (the extra step of ``audit verify``) and, for scale,
``audit.verify_chain`` (the full recomputation ``audit verify`` already did).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from lapor_desktop import anchors, audit
from lapor_desktop.workspace import Workspace

REGION = "61.05.01.2008"
PASSWORD = "sandi-bench-anchor-1"


def timed(fn, runs: int) -> float:
    """Median milliseconds of ``runs`` calls."""
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def build_chain(ws: Workspace, operator_id: int, n: int) -> None:
    """Append ``n`` valid chain links with one bulk insert (``audit.record`` per event
    would take minutes at this size; the links are the same)."""
    with ws.db.read() as s:
        prev = audit.head(s)[1]
    at = datetime.now(UTC).replace(microsecond=0)
    rows = []
    for i in range(n):
        detail = {"i": i}
        h = audit._digest(prev, at, operator_id, "login", None, detail)
        rows.append((at.strftime("%Y-%m-%d %H:%M:%S.000000"), operator_id, "login",
                     json.dumps(detail), prev, h))
        prev = h
    con = sqlite3.connect(ws.paths.database)
    with con:
        con.executemany("INSERT INTO audit_event(at, operator_id, action, report_id, detail, "
                        "prev_hash, hash) VALUES (?, ?, ?, NULL, ?, ?, ?)", rows)
    con.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--data-dir")
    args = ap.parse_args()
    root = Path(args.data_dir or tempfile.mkdtemp(prefix="lapor-anchor-"))
    ws = Workspace.open(root)
    actor = ws.initialise(REGION, "admin", PASSWORD, "Admin Bench")
    t = time.perf_counter()
    build_chain(ws, actor.operator_id, args.events)
    print(f"built {args.events} events in {time.perf_counter() - t:.1f} s")
    with ws.db.write() as s:
        total = audit.count(s)
        for k in range(1, 17):  # 16 earlier heads, spread over the chain
            c = total * k // 17
            anchors.record_sent(s, ws.device_id, anchors.Anchor(c, audit.hash_at(s, c) or ""))

    def current() -> None:
        with ws.db.read() as s:
            anchors.current(s, ws.device_id)

    def check() -> None:
        with ws.db.read() as s:
            assert anchors.check_local(s, ws.device_id) is None

    def verify() -> None:
        with ws.db.read() as s:
            assert audit.verify_chain(s)[0]

    with ws.db.read() as s:
        proofs = len(anchors.current(s, ws.device_id).proofs)
    print(f"events {total}, proofs {proofs}")
    print(f"anchors.current (head + proofs): {timed(current, 9):.1f} ms (median of 9)")
    print(f"anchors.check_local:             {timed(check, 9):.1f} ms (median of 9)")
    print(f"audit.verify_chain (for scale):  {timed(verify, 3):.0f} ms (median of 3)")
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
