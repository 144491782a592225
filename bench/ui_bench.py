"""Desktop UI benchmark with 100,000 reports in the store.

    QT_QPA_PLATFORM=offscreen python bench/ui_bench.py [--reports 100000] [--data-dir DIR]
    QT_QPA_PLATFORM=offscreen python bench/ui_bench.py --stall

With ``--stall``: the longest GUI-thread stall during a sync, a bundle import, an
attachment and a kecamatan view refresh (bench/ui_stall.py), one line per operation.

Prints: cold start (a fresh process until the main window is shown), a search keystroke
(filter applied to results in the model, after the 250 ms debounce; also with a state
filter, where the count is capped), scrolling the list to the end by fetchMore pages, and
peak RSS of the UI process before and after scrolling.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "sandi-rahasia-1"
REGION = "61.05.01.2008"
WORDS = ["jalan", "rusak", "berlubang", "jembatan", "putus", "lampu", "mati", "air", "bersih", "sumur", "bor", "sekolah", "puskesmas", "obat", "bantuan", "sosial", "beras", "KTP", "akta", "kelahiran", "listrik", "padam", "sampah", "banjir", "irigasi", "sawah", "pupuk", "dana", "desa", "posyandu", "guru", "honor", "ambulans"]


def populate(data_dir: Path, n: int) -> None:
    from sqlalchemy import insert

    from lapor_desktop import intake
    from lapor_desktop.store.models import Report
    from lapor_desktop.workspace import Workspace

    ws = Workspace.open(data_dir)
    actor = ws.initialise(REGION, "admin", PASSWORD, "Admin Desa")
    rnd = random.Random(7)
    start = datetime(2026, 1, 2, tzinfo=UTC)
    states = ["terkirim"] * 6 + ["siap_kirim"] * 3 + ["perlu_perbaikan"]
    remotes = ["diterima", "terverifikasi", "diteruskan", "ditindaklanjuti", "selesai",
               "ditunda"]
    kinds = ["pengaduan", "pengaduan", "aspirasi", "permintaan_informasi"]
    t0 = time.perf_counter()
    batch = []
    for i in range(n):
        words = rnd.sample(WORDS, 6)
        created = start + timedelta(minutes=4 * i)
        state = rnd.choice(states)
        remote = rnd.choice(remotes) if state == "terkirim" else None
        batch.append(dict(
            id=str(uuid.uuid4()), local_number=f"{REGION}-B-{i + 1:06d}", kind=rnd.choice(kinds),
            title=" ".join(words[:4]).capitalize(), body=" ".join(words * 3),
            region_code=REGION, location_detail=f"Dusun {rnd.randint(1, 9)}",
            category="infrastruktur", agency="dpupr-sintang", privacy="publik",
            channel="tatap_muka", created_at=created, updated_at=created,
            finalised_at=created, local_state=state, remote_status=remote,
            remote_status_at=created + timedelta(days=2) if remote else None,
            received_at=created + timedelta(days=1) if remote else None,
            tracking_id=str(1_900_000 + i) if remote else None,
            status_seen=rnd.random() > 0.01, recorded_by=actor.operator_id))
        if len(batch) == 5000:
            with ws.db.write() as s:
                s.execute(insert(Report), batch)
            batch.clear()
    if batch:
        with ws.db.write() as s:
            s.execute(insert(Report), batch)
    sys.path.insert(0, str(ROOT))
    from tests.support.factories import report_data

    intake.create_reports(ws, actor, [report_data(title=f"Laporan layanan nomor {k}")
                                      for k in range(5)])
    ws.close()
    print(f"populated {n} reports in {time.perf_counter() - t0:.1f} s")


CHILD = textwrap.dedent("""
    import os, sys, time, resource
    T0 = float(sys.argv[3])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lapor_desktop.ui.app import make_app
    from lapor_desktop.workspace import Workspace
    app = make_app([])
    ws = Workspace.open(sys.argv[1])
    from lapor_desktop.ui.i18n import install_language
    install_language(ws.settings.language)
    from lapor_desktop.ui.login import LoginDialog
    dlg = LoginDialog(ws)
    dlg.show()
    app.processEvents()
    t_login = time.time() - T0
    k0 = time.time()
    actor = ws.login("admin", sys.argv[2])
    kdf = time.time() - k0
    from lapor_desktop.ui.main_window import MainWindow
    dlg.close()
    w0 = time.time()
    win = MainWindow(ws, actor, ask_print=False)
    win.resize(1366, 768)
    win.show()
    app.processEvents()
    t_main = time.time() - T0
    print(f"RESULT {t_login:.3f} {kdf:.3f} {time.time() - w0:.3f} {t_main:.3f}", flush=True)
""")


def cold_start(data_dir: Path, runs: int = 3) -> list[tuple[float, ...]]:
    out = []
    for _ in range(runs):
        t0 = time.time()
        res = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), PASSWORD, repr(t0)],
                             capture_output=True, text=True, cwd=str(ROOT),
                             env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        line = next((ln for ln in res.stdout.splitlines() if ln.startswith("RESULT")), None)
        if line is None:
            raise SystemExit(res.stderr)
        out.append(tuple(float(x) for x in line.split()[1:]))
    return out


def in_process(data_dir: Path) -> None:
    from lapor_desktop.ui.app import make_app
    from lapor_desktop.ui.main_window import PAGE_LIST, MainWindow
    from lapor_desktop.workspace import Workspace

    app = make_app([])
    ws = Workspace.open(data_dir)
    win = MainWindow(ws, ws.login("admin", PASSWORD), ask_print=False)
    win.resize(1366, 768)
    win.show()
    win.go(PAGE_LIST)
    app.processEvents()
    page = win.list_page
    print(f"list: {page.model.total} reports, {page.model.rowCount()} rows loaded")

    # A search keystroke: what happens when the debounce timer fires.
    timings = []
    for text in ["j", "ja", "jal", "jala", "jalan", "jalan r", "jalan ru", "jalan rusak",
                 "sumur", "puskesmas obat", "B-050000", "layanan", ""]:
        page.search.setText(text)
        t = time.perf_counter()
        page.apply_filters()
        app.processEvents()
        timings.append((text, (time.perf_counter() - t) * 1000, page.model.total))
    for text, ms, total in timings:
        print(f"search {text!r:18} {ms:7.1f} ms  ({total} matches)")
    worst = max(ms for _t, ms, _n in timings)
    print(f"search keystroke: worst {worst:.1f} ms, median "
          f"{sorted(ms for _t, ms, _n in timings)[len(timings) // 2]:.1f} ms")
    # Text plus a filter: counted only up to a cap (search.count_upto).
    page.state.setCurrentIndex(page.state.findData("siap_kirim"))
    for text in ["j", "jalan"]:
        page.search.setText(text)
        t = time.perf_counter()
        page.apply_filters()
        app.processEvents()
        print(f"search {text!r} + state=siap_kirim: {(time.perf_counter() - t) * 1000:.1f} ms"
              f"  ({page.count_label.text()})")
    page.search.setText("")
    page.state.setCurrentIndex(0)
    for state in ("siap_kirim", "perlu_perbaikan"):
        page.state.setCurrentIndex(page.state.findData(state))
        t = time.perf_counter()
        app.processEvents()
        print(f"filter state={state}: {page.model.total} in "
              f"{(time.perf_counter() - t) * 1000:.1f} ms")
    page.state.setCurrentIndex(0)

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS before scrolling: {rss0:.0f} MB")
    # Scroll to the end: the view asks fetchMore page by page (keyset paging).
    table = page.table
    t = time.perf_counter()
    fetches = 0
    while page.model.canFetchMore():
        table.scrollToBottom()
        app.processEvents()
        fetches += 1
        if fetches > 2000:
            break
    dur = time.perf_counter() - t
    print(f"scroll to end: {page.model.rowCount()} rows in {fetches} steps, {dur:.2f} s "
          f"({dur / max(fetches, 1) * 1000:.1f} ms per page)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (UI process, after scrolling all rows): {rss:.0f} MB")
    win.close()
    ws.close()
    del win, page, table
    app.processEvents()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--data-dir")
    ap.add_argument("--stall", action="store_true",
                    help="measure GUI-thread stalls during long operations")
    args = ap.parse_args()
    if args.stall:
        sys.path.insert(0, str(ROOT / "bench"))
        import ui_stall

        with tempfile.TemporaryDirectory(prefix="ui-stall-") as tmp:
            ui_stall.run(Path(tmp))
        sys.stdout.flush()
        os._exit(0)
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp()) / "data"
    if not (data_dir / "lapor.sqlite3").exists():
        populate(data_dir, args.reports)
    runs = cold_start(data_dir)
    for login_shown, kdf, build, total in runs:
        print(f"cold start: login dialog shown {login_shown:.2f} s; password check {kdf:.2f} s;"
              f" main window built+shown {build:.2f} s; total {total:.2f} s; "
              f"total without the password check {total - kdf:.2f} s")
    in_process(data_dir)
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter's teardown of Qt objects


if __name__ == "__main__":
    raise SystemExit(main())
