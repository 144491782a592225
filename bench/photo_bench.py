"""Bytes per photo before and after attaching (downscale to 1600 px, JPEG quality 80).

Camera-like 12 MP test photos (tests/support/photos.py: gradients, shapes, texture, grain,
EXIF orientation and GPS) at the quality a phone writes, through ``photos.downscale``; and
what each costs on a 256 kbit/s link.

    python bench/photo_bench.py [--count 5]
    python bench/photo_bench.py --link [--count 3]

``--link`` sends ``count`` reports, each with one 12 MP photo, through the fault proxy of
the poor-link benchmark (32,000 B/s, 300 ms, every connection cut every ~30 s) to a real
central on 127.0.0.1: once with the photos as attached now (downscaled) and once at full
size (downscaling switched off for the run), and prints wall time, runs and bytes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lapor_desktop import photos
from tests.support.photos import photo_like

LINK_BPS = 256_000


def _link_run(count: int, downscaled: bool, tmp: Path) -> str:
    from lapor_desktop import intake
    from lapor_desktop.sync.engine import SyncEngine
    from lapor_desktop.sync.http import LaporHttpGateway
    from lapor_desktop.sync.service import enroll_device
    from lapor_desktop.workspace import Workspace
    from tests.support.central import start_central
    from tests.support.factories import PASSWORD, REGION, report_data
    from tests.sync.faultproxy import FaultProxy

    original = photos.downscale
    if not downscaled:
        photos.downscale = lambda data, media_type: None
    central = start_central(tmp)
    try:
        ws = Workspace.open(tmp / "data")
        actor = ws.initialise(REGION, "admin", PASSWORD, "Admin")
        for i in range(count):
            src = tmp / f"IMG_{i:04d}.jpg"
            src.write_bytes(photo_like(4000, 3000, seed=i))
            rid = intake.save_draft(ws, actor, report_data(title=f"Laporan foto {i}"))
            intake.add_attachment(ws, actor, rid, src)
            intake.finalise(ws, actor, rid)
        stored = sum(p.stat().st_size for p in ws.paths.attachments.rglob("*") if p.is_file())
        enroll_device(ws, actor, central.url, central.enroll_code(REGION))
        with FaultProxy(central.port, rate=32_000, latency=0.3, drop_every=30) as proxy:
            t0, runs = time.monotonic(), 0
            for runs in range(1, 41):
                gw = LaporHttpGateway(proxy.url)
                s = SyncEngine(ws, actor, gw).run_once()
                gw.close()
                if s.outcome == "ok" and s.waiting == 0:
                    break
            wall = time.monotonic() - t0
            up, drops = proxy.bytes_up, proxy.faults.get("periodic-drop", 0)
        got = sum(1 for r in central.export() for a in r["attachments"] if a["received"])
        ws.close()
        return (f"{'downscaled' if downscaled else 'full size '}: {count} photos, "
                f"{stored:,} bytes stored; {wall:.0f} s wall, {runs} run(s), {drops} drops, "
                f"bytes up {up:,}; central holds {got}/{count} photos")
    finally:
        central.stop()
        photos.downscale = original


def link(count: int) -> None:
    import tempfile

    print(f"== poor link: 256 kbit/s, 300 ms, drop every ~30 s; {count} reports with one "
          "12 MP photo each")
    for downscaled in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            print("  " + _link_run(count, downscaled, Path(tmp)), flush=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--link", action="store_true")
    args = p.parse_args()
    if args.link:
        link(args.count)
        return
    rows = []
    for seed in range(args.count):
        for quality in (92, 97):
            before = photo_like(4000, 3000, seed=seed, quality=quality)
            t = time.perf_counter()
            after = photos.downscale(before, "image/jpeg")
            rows.append((seed, quality, len(before), len(after), time.perf_counter() - t))
    print(f"{'foto':>4} {'q':>3} {'sebelum':>10} {'sesudah':>9} {'rasio':>6} "
          f"{'256k s sblm':>11} {'256k s ssdh':>11} {'waktu s':>7}")
    for seed, q, b, a, dt in rows:
        print(f"{seed:>4} {q:>3} {b:>10} {a:>9} {b / a:>6.1f} {b * 8 / LINK_BPS:>11.0f} "
              f"{a * 8 / LINK_BPS:>11.1f} {dt:>7.2f}")
    before = sum(r[2] for r in rows) / len(rows)
    after = sum(r[3] for r in rows) / len(rows)
    print(f"mean: {before:.0f} -> {after:.0f} bytes per photo; at 256 kbit/s "
          f"{before * 8 / LINK_BPS:.0f} s -> {after * 8 / LINK_BPS:.1f} s; "
          f"largest after: {max(r[3] for r in rows)} bytes")


if __name__ == "__main__":
    main()
