"""Cost of delivery copies (revision 0009): finalising with the identity sealed to central
(and the kecamatan) and the work copy erased, the wire a sync builds, and central opening
a box.

    python bench/delivery_bench.py [REPORTS] [ROUNDS]

Runs against whatever ``lapor_desktop`` is importable, so the same script times the tree
before this revision (it ignores ``meta.central_key``) and after. For each round, two fresh
stores (test-speed KDF): one never enrolled (no central key: the work copy stays) and one
that knows central's key. Per store: REPORTS drafts finalised one by one (``finalise``, the
desk's path), REPORTS more through ``create_reports`` in batches of 100 (the CLI's path),
then the sync's wire for all of them (``SyncEngine._wire``, the per-report cost of the
push besides the network). Medians of the rounds, wall time per report.
"""

from __future__ import annotations

import base64
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["LAPOR_DESKTOP_TEST_FAST_KDF"] = "1"  # store set-up only; no password is timed

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import select

from lapor_desktop import intake
from lapor_desktop.store.models import Report
from lapor_desktop.sync.engine import SyncEngine
from lapor_desktop.workspace import Workspace

REPORT = {"kind": "pengaduan", "title": "Jalan desa berlubang di Dusun Tertung",
          "body": "Jalan utama dusun berlubang besar sejak banjir bulan lalu dan membahayakan "
                  "anak sekolah.", "incident_date": "2026-10-20", "region_code": "61.05.01.2008",
          "location_detail": "Jl. Lintas Tertung", "category": "infrastruktur", "agency": None,
          "privacy": "publik", "channel": "tatap_muka",
          "complainant": {"name": "Siti Aminah", "nik": "6105015005900001",
                          "phone": "081234567890", "email": "siti@example.org",
                          "address": "RT 02 RW 01 Dusun Tertung"}}
PRIVATE = X25519PrivateKey.generate()
PUBLIC = PRIVATE.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _round(reports: int, enrolled: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp)) as ws:
        admin = ws.initialise("61.05.01.2008", "admin", "kopi-hujan-jembatan-7")
        if enrolled:
            ws.db.set_meta("central_key", base64.b64encode(PUBLIC).decode())
        drafts = [intake.save_draft(ws, admin, REPORT) for _ in range(reports)]
        start = time.perf_counter()
        for rid in drafts:
            intake.finalise(ws, admin, rid)
        out["finalise"] = (time.perf_counter() - start) / reports * 1000
        start = time.perf_counter()
        for _ in range(0, reports, 100):
            intake.create_reports(ws, admin, [REPORT] * 100)
        out["create_reports"] = (time.perf_counter() - start) / (reports // 100 * 100) * 1000
        with ws.db.read() as s:
            ids = list(s.scalars(select(Report.id).where(Report.local_state == "siap_kirim")))
        engine = SyncEngine(ws, admin, None)  # type: ignore[arg-type]
        start = time.perf_counter()
        wires = engine._wire(ids)
        out["sync wire"] = (time.perf_counter() - start) / len(ids) * 1000
        out["sealed"] = float(sum("identity_box" in w for w in wires))
    return out


def main() -> None:
    reports = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for enrolled in (False, True):
        runs = [_round(reports, enrolled) for _ in range(rounds)]
        label = "central key known" if enrolled else "never enrolled"
        for what in ("finalise", "create_reports", "sync wire"):
            values = [r[what] for r in runs]
            print(f"{label:18} {what:15} median {statistics.median(values):7.2f} ms/report "
                  f"({', '.join(f'{v:.2f}' for v in values)})")
        print(f"{label:18} wires with identity_box: {runs[-1]['sealed']:.0f}/{reports * 2}")
    try:
        from lapor_protocol import identity_box
    except ImportError:
        return
    private = PRIVATE.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    keys = {identity_box.key_id(PUBLIC): private}
    comp = {**REPORT["complainant"], "salt": "0" * 32}
    member = identity_box.seal(PUBLIC, "r", "h", comp)
    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        identity_box.seal(PUBLIC, "r", "h", comp)
    seal_ms = (time.perf_counter() - start) / n * 1000
    start = time.perf_counter()
    for _ in range(n):
        identity_box.open_box(keys, "r", "h", member)
    open_ms = (time.perf_counter() - start) / n * 1000
    print(f"identity box: seal {seal_ms:.3f} ms, open at central {open_ms:.3f} ms, "
          f"{len(member['sealed'])} base64 chars")


if __name__ == "__main__":
    main()
