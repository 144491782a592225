"""The case clock's cost per report, for list pages that compute it per row (not a test).

    python bench/case_clock_bench.py [--reports 3000] [--rounds 5] [--seed 1]

Builds random walk-ins (2025-2030) with lifecycle histories, then times ``case_clock``
over all of them on a fresh calendar (cold: the per-year tables and the add cache empty)
and again on the same calendar (warm, as a page refresh sees it), plus ``trusted_walk_in``.
Prints the best round of each.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lapor_protocol import deadlines
from lapor_protocol.case_clock import case_clock, local_day
from lapor_protocol.catalog import parse_catalog, seed_document
from lapor_protocol.clock_skew import trusted_walk_in
from lapor_protocol.domain import REMOTE_TRANSITIONS, RemoteStatus

Case = tuple[datetime, list[tuple[str, datetime]]]


def cases(n: int, seed: int) -> list[Case]:
    rnd = random.Random(seed)
    out: list[Case] = []
    for _ in range(n):
        walk_in = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(
            minutes=rnd.randint(0, 6 * 365 * 24 * 60))
        at = walk_in + timedelta(hours=rnd.randint(0, 200))
        status = RemoteStatus.DITERIMA
        history: list[tuple[str, datetime]] = [(status, at)]
        for _ in range(rnd.randint(0, 5)):
            nexts = sorted(REMOTE_TRANSITIONS[status])
            if not nexts:
                break
            status = rnd.choice(nexts)
            at += timedelta(hours=rnd.randint(1, 300))
            history.append((status, at))
        out.append((walk_in, history))
    return out


def _round(data: list[Case], calendar: deadlines.WorkCalendar) -> float:
    t0 = time.perf_counter()
    for walk_in, history in data:
        today = local_day(walk_in, deadlines.WIB) + timedelta(days=20)
        case_clock(walk_in, history, calendar, deadlines.WIB, today)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    data = cases(args.reports, args.seed)
    cuti = parse_catalog(seed_document()).cuti_bersama
    deadlines.national_holidays(2025)  # import the holidays package outside the timing
    cold, warm = [], []
    for _ in range(args.rounds):
        cal = deadlines.WorkCalendar(cuti)
        cold.append(_round(data, cal))
        warm.append(_round(data, cal))
    t0 = time.perf_counter()
    for walk_in, _ in data:
        trusted_walk_in(walk_in, walk_in + timedelta(hours=1), walk_in + timedelta(hours=3),
                        walk_in + timedelta(hours=3), carried=True)
    skew = time.perf_counter() - t0
    n = args.reports
    print(f"reports: {n}")
    print(f"case_clock cold: {min(cold) * 1000:.1f} ms ({min(cold) / n * 1e6:.1f} us/report)")
    print(f"case_clock warm: {min(warm) * 1000:.1f} ms ({min(warm) / n * 1e6:.1f} us/report)")
    print(f"trusted_walk_in: {skew * 1000:.1f} ms ({skew / n * 1e6:.1f} us/report)")


if __name__ == "__main__":
    main()
