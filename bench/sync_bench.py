"""Sync benchmark: prints figures (not a test). Run from the repository root:

    /work/venv/bin/python bench/sync_bench.py            # loopback + poor village link
    /work/venv/bin/python bench/sync_bench.py --quick    # smaller data sets
    /work/venv/bin/python bench/sync_bench.py --workers 1  # attachments one at a time

1. Loopback: N reports (default 10,000) and M attachments of 200 KB (default 1,000) pushed
   by one ``run_once``; wall time, bytes on the wire per report, and the same per-report
   figures for a one-request-per-report client (the engine with a batch limit of 1) on a
   sample.
2. Poor village link through the fault proxy (256 kbit/s, 300 ms latency, a drop every
   ~30 s): everything arrives, and bytes sent beyond the payload.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from lapor_desktop import intake
from lapor_desktop.sync.engine import SyncEngine
from lapor_desktop.sync.gateway import Limits, ServerInfo
from lapor_desktop.sync.http import LaporHttpGateway
from lapor_desktop.sync.service import enroll_device
from lapor_desktop.workspace import Workspace
from tests.support.central import start_central
from tests.support.factories import PASSWORD, REGION, report_data
from tests.sync.faultproxy import FaultProxy


def make_workspace(root: Path, n: int, n_att: int, att_size: int):
    ws = Workspace.open(root / "data")
    actor = ws.initialise(REGION, "admin", PASSWORD, "Admin")
    src = root / "src"
    src.mkdir()
    every = max(1, n // n_att) if n_att else 0
    made = 0
    batch = []
    t0 = time.monotonic()
    for i in range(n):
        atts = []
        if every and i % every == 0 and made < n_att:
            p = src / f"f{i}.pdf"
            body = b"%PDF-1.4\n" + os.urandom(att_size - 16) + b"\n%%EOF\n"
            p.write_bytes(body[:att_size])
            atts.append(str(p))
            made += 1
        batch.append(report_data(title=f"Laporan bench {i}", attachments=atts))
        if len(batch) == 500:
            intake.create_reports(ws, actor, batch)
            batch = []
    if batch:
        intake.create_reports(ws, actor, batch)
    for p in src.iterdir():
        p.unlink()
    print(f"  (set-up: {n} reports, {made} attachments in {time.monotonic() - t0:.1f} s)")
    return ws, actor


class OneByOne(LaporHttpGateway):
    """The naive client: one report per request (have-list and push)."""

    def ping(self) -> ServerInfo:
        info = super().ping()
        return ServerInfo(info.protocol, info.version, info.server_time,
                          Limits(1, info.limits.max_batch_bytes,
                                 info.limits.max_attachment_bytes), info.tus_path)


UPLOAD_WORKERS = 3


def run(ws, actor, gw) -> tuple[float, object]:
    t0 = time.monotonic()
    s = SyncEngine(ws, actor, gw, upload_workers=UPLOAD_WORKERS).run_once()
    return time.monotonic() - t0, s


def loopback(n: int, n_att: int, sample: int, gzip_level: int) -> None:
    print(f"== loopback: {n} reports, {n_att} x 200 KB attachments, gzip level {gzip_level}, "
          f"up to {UPLOAD_WORKERS} parallel uploads")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        central = start_central(tmp, max_batch_count=500)
        try:
            ws, actor = make_workspace(tmp / "a", n, n_att, 200 * 1024)
            enroll_device(ws, actor, central.url, central.enroll_code(REGION))
            gw = LaporHttpGateway(central.url, gzip_level=gzip_level)
            wall, s = run(ws, actor, gw)
            att_bytes = n_att * 200 * 1024
            print(f"  batched: {wall:.1f} s wall, outcome {s.outcome}, sent {s.sent}, "
                  f"waiting {s.waiting}, {gw.stats.requests} requests")
            print(f"  bytes out {gw.stats.bytes_out:,} (attachments {att_bytes:,}); "
                  f"per report excl. attachments {(gw.stats.bytes_out - att_bytes) / n:.0f} B;"
                  f" in {gw.stats.bytes_in / n:.0f} B/report")
            ws.close()
            ws2, actor2 = make_workspace(tmp / "b", sample, 0, 0)
            enroll_device(ws2, actor2, central.url, central.enroll_code(REGION))
            gw2 = OneByOne(central.url, gzip_level=gzip_level)
            wall2, s2 = run(ws2, actor2, gw2)
            ws3, actor3 = make_workspace(tmp / "c", sample, 0, 0)
            enroll_device(ws3, actor3, central.url, central.enroll_code(REGION))
            gw3 = LaporHttpGateway(central.url, gzip_level=gzip_level)
            wall3, s3 = run(ws3, actor3, gw3)
            print(f"  reports only, {sample} reports: one-per-request {wall2:.2f} s, "
                  f"{gw2.stats.requests} requests, {gw2.stats.bytes_out / sample:.0f} B out/"
                  f"report; batched {wall3:.2f} s, {gw3.stats.requests} requests, "
                  f"{gw3.stats.bytes_out / sample:.0f} B out/report")
            print(f"  ratio one-per-request / batched: time {wall2 / wall3:.1f}x, bytes "
                  f"{gw2.stats.bytes_out / max(1, gw3.stats.bytes_out):.1f}x")
        finally:
            central.stop()


def poor_link(n: int, n_att: int, att_size: int) -> None:
    print(f"== poor link: 256 kbit/s, 300 ms, drop every ~30 s; {n} reports, "
          f"{n_att} x {att_size // 1024} KB")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        central = start_central(tmp)
        try:
            ws, actor = make_workspace(tmp / "a", n, n_att, att_size)
            enroll_device(ws, actor, central.url, central.enroll_code(REGION))
            with FaultProxy(central.port, rate=32_000, latency=0.3, drop_every=30) as proxy:
                t0 = time.monotonic()
                runs = 0
                for runs in range(1, 21):
                    gw = LaporHttpGateway(proxy.url)
                    s = SyncEngine(ws, actor, gw, upload_workers=UPLOAD_WORKERS).run_once()
                    gw.close()
                    if s.outcome == "ok" and s.waiting == 0:
                        break
                wall = time.monotonic() - t0
                up = proxy.bytes_up
                drops = proxy.faults.get("periodic-drop", 0)
            exported = central.export()
            received = sum(1 for r in exported for a in r["attachments"] if a["received"])
            gw_probe = LaporHttpGateway(central.url)
            wires = SyncEngine(ws, actor, gw_probe)._wire(
                [r["id"] for r in exported])
            import gzip
            import json

            raw = json.dumps({"reports": wires}, separators=(",", ":")).encode()
            payload = n_att * att_size + len(raw)
            payload_gz = n_att * att_size + len(gzip.compress(raw, 6))
            print(f"  {wall:.0f} s wall, {runs} run(s), {drops} drops; central holds "
                  f"{len(exported)}/{n} reports, {received}/{n_att} attachments")
            print(f"  bytes up {up:,}; payload {payload:,} (reports as JSON) -> overhead "
                  f"{100 * (up - payload) / payload:.1f}%; against gzip payload "
                  f"{payload_gz:,} -> {100 * (up - payload_gz) / payload_gz:.1f}%")
        finally:
            central.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--gzip", type=int, default=6)
    ap.add_argument("--skip-poor", action="store_true")
    ap.add_argument("--skip-loopback", action="store_true")
    ap.add_argument("--workers", type=int, default=3,
                    help="parallel attachment uploads on a fast link (1 = one at a time)")
    a = ap.parse_args()
    global UPLOAD_WORKERS
    UPLOAD_WORKERS = a.workers
    if not a.skip_loopback:
        if a.quick:
            loopback(1000, 100, 200, a.gzip)
        else:
            loopback(10_000, 1_000, 1_000, a.gzip)
    if not a.skip_poor:
        poor_link(20, 8, 100 * 1024) if a.quick else poor_link(40, 12, 100 * 1024)


if __name__ == "__main__":
    main()
