"""Reports by village and status, overdue by working days, CSV without identity."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from lapor_desktop import bundles, kecamatan as kec
from lapor_desktop.store.models import Report
from tests.bundles.conftest import add_reports, fp


def test_summary_overdue_and_csv(paired, tmp_path):
    village, kecamatan = paired
    ids = add_reports(village, tmp_path, 3, attachments=0)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    received = datetime(2026, 3, 2, 2, tzinfo=timezone.utc)  # Monday, WIB morning
    with kecamatan.ws.db.write() as s:
        for rid, status in zip(ids[:2], ("diterima", "selesai")):
            row = s.scalar(select(Report).where(Report.id == rid))
            row.local_state, row.tracking_id = "terkirim", f"10{rid[:4]}"
            row.remote_status, row.remote_status_at, row.received_at = status, received, received

    today = date(2026, 3, 4)  # two working days later: still in time
    assert kec.overdue_reports(kecamatan.ws, today=today) == []
    late_day = date(2026, 3, 16)
    overdue = kec.overdue_reports(kecamatan.ws, today=late_day)
    assert [o.id for o in overdue] == [ids[0]]
    assert overdue[0].village == "Tertung" and overdue[0].working_days_late > 0

    (row,) = kec.summary(kecamatan.ws, today=late_day)
    assert (row.region_code, row.total, row.overdue) == (village.ws.region_code, 3, 1)
    assert row.by_status == {"diterima": 1, "selesai": 1, "siap_kirim": 1}

    data = kec.csv_bytes(kecamatan.ws, today=late_day).decode("utf-8-sig")
    header = data.splitlines()[0].split(",")
    assert not {"name", "nik", "phone", "email", "address", "complainant"} & set(header)
    assert "Warga" not in data
    assert len(data.splitlines()) == 4


def test_csv_cells_never_start_a_formula():
    assert kec._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert kec._cell("-5") == "-5"
    assert kec._cell("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert kec._cell("+1+HYPERLINK(\"x\")") == "'+1+HYPERLINK(\"x\")"
    assert kec._cell("\t=1+1") == "'\t=1+1"
    assert kec._cell(None) == ""
