"""Search: FTS over title, body, location, local number and tracking id; filters; pages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from lapor_desktop import intake, search
from lapor_desktop.search import Filters
from tests.support.factories import report_data

TOPICS = [
    ("Jembatan gantung rusak", "Papan jembatan gantung lapuk dan berbahaya bagi warga",
     "Dusun Sungai Ukoi", "infrastruktur"),
    ("Puskesmas kekurangan obat", "Persediaan obat di puskesmas pembantu habis sejak lama",
     "Pustu Tertung", "kesehatan"),
    ("Lampu jalan padam", "Penerangan jalan umum di depan masjid padam dua minggu",
     "Depan Masjid Al-Ikhlas", "listrik"),
    ("Air PDAM keruh", "Air ledeng berwarna coklat dan berbau setiap pagi hari",
     "RT 05 Kelurahan Ladang", "air_bersih"),
]


@pytest.fixture
def populated(workspace, actor):
    items = []
    for i in range(24):
        title, body, loc, cat = TOPICS[i % 4]
        items.append(report_data(title=f"{title} {i}", body=body, location_detail=loc,
                                 category=cat,
                                 kind="aspirasi" if i % 3 == 0 else "pengaduan"))
    done = intake.create_reports(workspace, actor, items)
    draft = intake.save_draft(workspace, actor, report_data(title="Draf tentang sampah"))
    with workspace.db.write() as s:
        # Spread creation times over days (UTC) and give two reports tracking ids.
        for n, f in enumerate(done):
            s.execute(text("UPDATE report SET created_at=:c WHERE id=:id"),
                      {"c": f"2026-11-{1 + n:02d} 10:00:00.000000", "id": f.id})
        s.execute(text("UPDATE report SET tracking_id='1916449', local_state='terkirim' "
                       "WHERE id=:id"), {"id": done[5].id})
        s.execute(text("UPDATE report SET region_code='61.05.01.1001' WHERE id=:id"),
                  {"id": done[6].id})
        s.execute(text("UPDATE report SET created_at='2026-11-27 18:30:00.000000' "
                       "WHERE id=:id"), {"id": draft})
    return workspace, done, draft


def ids(rows):
    return [r.id for r in rows]


def test_fts_fields(populated):
    ws, done, draft = populated
    assert len(search.query(ws, Filters(text="jembatan"))) == 6           # title
    assert len(search.query(ws, Filters(text="ledeng coklat"))) == 6      # body
    assert len(search.query(ws, Filters(text="Ikhlas"))) == 6             # location
    assert ids(search.query(ws, Filters(text=done[3].local_number))) == [done[3].id]
    assert ids(search.query(ws, Filters(text="1916449"))) == [done[5].id]  # tracking id
    assert ids(search.query(ws, Filters(text="sampah"))) == [draft]
    assert search.query(ws, Filters(text="tidakadakatasepertiini")) == []


def test_prefix_and_diacritics(populated):
    ws, *_ = populated
    assert len(search.query(ws, Filters(text="puskes"))) == 6
    assert len(search.query(ws, Filters(text="jemb"))) == 6
    assert len(search.query(ws, Filters(text="PUSKESMAS"))) == 6
    assert len(search.query(ws, Filters(text="obát"))) == 6
    assert search.count(ws, Filters(text="puskes")) == 6


JUNK = ['AND', 'OR NOT', '"', '""', "*", "(", ")", "NEAR(a b)", "title:jalan", "^jalan",
        "'; DROP TABLE report; --", "-", "jalan -padam", "a AND (b OR", "{title}: x", "\\",
        "%", "_", "😀🔥", "\x00", " ", "", "jalan*", "jalan OR air"]


def test_user_text_never_raises(populated):
    ws, *_ = populated
    for junk in JUNK:
        rows = search.query(ws, Filters(text=junk))
        assert search.count(ws, Filters(text=junk)) == len(rows), junk
    assert search.count(ws, Filters(text="jalan OR air")) == 0  # words, not operators
    assert search.count(ws, Filters(text="'; DROP TABLE report; --")) == 0
    assert search.count(ws) == 25


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_safe(populated, q):
    ws, *_ = populated
    assert search.count(ws, Filters(text=q)) == len(search.query(ws, Filters(text=q), limit=1000))


def test_filters(populated):
    ws, done, draft = populated
    assert search.count(ws) == 25
    assert ids(search.query(ws, Filters(state="draf"))) == [draft]
    assert ids(search.query(ws, Filters(state="terkirim"))) == [done[5].id]
    assert search.count(ws, Filters(state="siap_kirim")) == 23
    assert search.count(ws, Filters(kind="aspirasi")) == 8
    assert search.count(ws, Filters(kind="aspirasi", text="jembatan")) == 2  # 0, 12
    assert ids(search.query(ws, Filters(region_prefix="61.05.01.1"))) == [done[6].id]
    assert search.count(ws, Filters(region_prefix="61.05")) == 25
    assert search.count(ws, Filters(region_prefix="62")) == 0


def test_date_range_uses_the_office_calendar(populated):
    ws, done, draft = populated
    # done[n] was created 2026-11-(n+1) 10:00 UTC = 17:00 WIB the same day.
    rows = search.query(ws, Filters(date_from=date(2026, 11, 3), date_to=date(2026, 11, 5)))
    assert ids(rows) == [done[4].id, done[3].id, done[2].id]
    # The draft was made 2026-11-27 18:30 UTC = 28 November 01:30 WIB.
    assert draft in ids(search.query(ws, Filters(date_from=date(2026, 11, 28),
                                                 date_to=date(2026, 11, 28))))
    assert draft not in ids(search.query(ws, Filters(date_to=date(2026, 11, 27))))


def test_paging_covers_every_row_once(populated):
    ws, *_ = populated
    for filters in (Filters(), Filters(text="jalan"), Filters(kind="pengaduan")):
        total = search.count(ws, filters)
        seen = []
        for offset in range(0, total + 7, 7):
            seen += ids(search.query(ws, filters, limit=7, offset=offset))
        assert len(seen) == total == len(set(seen))
        assert seen == ids(search.query(ws, filters, limit=1000))


def test_newest_first(populated):
    ws, done, draft = populated
    rows = search.query(ws, limit=3)
    assert ids(rows) == [draft, done[23].id, done[22].id]
    assert all(r.created_at.tzinfo is not None for r in rows)


def test_fts_follows_updates(populated):
    ws, done, _ = populated
    with ws.db.write() as s:
        s.execute(text("UPDATE report SET tracking_id='2000001' WHERE id=:id"),
                  {"id": done[0].id})
    assert ids(search.query(ws, Filters(text="2000001"))) == [done[0].id]
    rows = search.query(ws, Filters(state="draf"))
    intake.delete_draft(ws, ws.login("admin", "sandi-rahasia-1"), rows[0].id)
    assert search.query(ws, Filters(text="sampah")) == []
