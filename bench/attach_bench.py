"""Attach and finalise with photos and a 20 MB PDF, through the real services.

    python bench/attach_bench.py                 # 5 reports, each 3 photos + one 20 MB PDF
    python bench/attach_bench.py --reports 10 --data-dir /tmp/lapor-attach

Each report is a draft (``intake.save_draft``) that gets three camera-like 12 MP JPEG photos
(tests/support/photos.py, quality 92, EXIF GPS: downscaled and stripped when attached) and
one 20 MB PDF through ``intake.add_attachment`` (what the intake form's worker thread
calls: read, downscale, store durably), then ``intake.finalise``. Prints the wall time of
each kind of step (median and max, and the median CPU time of the process, steadier on a
shared machine) and the bytes stored under ``attachments/``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lapor_desktop import intake
from lapor_desktop.workspace import Workspace
from tests.support.factories import report_data
from tests.support.photos import photo_like

REGION = "61.05.01.2008"
PASSWORD = "sandi-bench-attach-1"
PDF_SIZE = 20 * 1024 * 1024


def _inputs(folder: Path) -> tuple[list[Path], Path]:
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for i in range(3):
        p = folder / f"foto-{i}.jpg"
        p.write_bytes(photo_like(seed=i))
        photos.append(p)
    pdf = folder / "surat.pdf"
    with open(pdf, "wb") as fh:
        fh.write(b"%PDF-1.4\n1 0 obj<<>>endobj\n% Surat keterangan\n")
        block = bytes(range(256)) * 4096  # 1 MiB of varied bytes
        while fh.tell() + len(block) < PDF_SIZE - 16:
            fh.write(block)
        fh.write(b"0" * (PDF_SIZE - 7 - fh.tell()) + b"%%EOF\n\n")
    return photos, pdf


def _stats(name: str, values: list[tuple[float, float]]) -> str:
    ms = [v[0] * 1000 for v in values]
    cpu = [v[1] * 1000 for v in values]
    return (f"{name:<22} n={len(ms):<3} median {statistics.median(ms):8.1f} ms   "
            f"max {max(ms):8.1f} ms   CPU median {statistics.median(cpu):8.1f} ms")


class _Timer:
    """Wall and CPU time of one step (CPU time is steadier on a shared machine)."""

    def __init__(self, into: list[tuple[float, float]]):
        self.into = into

    def __enter__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def __exit__(self, *exc: object) -> None:
        self.into.append((time.perf_counter() - self.wall, time.process_time() - self.cpu))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=5)
    ap.add_argument("--data-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    root = args.data_dir or Path(tempfile.mkdtemp(prefix="lapor-attach-bench-"))
    try:
        return _run(root, args.reports)
    finally:
        if args.data_dir is None:  # ~100 MB per run: never leave it behind
            shutil.rmtree(root, ignore_errors=True)


def _run(root: Path, reports: int) -> int:
    photos, pdf = _inputs(root / "inputs")
    data_dir = root / "data"
    with Workspace.open(data_dir) as ws:
        actor = ws.initialise(REGION, "admin", PASSWORD)
    ws = Workspace.open(data_dir)
    actor = ws.login("admin", PASSWORD)
    photo_t: list[tuple[float, float]] = []
    pdf_t: list[tuple[float, float]] = []
    fin_t: list[tuple[float, float]] = []
    try:
        for _ in range(reports):
            rid = intake.save_draft(ws, actor, report_data(region_code=REGION))
            for p in photos:
                with _Timer(photo_t):
                    intake.add_attachment(ws, actor, rid, p)
            with _Timer(pdf_t):
                intake.add_attachment(ws, actor, rid, pdf)
            with _Timer(fin_t):
                intake.finalise(ws, actor, rid)
        stored = sum(p.stat().st_size for p in ws.paths.attachments.rglob("*") if p.is_file())
    finally:
        ws.close()
    print(f"== attach and finalise: {reports} reports, 3 x 12 MP photo + 20 MB PDF each")
    print(_stats("attach 12 MP photo", photo_t))
    print(_stats("attach 20 MB PDF", pdf_t))
    print(_stats("finalise (4 files)", fin_t))
    print(f"stored under attachments/: {stored:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
