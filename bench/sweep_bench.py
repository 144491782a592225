"""What the housekeeping sweep after every CLI command costs, by attachment count.

``upkeep.sweep`` walks the attachments folder, compares it with the stored paths and
removes orphans older than an hour; since issue 22 it also runs after every CLI command
in which an operator logged in. This makes an initialised store with ``--files`` young
attachment files spread over folders of ten (the worst case: every file is stat'ed, none
is old enough to be removed) and times the sweep.

    python bench/sweep_bench.py [--files 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lapor_desktop import upkeep
from lapor_desktop.workspace import Workspace


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp) / "data") as ws:
        ws.initialise("61.05.01.2008", "admin", "kopi-hujan-jembatan-7")
        for n in range(args.files):
            folder = ws.paths.attachments / f"laporan-{n // 10:05d}"
            folder.mkdir(exist_ok=True)
            (folder / f"lampiran-{n}").write_bytes(b"x")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            upkeep.sweep(ws)
            times.append(time.perf_counter() - start)
        print(f"{args.files} files, {args.repeat} sweeps: median "
              f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
