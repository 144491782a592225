"""Cost of the role key: sealing and opening one identity, an audit append, and the
one-time pass that seals an upgraded store at login.

    python bench/role_keys_bench.py [REPORTS]

REPORTS (default 2000) finalised reports are written to a throwaway store (test-speed KDF),
their seals are cleared as a store from before revision 0005 would have them, and the pass
(``rolekeys.after_login``) is timed once.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["LAPOR_DESKTOP_TEST_FAST_KDF"] = "1"  # the store set-up only; no password is timed

from sqlalchemy import update

from lapor_desktop import intake, rolekeys
from lapor_desktop.security import new_encryption_key
from lapor_desktop.store.models import Report
from lapor_desktop.workspace import Workspace

IDENTITY = {"name": "Siti Aminah", "nik": "6105015005900001", "phone": "+6281234567890",
            "email": "siti@example.org", "address": "RT 02 RW 01 Dusun Tertung",
            "salt": "0" * 32}
REPORT = {"kind": "pengaduan", "title": "Jalan desa berlubang di Dusun Tertung",
          "body": "Jalan utama dusun berlubang besar sejak banjir bulan lalu dan membahayakan "
                  "anak sekolah.", "incident_date": "2026-10-20", "region_code": "61.05.01.2008",
          "location_detail": "Jl. Lintas Tertung", "category": "infrastruktur", "agency": None,
          "privacy": "publik", "channel": "tatap_muka",
          "complainant": {k: v for k, v in IDENTITY.items() if k != "salt"}}


def _median_ms(fn, n: int = 1000) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    reports = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    private, public = new_encryption_key()
    box = rolekeys.seal_identity(public, "r", IDENTITY)
    seal_ms = _median_ms(lambda: rolekeys.seal_identity(public, "r", IDENTITY))
    print(f"seal one identity: {seal_ms:.3f} ms (box {len(box)} bytes)")
    print(f"open one identity: "
          f"{_median_ms(lambda: rolekeys.open_box(private, box, b'lapor-identity:r')):.3f} ms")
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp)) as ws:
        admin = ws.initialise("61.05.01.2008", "admin", "kopi-hujan-jembatan-7")
        start = time.perf_counter()
        for i in range(0, reports, 200):
            intake.create_reports(ws, admin, [REPORT] * min(200, reports - i))
        per = (time.perf_counter() - start) / reports * 1000
        print(f"finalise (create_reports, batches of 200, seal included): {per:.2f} ms/report")
        append = _median_ms(lambda: intake.record_export(ws, admin, "csv", 0), 200)
        print(f"audit append (one write transaction, keyed link and ratchet): {append:.2f} ms")
        with ws.db.write() as s:
            s.execute(update(Report).values(sealed_identity=None))
            ws.db.set_meta(rolekeys.SEALED_META, "0", session=s)
        start = time.perf_counter()
        sealed = rolekeys.after_login(ws, admin)
        print(f"upgrade pass at login: {sealed} identities sealed in "
              f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
