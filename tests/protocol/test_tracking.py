"""The verification code (pinned to what receipts printed before it moved) and the URL a
receipt's QR code opens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_protocol.tracking import (
    display_address,
    normalise_code,
    tracking_display,
    tracking_url,
    verification_code,
)

# Computed with ``lapor_desktop.ui.receipt.verification_code(view)`` before the move.
KNOWN = [
    ("0b6c2f0e-8e1f-4c55-9d2b-6f7f5d0c1a11", "3f5a" * 16, "IHJU-JQ7K"),
    ("5d1c7a2e-0000-4000-8000-000000000001", None, "RGQ2-4POH"),
    ("5d1c7a2e-0000-4000-8000-000000000001", "", "RGQ2-4POH"),
]


@pytest.mark.parametrize(("report_id", "content_hash", "code"), KNOWN)
def test_verification_code_is_the_one_receipts_printed(report_id, content_hash, code):
    assert verification_code(report_id, content_hash) == code


def test_verification_code_shape_and_dependence():
    a = verification_code("id-1", "h")
    assert len(a) == 9 and a[4] == "-" and a.replace("-", "").isalnum() and a.isupper()
    assert verification_code("id-1", "h2") != a and verification_code("id-2", "h") != a


def test_typed_codes_are_normalised():
    assert normalise_code("abcd 2345") == "ABCD-2345"
    assert normalise_code(" ABCD-2345 ") == "ABCD-2345"
    assert normalise_code("abc") == "ABC"


def test_tracking_url_encodes_each_value():
    url = tracking_url("https://lapor.sintang.go.id/", "61.05.01.2008/K7QD/2026/00001",
                       "ABCD-2345")
    assert url == ("https://lapor.sintang.go.id/lacak?no=61.05.01.2008/K7QD/2026/00001"
                   "&kode=ABCD-2345")
    hostile = tracking_url("http://10.0.0.5:8000/lapor", "1&kode=X#y z", "A B/C?&")
    parts = urlsplit(hostile)
    assert parts.path == "/lapor/lacak" and not parts.fragment
    assert parse_qs(parts.query) == {"no": ["1&kode=X#y z"], "kode": ["A B/C?&"]}


@pytest.mark.parametrize("bad", ["lapor.sintang.go.id", "ftp://x/", "https://x/?a=1",
                                 "https://x/#top", "https://"])
def test_a_bad_public_url_is_refused(bad):
    with pytest.raises(ValueError):
        tracking_url(bad, "1", "ABCD-2345")


def test_short_display_form():
    assert tracking_display("https://lapor.sintang.go.id/") == "lapor.sintang.go.id/lacak"
    assert tracking_display("http://10.0.0.5:8000/lapor/") == "10.0.0.5:8000/lapor/lacak"
    assert display_address("https://lapor.sintang.go.id/") == "lapor.sintang.go.id"


@settings(max_examples=200, deadline=None)
@given(number=st.text(min_size=1, max_size=40).filter(str.strip),
       code=st.text(min_size=1, max_size=12).filter(str.strip))
def test_any_number_and_code_come_back_as_they_went(number, code):
    parts = urlsplit(tracking_url("https://lapor.sintang.go.id", number, code))
    assert parts.path == "/lacak" and not parts.fragment
    assert parse_qs(parts.query, keep_blank_values=True, strict_parsing=True) == {
        "no": [number], "kode": [code]}
