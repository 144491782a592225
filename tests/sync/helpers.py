"""Helpers of the sync tests: reports with attachments, enrolment, comparing with central."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from sqlalchemy import select

from lapor_desktop import intake
from lapor_desktop.store.models import Attachment, Report
from tests.support.factories import pdf_bytes, png_bytes, report_data, write_file


def make_reports(ws, actor, n: int, tmp: Path, *, seed: int = 1, max_atts: int = 2,
                 min_kb: int = 2, max_kb: int = 20, batch: int = 50) -> list[str]:
    rng = random.Random(seed)
    ids: list[str] = []
    k = 0
    for start in range(0, n, batch):
        items = []
        for i in range(start, min(n, start + batch)):
            atts = []
            for j in range(rng.randint(0, max_atts)):
                k += 1
                size = rng.randint(min_kb, max_kb) * 1024
                if rng.random() < 0.5:
                    data = pdf_bytes(f"lampiran {i}-{j}", pad=size)
                    name = f"surat-{i}-{j}.pdf"
                else:
                    data = png_bytes(8, 8, seed=k) + rng.randbytes(size)
                    name = f"foto-{i}-{j}.png"
                atts.append(str(write_file(tmp / "src", name, data)))
            items.append(report_data(title=f"Laporan uji nomor {i}", attachments=atts))
        ids += [f.id for f in intake.create_reports(ws, actor, items)]
    return ids


def local_state(ws) -> dict[str, dict]:
    with ws.db.read() as s:
        reps = {r.id: {"state": r.local_state, "hash": r.content_hash,
                       "tracking_id": r.tracking_id, "atts": {}}
                for r in s.scalars(select(Report).where(Report.local_state != "draf"))}
        for a in s.scalars(select(Attachment)):
            if a.report_id in reps:
                reps[a.report_id]["atts"][a.id] = (a.sha256, a.size,
                                                   ws.paths.root / a.stored_path)
    return reps


def assert_central_matches(ws, central, *, expect_all_sent: bool = True) -> None:
    exported = central.export()
    ids = [r["id"] for r in exported]
    assert len(ids) == len(set(ids)), "duplicate report on central"
    by_id = {r["id"]: r for r in exported}
    mine = local_state(ws)
    for rid, loc in mine.items():
        if not expect_all_sent and rid not in by_id:
            continue
        assert rid in by_id, f"report {rid} missing on central"
        got = by_id[rid]
        assert got["content_hash"] == loc["hash"]
        assert got["tracking_id"] == loc["tracking_id"] or loc["state"] != "terkirim"
        assert {a["id"] for a in got["attachments"]} == set(loc["atts"])
        for a in got["attachments"]:
            sha, size, path = loc["atts"][a["id"]]
            assert a["received"], f"attachment {a['id']} not received"
            stored = central.storage / "attachments" / rid / a["id"]
            # The local file is sealed; central holds (and verified) the plaintext.
            data = stored.read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (size, sha)
            assert data[:64] not in path.read_bytes()
        if expect_all_sent:
            assert loc["state"] == "terkirim", (rid, loc["state"])
