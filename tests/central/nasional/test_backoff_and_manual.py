"""The backoff policy, and the manual gateway's file per case."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapor_central.nasional import (
    BackoffPolicy,
    ManualGateway,
    NationalGateway,
    OutcomeKind,
    parse_retry_after,
    read_recorded_ids,
)
from lapor_central.nasional.manual import TRACKING_LABEL
from lapor_protocol.domain import Privacy
from tests.central.nasional.test_legacy_xml import case

# ------------------------------------------------------------------ backoff


def test_ceiling_doubles_up_to_the_cap():
    p = BackoffPolicy(base_s=10, cap_s=100, max_attempts=20)
    assert [p.ceiling(a) for a in range(1, 7)] == [10, 20, 40, 80, 100, 100]
    assert p.ceiling(10_000) == 100


def test_full_jitter_spans_zero_to_the_ceiling():
    p = BackoffPolicy(base_s=10, cap_s=1000, max_attempts=20)
    assert p.delay(3, rng=lambda: 0.0) == 0.0
    assert p.delay(3, rng=lambda: 0.999999) == pytest.approx(40, rel=1e-4)
    assert p.delay(3, rng=lambda: 0.5) == 20


@given(attempt=st.integers(1, 200), r=st.floats(0, 1, exclude_max=True),
       retry_after=st.none() | st.floats(0, 10**6))
def test_delay_is_never_negative_never_over_the_cap(attempt, r, retry_after):
    p = BackoffPolicy(base_s=30, cap_s=3600, max_attempts=500)
    d = p.delay(attempt, retry_after=retry_after, rng=lambda: r)
    assert d is not None and 0 <= d <= 3600
    if retry_after is not None:
        assert d >= min(retry_after, 3600)


def test_attempts_run_out_and_a_person_decides():
    p = BackoffPolicy(base_s=1, cap_s=2, max_attempts=3)
    assert p.delay(2) is not None
    assert p.delay(3) is None


def test_bad_policies_are_refused():
    for kw in ({"base_s": 0}, {"base_s": 10, "cap_s": 5}, {"max_attempts": 0}):
        with pytest.raises(ValueError):
            BackoffPolicy(**kw)


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True),
                             now) == 90
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# ------------------------------------------------------------------ manual gateway

def _rows(path) -> dict[str, str]:
    text = path.read_text("utf-8-sig")
    return {r[0]: r[1] for r in csv.reader(io.StringIO(text)) if r}


def test_manual_gateway_is_a_national_gateway(tmp_path):
    assert isinstance(ManualGateway(tmp_path), NationalGateway)


def test_one_file_per_case_with_the_web_form_fields(tmp_path):
    gw = ManualGateway(tmp_path / "lapor", today=date(2026, 12, 3))
    out = gw.submit(case("1000001", privacy=Privacy.RAHASIA))
    assert out.kind is OutcomeKind.MANUAL and out.reason == "file_written"
    assert out.file.name == "lapor-nasional-2026-12-03-1000001.csv"
    assert out.file.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel sees UTF-8
    rows = _rows(out.file)
    assert list(rows) == [
        "Isian formulir LAPOR!", "Nomor laporan kabupaten", "Klasifikasi", "Judul laporan",
        "Isi laporan", "Tanggal kejadian", "Lokasi kejadian", "Instansi tujuan", "Kategori",
        "Anonim", "Rahasia", TRACKING_LABEL]
    assert rows["Rahasia"] == "Ya" and rows["Anonim"] == "Tidak"
    assert rows["Tanggal kejadian"] == "2026-11-30" and rows[TRACKING_LABEL] == ""
    assert rows["Klasifikasi"] == "Pengaduan"


def test_the_file_never_holds_an_identity(tmp_path):
    out = ManualGateway(tmp_path).submit(case("1000002"))
    raw = out.file.read_text("utf-8-sig")
    for secret in ("Siti", "Lubis", "6281234567890", "siti@example.id"):
        assert secret not in raw


def test_the_same_case_is_never_on_two_sheets(tmp_path):
    first = ManualGateway(tmp_path, today=date(2026, 12, 3)).submit(case("1000003"))
    again = ManualGateway(tmp_path, today=date(2026, 12, 4)).submit(case("1000003"))
    assert again.reason == "file_exists" and again.file == first.file
    other = ManualGateway(tmp_path, today=date(2026, 12, 4)).submit(case("100000"))
    assert other.file != first.file
    assert len(list(tmp_path.glob("*.csv"))) == 2


def test_concurrent_writers_leave_one_file(tmp_path):
    gw = ManualGateway(tmp_path, today=date(2026, 12, 3))
    results = []
    threads = [threading.Thread(target=lambda: results.append(gw.submit(case("1000009"))))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(results) == 8 and {r.kind for r in results} == {OutcomeKind.MANUAL}
    assert len(list(tmp_path.glob("*.csv"))) == 1
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_formula_in_a_complaint_stays_text(tmp_path):
    c = case("1000004")
    c = type(c)(**{**c.__dict__, "title": "=HYPERLINK(\"http://x\",\"klik\")"})
    rows = _rows(ManualGateway(tmp_path).submit(c).file)
    assert rows["Judul laporan"].startswith("'=")


def test_tracking_ids_typed_by_staff_are_read_back(tmp_path):
    gw = ManualGateway(tmp_path, today=date(2026, 12, 3))
    a = gw.submit(case("1000005")).file
    b = gw.submit(case("1000006")).file
    gw.submit(case("1000007"))  # not yet typed in
    # Staff fill the field; one re-saves with Excel's Indonesian ';' separator.
    a.write_text(a.read_text("utf-8-sig").replace(f"{TRACKING_LABEL},",
                                                  f"{TRACKING_LABEL},1916449"), "utf-8-sig")
    text = b.read_text("utf-8-sig").replace(f"{TRACKING_LABEL},", f"{TRACKING_LABEL},no 19x")
    b.write_text(text.replace(",", ";"), "utf-8")
    found, problems = read_recorded_ids(tmp_path)
    assert [(r.case_ref, r.tracking_id) for r in found] == [("1000005", "1916449")]
    assert len(problems) == 1 and "1000006" in problems[0] and "angka" in problems[0]


def test_an_unwritable_folder_is_transient(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    out = ManualGateway(blocker).submit(case())
    assert out.kind is OutcomeKind.TRANSIENT and out.reason == "file_write_failed"
