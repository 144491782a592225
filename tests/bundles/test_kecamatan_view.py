"""Reports by village and status, overdue by working days, CSV without identity."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from lapor_desktop import bundles
from lapor_desktop import kecamatan as kec
from lapor_desktop.store.models import Report
from tests.bundles.conftest import add_reports, fp


def test_summary_overdue_and_csv(paired, tmp_path):
    village, kecamatan = paired
    ids = add_reports(village, tmp_path, 3, attachments=0)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    received = datetime(2026, 3, 2, 2, tzinfo=UTC)  # Monday, WIB morning
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


def test_silent_villages_are_flagged(paired, tmp_path, capsys, monkeypatch):
    from datetime import timedelta

    from lapor_desktop.cli import main
    from tests.support.factories import PASSWORD

    village, kecamatan = paired
    add_reports(village, tmp_path, 1, attachments=0)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    now = datetime.now(UTC)

    rows = {v.region_code: v for v in kec.village_activity(kecamatan.ws, now=now)}
    here = rows[village.ws.region_code]
    assert not here.silent and here.silent_days == 0 and here.last_bundle_at is not None
    assert here.last_report_at is not None and here.name == "Tertung"
    never = [v for v in rows.values() if v.region_code != village.ws.region_code]
    assert len(never) > 20 and all(v.silent and v.silent_days is None for v in never)

    later = kec.village_activity(kecamatan.ws, now=now + timedelta(days=15))
    tertung = next(v for v in later if v.region_code == village.ws.region_code)
    assert tertung.silent and tertung.silent_days == 15
    # The threshold is a setting.
    kecamatan.ws.settings.extra[kec.SILENT_DAYS_SETTING] = 30
    assert not next(v for v in kec.village_activity(kecamatan.ws, now=now + timedelta(days=15))
                    if v.region_code == village.ws.region_code).silent

    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    assert main(["kecamatan", "silent", "--data-dir", str(kecamatan.root)]) == 0
    text = capsys.readouterr().out
    assert "Tertung" in text and "belum pernah" in text
