"""The legacy XML gateway against the LAPOR! stand-in on 127.0.0.1, fault by fault."""

from __future__ import annotations

import logging
import socket
import time
from datetime import date

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_central.nasional import (
    BackoffPolicy,
    Forwarded,
    GatewayConfigError,
    LegacyXmlGateway,
    OutcomeKind,
    Reporter,
    SubmitOutcome,
    Timeouts,
)
from lapor_central.nasional.legacy_xml import AnswerError, build_request_xml, parse_answer
from lapor_protocol.domain import Kind, Privacy
from tests.support.lapor_standin import LaporStandin

FAST = Timeouts(connect_s=1.0, read_s=1.0, total_s=2.0)
SITI = Reporter("Siti Aminah Lubis", phone="+6281234567890", email="siti@example.id")


def case(ref: str = "1000001", privacy: Privacy = Privacy.PUBLIK,
         reporter: Reporter | None = SITI) -> Forwarded:
    return Forwarded(
        case_ref=ref, title="Tiang listrik miring di depan SD", kind=Kind.PENGADUAN,
        body="Tiang listrik di depan SDN 3 miring sejak hujan deras, kabel menjuntai.",
        category="Listrik dan Penerangan", agency="PT PLN (Persero) UP3 Sintang",
        privacy=privacy, incident_date=date(2026, 11, 30),
        location="Desa Baning Kota, Kec. Sintang", reporter=reporter)


@pytest.fixture
def standin():
    with LaporStandin(hang_s=2.0, slow_s=0.3) as s:
        yield s


def gateway(standin: LaporStandin, **kw) -> LegacyXmlGateway:
    return LegacyXmlGateway(standin.url, standin.token, timeouts=kw.pop("timeouts", FAST), **kw)


# ------------------------------------------------------------------ the request body

def test_public_report_carries_identity_and_both_flags_off():
    root = fromstring(build_request_xml(case(), "tkn"))
    assert root.tag == "lapor" and root.get("token") == "tkn"
    pelapor = {c.tag: c.text for c in root.find("pelapor")}
    assert pelapor == {"email": "siti@example.id", "telpon": "+6281234567890",
                       "namadepan": "Siti Aminah", "namabelakang": "Lubis"}
    laporan = root.find("laporan")
    assert (laporan.get("rahasia"), laporan.get("anonim")) == ("0", "0")
    isi = laporan.findtext("isi")
    assert isi.startswith("Tiang listrik miring di depan SD\n\nTiang listrik di depan")
    assert "Nomor laporan kabupaten: 1000001" in isi
    assert "Tanggal kejadian: 2026-11-30" in isi


def test_rahasia_is_sent_with_rahasia_1():
    laporan = fromstring(build_request_xml(case(privacy=Privacy.RAHASIA), "t")).find("laporan")
    assert (laporan.get("rahasia"), laporan.get("anonim")) == ("1", "0")


def test_anonim_sends_no_identity_at_all_even_when_given_one():
    body = build_request_xml(case(privacy=Privacy.ANONIM), "t")
    root = fromstring(body)
    assert list(root.find("pelapor")) == [] and not (root.find("pelapor").text or "").strip()
    assert root.find("laporan").get("anonim") == "1"
    for secret in (b"Siti", b"Lubis", b"6281234567890", b"siti@example.id"):
        assert secret not in body


def test_one_word_name_and_markup_in_text_survive():
    r = case(reporter=Reporter("Suparman", phone="+6281111111111"))
    r = Forwarded(**{**r.__dict__, "body": "Harga <b>beras</b> & minyak naik ]]> lagi, tolong."})
    root = fromstring(build_request_xml(r, 'a"b<c'))
    assert root.get("token") == 'a"b<c'
    assert root.find("pelapor").findtext("namabelakang") == "_"
    assert "Harga <b>beras</b> & minyak naik ]]> lagi" in root.find("laporan").findtext("isi")


def test_answer_parser_refuses_garbage_entities_and_odd_ids():
    assert parse_answer(b"<r><trackingid>123</trackingid><transaksiid>T-1</transaksiid></r>") \
        == ("123", "T-1")
    for bad in (b"", b"not xml", b"<r/>", b"<r><trackingid>12a</trackingid></r>",
                b'<!DOCTYPE r [<!ENTITY e "1">]><r><trackingid>&e;</trackingid></r>',
                b"<r><trackingid>1</trackingid><transaksiid>a b</transaksiid></r>"):
        with pytest.raises(AnswerError):
            parse_answer(bad)


# ------------------------------------------------------------------ configuration

def test_token_comes_from_the_environment_and_is_never_shown(monkeypatch, standin):
    monkeypatch.delenv("LAPOR_NASIONAL_TOKEN", raising=False)
    with pytest.raises(GatewayConfigError):
        LegacyXmlGateway(standin.url)
    monkeypatch.setenv("LAPOR_NASIONAL_TOKEN", standin.token)
    gw = LegacyXmlGateway(standin.url, timeouts=FAST)
    assert standin.token not in repr(gw)
    out = gw.submit(case())
    assert out.kind is OutcomeKind.ACCEPTED
    assert standin.token not in repr(out)


@pytest.mark.parametrize("endpoint", ["ftp://x/api", "lapor.go.id/api", "http:///nohost"])
def test_endpoint_must_be_an_http_url(endpoint):
    with pytest.raises(GatewayConfigError):
        LegacyXmlGateway(endpoint, "t")


# ------------------------------------------------------------------ against the stand-in

def test_accepted_answer_is_stored_with_both_ids(standin):
    out = gateway(standin).submit(case())
    assert out.kind is OutcomeKind.ACCEPTED and not out.retryable
    [stored] = standin.stored
    assert (out.tracking_id, out.transaksi_id) == (stored.tracking_id, stored.transaksi_id)
    assert stored.content_type.startswith("text/xml")
    assert stored.pelapor["namadepan"] == "Siti Aminah"


def test_anonim_reaches_the_standin_without_identity(standin):
    gateway(standin).submit(case(privacy=Privacy.ANONIM))
    [stored] = standin.stored
    assert stored.pelapor == {} and stored.anonim == "1" and stored.rahasia == "0"


FAULTS = [
    # fault, kind, reason, stored afterwards
    ("http_500", OutcomeKind.TRANSIENT, "http_500", 0),
    ("http_503", OutcomeKind.TRANSIENT, "http_503", 0),
    ("http_429", OutcomeKind.TRANSIENT, "http_429", 0),
    ("http_400", OutcomeKind.PERMANENT, "http_400", 0),
    ("timeout_before_store", OutcomeKind.UNKNOWN, "read_timeout", 0),
    ("timeout_after_store", OutcomeKind.UNKNOWN, "read_timeout", 1),
    ("drop_after_store", OutcomeKind.UNKNOWN, "connection_dropped", 1),
    ("garbage_xml", OutcomeKind.UNKNOWN, "answer_unreadable", 1),
    ("wrong_type", OutcomeKind.UNKNOWN, "wrong_content_type", 0),
    ("huge", OutcomeKind.UNKNOWN, "answer_too_large", 1),
    ("entity", OutcomeKind.UNKNOWN, "answer_unreadable", 1),
    ("trickle", OutcomeKind.UNKNOWN, "slow_answer", 1),
    ("slow", OutcomeKind.ACCEPTED, "accepted", 1),
    ("gzip", OutcomeKind.ACCEPTED, "accepted", 1),
]


@pytest.mark.parametrize(("fault", "kind", "reason", "stored"), FAULTS,
                         ids=[f[0] for f in FAULTS])
def test_each_fault_is_classified(standin, fault, kind, reason, stored):
    standin.script(fault)
    started = time.monotonic()
    out = gateway(standin).submit(case())
    assert time.monotonic() - started < 5, "a fault must never hold the caller long"
    assert (out.kind, out.reason) == (kind, reason), out
    assert len(standin.stored) == stored
    assert out.retryable is (kind is OutcomeKind.TRANSIENT)


def test_retry_after_is_read_from_the_answer(standin):
    standin.script("http_503", "http_429")
    gw = gateway(standin)
    assert gw.submit(case()).retry_after == 7.0
    assert gw.submit(case()).retry_after == 2.0


def test_a_wrong_token_is_permanent(standin):
    out = LegacyXmlGateway(standin.url, "salah", timeouts=FAST).submit(case())
    assert (out.kind, out.reason) == (OutcomeKind.PERMANENT, "http_401")
    assert standin.stored == []


def test_nothing_listening_is_transient_and_quick():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    out = LegacyXmlGateway(f"http://127.0.0.1:{port}/api/stream/addstream", "t",
                           timeouts=FAST).submit(case())
    assert (out.kind, out.reason) == (OutcomeKind.TRANSIENT, "connect_failed")
    assert time.monotonic() - started < 3


# ------------------------------------------------------------------ the contract end to end

def _drive(gw: LegacyXmlGateway, cases: list[Forwarded], policy: BackoffPolicy,
           ) -> tuple[dict[str, SubmitOutcome], list[Forwarded]]:
    """What the outbox will do: retry only transient failures (without sleeping here),
    set unknown outcomes aside for a person."""
    done: dict[str, SubmitOutcome] = {}
    for_person: list[Forwarded] = []
    for c in cases:
        attempt = 0
        while True:
            out = gw.submit(c)
            attempt += 1
            if out.retryable and policy.delay(attempt, retry_after=out.retry_after) is not None:
                continue
            if out.kind is OutcomeKind.UNKNOWN:
                for_person.append(c)
            else:
                done[c.case_ref] = out
            break
    return done, for_person


def test_no_complaint_is_lost_and_none_arrives_twice(standin):
    standin.script("http_500", "http_503", "ok",            # case 1: two retries
                   "timeout_after_store",                   # case 2: stored, answer lost
                   "timeout_before_store",                  # case 3: not stored, no answer
                   "garbage_xml",                           # case 4: stored, unreadable
                   "drop_after_store",                      # case 5: stored, dropped
                   "http_429", "ok")                        # case 6
    cases = [case(str(1000001 + i), privacy=p) for i, p in
             enumerate([Privacy.PUBLIK, Privacy.RAHASIA, Privacy.ANONIM] * 2)]
    gw = gateway(standin)
    done, for_person = _drive(gw, cases, BackoffPolicy(base_s=1, cap_s=2, max_attempts=5))
    assert set(done) == {"1000001", "1000006"}
    assert [c.case_ref for c in for_person] == ["1000002", "1000003", "1000004", "1000005"]
    assert standin.duplicates() == []
    # The person looks each one up at LAPOR! and sends only what is not there.
    at_lapor = {s.case_ref for s in standin.stored}
    for c in for_person:
        if c.case_ref not in at_lapor:
            assert gw.submit(c).kind is OutcomeKind.ACCEPTED
    assert sorted(s.case_ref for s in standin.stored) == [c.case_ref for c in cases]
    assert standin.duplicates() == []


# ------------------------------------------------------------------ junk never crashes

@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=300).map(str.encode)
       | st.builds(lambda a, b: f"<r><trackingid>{a}</trackingid><transaksiid>{b}"
                   "</transaksiid></r>".encode(), st.text(max_size=30), st.text(max_size=30)))
def test_any_answer_parses_or_is_refused_cleanly(body):
    try:
        tracking, _transaksi = parse_answer(body)
    except AnswerError:
        return
    assert tracking.isdigit() and len(tracking) <= 20


def test_neither_token_nor_identity_reaches_a_log_record(standin, caplog):
    caplog.set_level(logging.DEBUG)
    standin.script("http_500", "timeout_after_store")
    gw = gateway(standin)
    for _ in range(3):
        gw.submit(case())
    text = "\n".join(r.getMessage() for r in caplog.records) + repr(gw)
    assert caplog.records, "urllib3 logs its connections at DEBUG: the check must see them"
    for secret in (standin.token, "Siti", "6281234567890", "siti@example.id"):
        assert secret not in text


def test_the_standin_fixture_is_registered(lapor_standin):
    assert LegacyXmlGateway(lapor_standin.url, lapor_standin.token,
                            timeouts=FAST).submit(case()).kind is OutcomeKind.ACCEPTED
