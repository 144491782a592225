"""Migration c0006 (cases and the walk-in clock) on existing data, and ``report_clock`` over
the result, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from lapor_central.case_view import case_tracking_id, central_calendar, report_clock
from lapor_central.db import Database, alembic_config
from lapor_central.models import Report
from lapor_protocol.case_clock import case_clock
from lapor_protocol.catalog import parse_catalog, seed_document
from lapor_protocol.deadlines import WIB
from lapor_protocol.tracking import verification_code
from tests.central.conftest import BACKENDS
from tests.support import pg

OLD = sa.table("report", *(sa.column(c) for c in (
    "id", "tracking_id", "content_hash", "status", "local_number", "supersedes", "kind",
    "region_code", "category", "agency", "privacy", "origin_device_id", "origin_region_code",
    "pushed_by", "received_at", "wire_json")))
EVENT = sa.table("status_event", *(sa.column(c) for c in (
    "seq", "report_id", "status", "note", "agency", "at", "deadline")))


@pytest.fixture(params=BACKENDS)
def old_db(request, tmp_path):
    """A database at c0004 (before cases) with the seed counters and catalogue."""
    from alembic import command

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = pg.new_database(request.getfixturevalue("pg_cluster"))
    db = Database(url)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "c0004")
    db._seed()
    yield db
    db.dispose()


def _old_row(n: int, recorded: str, received: datetime, supersedes: str | None = None,
             rid: str | None = None) -> dict:
    rid = rid or str(uuid.uuid4())
    return dict(id=rid, tracking_id=str(1_000_000 + n), content_hash="0" * 64,
                status="diterima", local_number=f"61.05.01.2008/2026/{n:05d}",
                supersedes=supersedes, kind="pengaduan", region_code="61.05.01.2008",
                category="infrastruktur", agency=None, privacy="publik",
                origin_device_id="dev", origin_region_code="61.05.01.2008", pushed_by="dev",
                received_at=received, wire_json=json.dumps({"recorded_at": recorded}))


def test_backfill_links_cases_and_walk_in(old_db):
    from alembic import command

    arrived = datetime(2026, 11, 3, 2, 0)
    a = _old_row(1, "2026-11-02T03:00:00+00:00", arrived)
    b = _old_row(2, "2026-11-04T01:00:00Z", datetime(2026, 11, 4, 2, 0), supersedes=a["id"])
    c = _old_row(3, "2000-01-01T00:00:00", arrived)  # a flat CMOS battery
    missing = str(uuid.uuid4())
    d = _old_row(4, "2026-11-02T03:00:00", arrived, supersedes=missing)  # original not here
    with old_db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO device (id, name, region_code, enrolled_at) "
                             "VALUES ('dev', 'Laptop', '61.05.01.2008', :t)"), {"t": arrived})
        conn.execute(OLD.insert(), [a, b, c, d])
        conn.execute(EVENT.insert(), [
            dict(seq=1, report_id=a["id"], status="diterima", note=None, agency=None,
                 at=a["received_at"], deadline=None),
            dict(seq=2, report_id=b["id"], status="diterima", note=None, agency=None,
                 at=b["received_at"], deadline=None)])
        conn.execute(sa.text("INSERT INTO desk_state (key, value) VALUES ('queue_seq', 2)"))
        command.upgrade(alembic_config(conn), "head")

    with old_db.read() as s:
        rows = {r.id: r for r in s.scalars(sa.select(Report))}
        assert rows[a["id"]].case_id == a["id"] and rows[b["id"]].case_id == a["id"]
        assert rows[a["id"]].superseded_by == b["id"] and rows[b["id"]].superseded_by is None
        assert rows[c["id"]].case_id == c["id"] and rows[d["id"]].case_id == missing
        assert rows[a["id"]].walk_in_at == datetime(2026, 11, 2, 3, 0)
        assert rows[a["id"]].clock_trusted is True
        assert rows[c["id"]].walk_in_at == arrived and rows[c["id"]].clock_trusted is False
        assert s.scalar(sa.text("SELECT count(*) FROM desk_state")) == 0
        assert rows[a["id"]].verification_code == verification_code(a["id"], "0" * 64)

        # The correction's clock is its case's: counted from the original's walk-in, the
        # opening event of the correction is no step of the case.
        today = date(2026, 11, 4)
        clock = report_clock(s, rows[b["id"]], today)
        calendar = parse_catalog(seed_document()).calendar()
        expected = case_clock(datetime(2026, 11, 2, 3, 0), [("diterima", arrived)],
                              calendar, WIB, today)
        assert clock == expected
        assert clock.stage_due == date(2026, 11, 5) and clock.working_days_left == 2
        assert central_calendar(s).cuti_bersama == calendar.cuti_bersama
        assert case_tracking_id(s, rows[b["id"]]) == a["tracking_id"]
        untrusted = report_clock(s, rows[c["id"]], today)
        assert untrusted.clock_trusted is False and untrusted.walk_in_date == date(2026, 11, 3)
