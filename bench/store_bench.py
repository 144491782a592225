"""Store benchmark: a populated local store, then finalise, search and list timings.

    python bench/store_bench.py                      # 100,000 reports in a temp dir
    python bench/store_bench.py --reports 5000 --data-dir /tmp/lapor-bench

The data set is bulk-inserted (realistic rows: encrypted identity, FTS index, outbox rows,
a hash-chained audit log); the timed operations go through the real services:
``intake.finalise`` (fsync included, synchronous=FULL) and ``search.query``.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lapor_desktop import audit, intake, search
from lapor_desktop.security import FieldCipher
from lapor_desktop.workspace import Workspace
from lapor_protocol.wire import canonical_json

REGION = "61.05.01.2008"
PASSWORD = "sandi-bench-1"

WORDS = ["jalan", "jembatan", "berlubang", "rusak", "banjir", "longsor", "sekolah", "guru", "puskesmas", "obat", "bidan", "listrik", "padam", "lampu", "air", "bersih", "sumur", "pdam", "keruh", "sampah", "sungai", "kebun", "sawit", "karet", "pupuk", "bantuan", "sosial", "beras", "pkh", "ktp", "kk", "akta", "dana", "desa", "posyandu", "ambulans", "parit", "drainase", "kapal", "dermaga", "sinyal", "internet", "pasar", "harga", "pungutan", "antrean", "pelayanan"]
PLACES = ("Dusun Tertung", "Dusun Hulu", "Jl. Lintas Melawi", "SD Negeri 12", "Pasar Inpres",
          "Puskesmas Tanjung Puri", "Dermaga Sungai Kapuas", "RT 03 RW 02", "Kantor Desa")
CATEGORIES = ("infrastruktur", "kesehatan", "pendidikan", "kependudukan", "bansos", "listrik",
              "air_bersih", "lingkungan", "pertanian", "dana_desa")
NAMES = ("Siti Aminah", "Yohanes Lumban", "Dayang Sumbi", "Agustinus Apui", "Nur Halimah")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def text_of(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def report_item(rng: random.Random) -> dict:
    return {
        "kind": rng.choice(["pengaduan", "pengaduan", "aspirasi", "permintaan_informasi"]),
        "title": text_of(rng, 6).capitalize(),
        "body": text_of(rng, rng.randint(25, 80)).capitalize() + ".",
        "incident_date": "2026-10-01",
        "region_code": REGION,
        "location_detail": rng.choice(PLACES),
        "category": rng.choice(CATEGORIES),
        "agency": None,
        "privacy": rng.choice(["publik", "anonim", "rahasia"]),
        "channel": "tatap_muka",
        "complainant": {"name": rng.choice(NAMES), "nik": "6105015005900001",
                        "phone": "+6281234567890", "email": None,
                        "address": "RT 02 RW 01 " + rng.choice(PLACES)},
    }


def populate(ws: Workspace, actor, n: int, rng: random.Random) -> None:
    """Bulk-insert n finalised reports, their outbox rows and audit events."""
    cipher = FieldCipher(actor.data_key)
    agencies = {c: ws.catalog().suggest_agency(c, REGION) for c in CATEGORIES}
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=730)
    step = (now - timedelta(minutes=5) - start) / max(n, 1)
    con = sqlite3.connect(ws.paths.database, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN IMMEDIATE")
    prev = con.execute("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    prev = prev[0] if prev else audit.GENESIS
    seq_by_year: dict[int, int] = {}
    reports, outbox, events = [], [], []

    def flush():
        con.executemany(
            "INSERT INTO report(id, local_number, kind, title, body, incident_date, "
            "region_code, location_detail, category, agency, privacy, channel, enc_name, "
            "enc_nik, enc_phone, enc_email, enc_address, recorded_by, created_at, updated_at, "
            "finalised_at, content_hash, local_state, status_seen, origin_device, "
            "origin_region) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            reports)
        con.executemany("INSERT INTO outbox(report_id, state, attempts, enqueued_at) "
                        "VALUES (?, 'pending', 0, ?)", outbox)
        con.executemany("INSERT INTO audit_event(at, operator_id, action, report_id, detail, "
                        "prev_hash, hash) VALUES (?,?,?,?,?,?,?)", events)
        reports.clear(), outbox.clear(), events.clear()

    for i in range(n):
        rid = str(uuid.uuid4())
        at = start + step * i
        seq_by_year[at.year] = seq_by_year.get(at.year, 0) + 1
        number = f"{REGION}-{at.year}-{seq_by_year[at.year]:05d}"
        item = report_item(rng)
        comp = item["complainant"]
        enc = [cipher.encrypt(comp[f], context=f"{rid}:{f}")
               for f in ("name", "nik", "phone", "email", "address")]
        stamp = at.replace(tzinfo=None).isoformat(" ", "microseconds")
        digest = __import__("hashlib").sha256(canonical_json({"id": rid, **item})).hexdigest()
        reports.append((rid, number, item["kind"], item["title"], item["body"],
                        item["incident_date"], REGION, item["location_detail"],
                        item["category"], agencies[item["category"]], item["privacy"],
                        item["channel"], *enc, actor.operator_id, stamp, stamp, stamp, digest,
                        "siap_kirim", 1, ws.device_id, REGION))
        outbox.append((rid, stamp))
        for action, detail in (("create", {}), ("finalise", {"local_number": number})):
            h = audit._digest(prev, at, actor.operator_id, action, rid, detail)
            events.append((stamp, actor.operator_id, action, rid,
                           canonical_json(detail).decode(), prev, h))
            prev = h
        if len(reports) >= 5000:
            flush()
    flush()
    for year, value in seq_by_year.items():
        con.execute("INSERT INTO counter(name, value) VALUES (?, ?) ON CONFLICT(name) "
                    "DO UPDATE SET value=excluded.value", (f"local_number:{year}", value))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--finalises", type=int, default=200)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--data-dir", help="where to build the store (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    tmp = None
    if args.data_dir:
        data_dir = Path(args.data_dir)
        if (data_dir / "lapor.sqlite3").exists():
            sys.exit(f"{data_dir} already holds a store; give an empty folder")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="lapor-bench-")
        data_dir = Path(tmp.name)

    with Workspace.open(data_dir) as ws:
        actor = ws.initialise(REGION, "admin", PASSWORD)
        t0 = time.perf_counter()
        populate(ws, actor, args.reports, rng)
        gen_s = time.perf_counter() - t0

    ws = Workspace.open(data_dir)
    actor = ws.login("admin", PASSWORD)
    intake.validate(ws, report_item(rng))  # warm the region list (a one-off ~0.2 s load)

    finalise_ms, finalise_cpu_ms = [], []
    for _ in range(args.finalises):
        rid = intake.save_draft(ws, actor, report_item(rng))
        cpu0 = time.process_time()
        finalise_ms.append(timed(lambda: intake.finalise(ws, actor, rid)))
        finalise_cpu_ms.append((time.process_time() - cpu0) * 1000)

    queries = []
    for i in range(args.queries):
        kind = i % 5
        if kind == 0:
            q = rng.choice(WORDS)                                 # one common word
        elif kind == 1:
            q = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"        # two words
        elif kind == 2:
            q = rng.choice(WORDS)[:4]                             # prefix while typing
        elif kind == 3:
            q = f"{REGION}-2026-{rng.randint(1, 500):05d}"        # a local number
        else:
            q = rng.choice(PLACES).split()[-1] + " " + rng.choice(WORDS)[:3]
        queries.append(q)
    search_ms = [timed(lambda: search.query(ws, search.Filters(text=q), limit=100))
                 for q in queries]
    count_ms = [timed(lambda: search.count(ws, search.Filters(text=q))) for q in queries[:20]]
    page_ms = [timed(lambda: search.query(ws, search.Filters(), limit=100)) for _ in range(50)]
    state_ms = [timed(lambda: search.query(ws, search.Filters(state="siap_kirim"), limit=100))
                for _ in range(20)]
    total = search.count(ws)
    ws.close()
    con = sqlite3.connect(data_dir / "lapor.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    db_bytes = (data_dir / "lapor.sqlite3").stat().st_size

    print(f"reports in store       : {total:,} (generated in {gen_s:.1f} s)")
    print(f"finalise (n={len(finalise_ms)})      : p50 {pct(finalise_ms, 50):.2f} ms, "
          f"p95 {pct(finalise_ms, 95):.2f} ms, max {max(finalise_ms):.2f} ms   "
          f"[target p95 <= 15 ms]")
    print(f"  of which CPU time    : p50 {pct(finalise_cpu_ms, 50):.2f} ms, "
          f"p95 {pct(finalise_cpu_ms, 95):.2f} ms (the rest is fsync and waiting)")
    print(f"FTS search (n={len(search_ms)})   : p50 {pct(search_ms, 50):.2f} ms, "
          f"p95 {pct(search_ms, 95):.2f} ms, max {max(search_ms):.2f} ms   "
          f"[target p95 <= 50 ms]")
    print(f"FTS count (n={len(count_ms)})     : p50 {pct(count_ms, 50):.2f} ms, "
          f"p95 {pct(count_ms, 95):.2f} ms")
    print(f"first page by date     : p50 {pct(page_ms, 50):.2f} ms, "
          f"p95 {pct(page_ms, 95):.2f} ms   [target <= 20 ms]")
    print(f"first page, by state   : p50 {pct(state_ms, 50):.2f} ms, "
          f"p95 {pct(state_ms, 95):.2f} ms")
    print(f"database bytes/report  : {db_bytes / max(total, 1):,.0f} "
          f"({db_bytes / 1e6:,.1f} MB total)")
    print(f"load average           : {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} cpu")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
