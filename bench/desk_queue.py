"""Desk queue benchmark: server time of the queue page with 100,000 reports.

Seeds ``--count`` reports (default 100,000) straight into a fresh central database
(SQLite by default, or ``--db URL``): 60 villages in 6 kecamatan, 12 categories routed to
their agencies, a mix of statuses, received over the last 40 days so some are overdue.
Then starts ``lapor-central serve`` on loopback, signs in a kabupaten and an agency staff
member and requests queue pages (first page, filters, deep keyset pages) and a report page,
reading each response's ``Server-Timing`` (the handler's time, without the network).
Prints median and 95th percentile per scenario and the one-off queue build time.

    python bench/desk_queue.py [--count 100000] [--rounds 30] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from central_ingest import free_port, start  # noqa: E402 - same folder
from sqlalchemy import insert, update  # noqa: E402

from lapor_central.db import Database, utcnow  # noqa: E402
from lapor_central.deadlines import deadline_for  # noqa: E402
from lapor_central.desk.queue import catch_up  # noqa: E402
from lapor_central.desk.staff import add_staff  # noqa: E402
from lapor_central.models import Counter, Device, Report, StatusEvent  # noqa: E402

PASSWORD = "kopi-hitam-Sintang-2026!"
CATEGORIES = {"infrastruktur": "dpupr-sintang", "kesehatan": "dinkes-sintang",
              "pendidikan": "disdikbud-sintang", "kependudukan": "disdukcapil-sintang",
              "bansos": "dinsos-sintang", "listrik": "pln-sintang",
              "air_bersih": "pdam-sintang", "lingkungan": "dlh-sintang",
              "pertanian": "distan-sintang", "dana_desa": "dpmd-sintang",
              "ketertiban": "satpolpp-sintang", "pelayanan_publik": "pemkab-sintang"}
# (status, chain of statuses leading there)
PATHS = [["diterima"]] * 5 + [["diterima", "terverifikasi"]] * 2 + \
    [["diterima", "terverifikasi", "diteruskan"]] * 2 + \
    [["diterima", "terverifikasi", "diteruskan", "ditindaklanjuti"],
     ["diterima", "terverifikasi", "diteruskan", "ditindaklanjuti", "selesai"],
     ["diterima", "ditunda"]]


def villages() -> list[str]:
    kecs = ["61.05.01", "61.05.02", "61.05.03", "61.05.04", "61.05.05", "61.05.06"]
    return [f"{k}.{2000 + i:04d}" for k in kecs for i in range(1, 11)]


def seed(db: Database, count: int, rng: random.Random) -> None:
    now = utcnow()
    regions = villages()
    with db.write() as s:
        s.add(Device(id="bench-device", name="bench", region_code="61.05",
                     enrolled_at=now))
    seq, tracking, chunk = 0, 1_000_000, 5000
    for start in range(0, count, chunk):
        reports, events = [], []
        for n in range(start, min(count, start + chunk)):
            rid, cat = str(uuid.UUID(int=rng.getrandbits(128), version=4)), rng.choice(
                list(CATEGORIES))
            region, path = rng.choice(regions), rng.choice(PATHS)
            received = now - timedelta(minutes=rng.randint(0, 40 * 24 * 60))
            tracking += 1
            reports.append(dict(
                id=rid, tracking_id=str(tracking), content_hash="0" * 64, status=path[-1],
                local_number=f"{region}/2026/{n:06d}", supersedes=None, kind="pengaduan",
                region_code=region, category=cat, agency=CATEGORIES[cat], privacy="publik",
                origin_device_id="bench-device", origin_region_code=region,
                pushed_by="bench-device", received_at=received,
                wire_json=json.dumps({"title": f"Laporan uji beban nomor {n}",
                                      "region_code": region, "category": cat})))
            at = received
            for st in path:
                seq += 1
                events.append(dict(seq=seq, report_id=rid, status=st, note=None,
                                   agency=CATEGORIES[cat], at=at,
                                   deadline=deadline_for(st, at, received)))
                at = min(now, at + timedelta(hours=rng.randint(1, 72)))
        with db.write() as s:
            s.execute(insert(Report), reports)
            s.execute(insert(StatusEvent), events)
            s.execute(update(Counter).where(Counter.name == "event").values(value=seq))
            s.execute(update(Counter).where(Counter.name == "tracking").values(value=tracking))


def login(base: str, username: str) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{base}/desk/masuk", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = http.post(f"{base}/desk/masuk", data={"username": username, "password": PASSWORD,
                                               "csrf": csrf}, timeout=30, allow_redirects=False)
    assert r.status_code == 303, r.status_code
    return http


def server_ms(http: requests.Session, url: str) -> tuple[float, str]:
    r = http.get(url, timeout=60)
    assert r.status_code == 200, (r.status_code, url)
    return float(r.headers["server-timing"].split("dur=")[1]), r.text


def deep_page_url(http: requests.Session, base: str, pages: int) -> str:
    url = f"{base}/desk/"
    for _ in range(pages):
        html = http.get(url, timeout=60).text
        nxt = re.search(r'href="(/desk/\?[^"]*after_id=[^"]+)"', html)
        url = base + nxt.group(1).replace("&amp;", "&")
    return url


def measure(http: requests.Session, url: str, rounds: int) -> tuple[float, float]:
    server_ms(http, url)  # warm
    times = sorted(server_ms(http, url)[0] for _ in range(rounds))
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--db", help="SQLAlchemy URL of an empty database (default: temp SQLite)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'central.db'}"
        db = Database(db_url)
        db.migrate()
        t0 = time.perf_counter()
        seed(db, args.count, random.Random(14))
        t1 = time.perf_counter()
        catch_up(db)
        t2 = time.perf_counter()
        agencies = set(CATEGORIES.values())
        add_staff(db, "bench-kab", "kabupaten", PASSWORD, agencies=agencies)
        add_staff(db, "bench-dpu", "agency", PASSWORD, agency="dpupr-sintang",
                  agencies=agencies)
        db.dispose()
        print(f"seeded {args.count} reports in {t1 - t0:.1f} s; "
              f"queue read model built in {t2 - t1:.1f} s (one-off)")
        port = free_port()
        proc = start(db_url, Path(tmp) / "storage", port)
        base = f"http://127.0.0.1:{port}"
        try:
            run_scenarios(base, args.rounds)
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


def run_scenarios(base: str, rounds: int) -> None:
    kab, dpu = login(base, "bench-kab"), login(base, "bench-dpu")
    first = server_ms(kab, f"{base}/desk/")[1]
    report = re.search(r'href="(/desk/laporan/[0-9a-f-]+)"', first).group(1)
    scenarios = [
        ("kabupaten: first page, all reports", kab, f"{base}/desk/"),
        ("kabupaten: page 21 (keyset)", kab, deep_page_url(kab, base, 20)),
        ("kabupaten: status=diteruskan", kab, f"{base}/desk/?status=diteruskan"),
        ("kabupaten: one village", kab, f"{base}/desk/?village=61.05.03.2004"),
        ("kabupaten: kecamatan + category", kab,
         f"{base}/desk/?kecamatan=61.05.02&category=kesehatan"),
        ("kabupaten: overdue only", kab, f"{base}/desk/?overdue=1"),
        ("agency: first page", dpu, f"{base}/desk/"),
        ("agency: status=diteruskan + kecamatan", dpu,
         f"{base}/desk/?status=diteruskan&kecamatan=61.05.01"),
        ("kabupaten: report page", kab, base + report),
    ]
    print(f"{'scenario':45s} {'median ms':>10s} {'p95 ms':>8s}")
    for name, http, url in scenarios:
        med, p95 = measure(http, url, rounds)
        print(f"{name:45s} {med:10.1f} {p95:8.1f}")
    acts, pages = after_changes(kab, base, rounds)
    for name, times in (("kabupaten: action (Verifikasi)", acts),
                        ("kabupaten: first page right after an action", pages)):
        times.sort()
        print(f"{name:45s} {statistics.median(times):10.1f} "
              f"{times[min(len(times) - 1, int(len(times) * 0.95))]:8.1f}")


def after_changes(http: requests.Session, base: str, rounds: int) -> tuple[list, list]:
    """Each round verifies one report, then loads the queue: the counts are recomputed."""
    html = http.get(f"{base}/desk/?status=diterima", timeout=60).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    ids = list(dict.fromkeys(re.findall(r'href="/desk/laporan/([0-9a-f-]+)"', html)))
    acts, pages = [], []
    for rid in ids[:rounds]:
        r = http.post(f"{base}/desk/laporan/{rid}/aksi", timeout=60, allow_redirects=False,
                      data={"action": "verifikasi", "note": "", "csrf": csrf})
        assert r.status_code == 303, r.status_code
        acts.append(float(r.headers["server-timing"].split("dur=")[1]))
        pages.append(server_ms(http, f"{base}/desk/")[0])
    return acts, pages


if __name__ == "__main__":
    raise SystemExit(main())
