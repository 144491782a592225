"""Bytes per photo before and after attaching (downscale to 1600 px, JPEG quality 80).

Camera-like 12 MP test photos (tests/support/photos.py: gradients, shapes, texture, grain,
EXIF orientation and GPS) at the quality a phone writes, through ``photos.downscale``; and
what each costs on a 256 kbit/s link.

    python bench/photo_bench.py [--count 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lapor_desktop import photos  # noqa: E402
from tests.support.photos import photo_like  # noqa: E402

LINK_BPS = 256_000


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=5)
    args = p.parse_args()
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
