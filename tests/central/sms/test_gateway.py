"""The SMS gateway client and the CEK webhook against the gateway stand-in on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_central.sms import (
    CaseStatus,
    SendKind,
    SmsConfigError,
    SmsEvent,
    SmsGateway,
    compose,
    handle_incoming,
    message_id,
    to_e164,
    verify_signature,
)
from lapor_central.sms.gateway import WEBHOOK_ID, SmsGatewayError
from lapor_central.sms.webhook import sign
from tests.support.sms_standin import SmsStandin

PHONE = "0812-3456-7890"
E164 = "+6281234567890"
KEY = "kunci-webhook-uji"


@pytest.fixture
def phone() -> Iterator[SmsStandin]:
    with SmsStandin(hang_s=2.0) as standin:
        yield standin


def gateway(standin: SmsStandin, **kw: Any) -> SmsGateway:
    return SmsGateway(standin.url, standin.state.user, standin.state.password,
                      connect_s=1.0, read_s=1.0, **kw)


TEXT = compose(SmsEvent.DITERIMA, "1000001")


def test_phone_numbers_become_e164_mobile_numbers():
    assert to_e164("0812-3456-7890") == E164 and to_e164("+62 812 3456 7890") == E164
    assert to_e164("021-5551234") is None        # a landline cannot receive our SMS
    assert to_e164("+1 650 555 1212") is None and to_e164("garbage") is None


def test_message_ids_follow_the_event():
    a, b = message_id("1000001:ev-1"), message_id("1000001:ev-2")
    assert a == message_id("1000001:ev-1") and a != b
    assert len(a) == 32 and a.startswith("lapor-")


def test_credentials_come_from_the_environment(monkeypatch, phone):
    monkeypatch.delenv("LAPOR_SMS_USER", raising=False)
    monkeypatch.delenv("LAPOR_SMS_PASSWORD", raising=False)
    with pytest.raises(SmsConfigError):
        SmsGateway(phone.url)
    monkeypatch.setenv("LAPOR_SMS_USER", phone.state.user)
    monkeypatch.setenv("LAPOR_SMS_PASSWORD", phone.state.password)
    gw = SmsGateway(phone.url, connect_s=1, read_s=1)
    assert phone.state.password not in repr(gw)
    assert gw.send(message_id("e1"), PHONE, TEXT).kind is SendKind.QUEUED


def test_send_queues_the_documented_shape(phone):
    out = gateway(phone).send(message_id("1000001:1"), PHONE, TEXT)
    assert (out.kind, out.state) == (SendKind.QUEUED, "Pending")
    [sent] = phone.sent
    assert sent.id == message_id("1000001:1") and sent.phone_numbers == [E164]
    assert sent.text == TEXT and sent.ttl == 86400 and sent.with_delivery_report


def test_state_follows_the_phone(phone):
    gw = gateway(phone)
    mid = message_id("1000001:2")
    assert gw.state(mid).reason == "not_found"
    gw.send(mid, PHONE, TEXT)
    phone.advance(mid, "Delivered")
    assert gw.state(mid).state == "Delivered"


def test_the_same_event_is_never_sent_twice(phone):
    gw = gateway(phone)
    mid = message_id("1000001:3")
    assert gw.send(mid, PHONE, TEXT).kind is SendKind.QUEUED
    again = gw.send(mid, PHONE, TEXT)          # 409 from the phone: it has the id
    assert (again.kind, again.reason) == (SendKind.QUEUED, "known")
    assert len(phone.sent) == 1


def test_older_apps_answer_a_known_id_with_500_and_that_is_understood():
    with SmsStandin(conflict_status=500) as old:
        gw = gateway(old)
        gw.send(message_id("x"), PHONE, TEXT)
        assert gw.send(message_id("x"), PHONE, TEXT).kind is SendKind.QUEUED
        assert len(old.sent) == 1


def test_wrong_credentials_and_bad_numbers_are_permanent(phone):
    out = SmsGateway(phone.url, "sms", "salah", connect_s=1, read_s=1).send("m1", PHONE, TEXT)
    assert (out.kind, out.reason) == (SendKind.PERMANENT, "http_401")
    out = gateway(phone).send("m2", "021-5551234", TEXT)
    assert (out.kind, out.reason) == (SendKind.PERMANENT, "bad_phone")
    assert phone.sent == []


def test_a_text_that_does_not_fit_is_a_programming_error(phone):
    with pytest.raises(ValueError):
        gateway(phone).send("m3", PHONE, "x" * 161)


FAULTS = [
    ("http_500", SendKind.TRANSIENT, 0),
    ("http_503", SendKind.TRANSIENT, 0),
    ("http_400", SendKind.PERMANENT, 0),
    ("timeout_before_queue", SendKind.UNKNOWN, 0),
    ("timeout_after_queue", SendKind.UNKNOWN, 1),
    ("drop_after_queue", SendKind.UNKNOWN, 1),
    ("garbage", SendKind.UNKNOWN, 1),
]


@pytest.mark.parametrize(("fault", "kind", "queued"), FAULTS, ids=[f[0] for f in FAULTS])
def test_faults_are_classified_and_reconciled_without_a_second_sms(phone, fault, kind, queued):
    gw = gateway(phone)
    mid = message_id(f"1000001:{fault}")
    phone.script(fault)
    started = time.monotonic()
    out = gw.send(mid, PHONE, TEXT)
    assert time.monotonic() - started < 5
    assert out.kind is kind, out
    assert len(phone.sent) == queued
    if kind is not SendKind.PERMANENT:
        # What the outbox does next: ask the phone before sending again.
        check = gw.reconcile(mid)
        assert check.kind is (SendKind.QUEUED if queued else SendKind.TRANSIENT)
        if check.kind is SendKind.TRANSIENT:
            assert gw.send(mid, PHONE, TEXT).kind is SendKind.QUEUED
        assert [s.id for s in phone.sent] == [mid]


def test_an_unreachable_phone_is_transient():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = SmsGateway(f"http://127.0.0.1:{port}", "sms", "x", connect_s=1, read_s=1).send(
        "m4", PHONE, TEXT)
    assert (out.kind, out.reason) == (SendKind.TRANSIENT, "unreachable")


# ------------------------------------------------------------------ webhook and CEK

def test_signature_is_hmac_of_body_and_timestamp_within_five_minutes():
    body, ts = b'{"event":"sms:received"}', "1764750000"
    sig = sign(KEY, body, ts)
    assert verify_signature(KEY, body, ts, sig, now=1764750000 + 299)
    assert not verify_signature(KEY, body, ts, sig, now=1764750000 + 301)     # replayed
    assert not verify_signature(KEY, body + b" ", ts, sig, now=1764750000)    # tampered
    assert not verify_signature("other", body, ts, sig, now=1764750000)
    assert not verify_signature(KEY, body, None, sig) and not verify_signature(KEY, body, ts, "")


class _Desk:
    """A receiver standing where central's webhook route will be: handle_incoming, then
    the reply goes out through the gateway client to the phone."""

    def __init__(self, gw: SmsGateway) -> None:
        self.gw = gw
        self.results: list[Any] = []
        desk = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                result = handle_incoming(body, dict(self.headers), KEY, desk.lookup)
                desk.results.append(result)
                if result.reply and result.incoming:
                    desk.gw.send(message_id(f"cek:{result.incoming.event_id}"),
                                 result.incoming.phone, result.reply)
                self.send_response(result.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/webhook"

    @staticmethod
    def lookup(number: str, code: str) -> CaseStatus | None:
        if (number, code) == ("1000001", "ABCD-EFGH"):
            return CaseStatus("1000001", "ditindaklanjuti", "Dinas Kesehatan Kabupaten Sintang",
                              date(2026, 12, 17))
        return None

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def desk(phone) -> Iterator[_Desk]:
    d = _Desk(gateway(phone))
    yield d
    d.close()


def test_cek_by_sms_gets_the_status_back(phone, desk):
    r = phone.fire_incoming(desk.url, "+6281298765432", "cek 1000001 abcd efgh", KEY)
    assert r.status_code == 200
    [reply] = phone.sent
    assert reply.phone_numbers == ["+6281298765432"]
    assert reply.text.startswith("LAPOR! Sintang: Laporan 1000001: Ditindaklanjuti")
    assert "17-12-2026" in reply.text


def test_wrong_code_and_unknown_number_get_the_same_answer(phone, desk):
    phone.fire_incoming(desk.url, "+6281298765432", "CEK 1000001 ABCD-EFGG", KEY)
    phone.fire_incoming(desk.url, "+6281298765433", "CEK 9999999 ABCD-EFGH", KEY)
    first, second = (s.text for s in phone.sent)
    assert first == second
    assert "tidak cocok" in phone.sent[0].text


def test_malformed_cek_gets_usage_and_other_texts_get_nothing(phone, desk):
    phone.fire_incoming(desk.url, "+6281298765432", "CEK 1000001", KEY)
    phone.fire_incoming(desk.url, "+6281298765432", "Terima kasih pak", KEY)
    assert len(phone.sent) == 1 and phone.sent[0].text.startswith(
        "LAPOR! Sintang: Format: CEK <nomor> <kode>")


def test_a_retried_delivery_is_answered_once(phone, desk):
    for _ in range(3):   # the app retries a webhook with the same id
        phone.fire_incoming(desk.url, "+6281298765432", "CEK 1000001 ABCD-EFGH", KEY,
                            event_id="evt-1")
    assert len(phone.sent) == 1


def test_forged_stale_and_malformed_webhooks_are_refused(phone, desk):
    assert phone.fire_incoming(desk.url, "+6281298765432", "CEK 1000001 ABCD-EFGH",
                               "kunci-lain").status_code == 401
    assert phone.fire_incoming(desk.url, "+6281298765432", "CEK 1000001 ABCD-EFGH", KEY,
                               tamper=True).status_code == 401
    assert phone.fire_incoming(desk.url, "+6281298765432", "CEK 1000001 ABCD-EFGH", KEY,
                               timestamp=int(time.time()) - 3600).status_code == 401
    assert phone.sent == []
    ts = str(int(time.time()))
    for body in (b"not json", b"[]", json.dumps({"event": "sms:received"}).encode(),
                 json.dumps({"event": "sms:received", "id": "e", "payload": {
                     "message": "CEK 1 ABCD-EFGH", "phoneNumber": "12"}}).encode()):
        res = handle_incoming(body, {"X-Timestamp": ts, "X-Signature": sign(KEY, body, ts)},
                              KEY, _Desk.lookup)
        assert res.status == 400 and res.reply is None
    other = json.dumps({"event": "sms:delivered", "payload": {}}).encode()
    res = handle_incoming(other, {"x-timestamp": ts, "x-signature": sign(KEY, other, ts)},
                          KEY, _Desk.lookup)
    assert (res.status, res.reply) == (200, None)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=400) | st.builds(
    lambda ev, msg, ph, i: json.dumps({"event": ev, "id": i, "payload": {
        "message": msg, "phoneNumber": ph}}).encode(),
    st.sampled_from(["sms:received", "sms:sent", ""]) | st.text(max_size=10),
    st.text(max_size=200) | st.integers() | st.none(),
    st.sampled_from(["+6281234567890", "0812", ""]) | st.text(max_size=20) | st.none(),
    st.text(max_size=70) | st.none()))
def test_any_signed_body_gets_a_clean_answer(body):
    ts = str(int(time.time()))
    res = handle_incoming(body, {"X-Timestamp": ts, "X-Signature": sign(KEY, body, ts)},
                          KEY, _Desk.lookup)
    assert res.status in (200, 400, 413)
    assert res.reply is None or (res.status == 200 and len(res.reply) <= 160)


def test_credentials_and_numbers_stay_out_of_log_records(phone, caplog):
    caplog.set_level(logging.DEBUG)
    gw = gateway(phone)
    phone.script("timeout_after_queue")
    gw.send(message_id("log:1"), PHONE, TEXT)
    gw.reconcile(message_id("log:1"))
    text = "\n".join(r.getMessage() for r in caplog.records) + repr(gw)
    assert caplog.records
    for secret in (phone.state.password, "6281234567890"):
        assert secret not in text


def test_the_standin_fixture_is_registered(sms_standin):
    out = gateway(sms_standin).send(message_id("fixture"), PHONE, TEXT)
    assert out.kind is SendKind.QUEUED and len(sms_standin.sent) == 1


def test_the_webhook_is_registered_once_however_often_central_starts(phone):
    gw = gateway(phone)
    assert gw.register_webhook("https://lapor.sintang.go.id/sms/webhook") == WEBHOOK_ID
    assert gw.register_webhook("https://lapor.sintang.go.id/sms/masuk") == WEBHOOK_ID
    assert phone.webhooks == [{"id": WEBHOOK_ID, "url": "https://lapor.sintang.go.id/sms/masuk",
                               "event": "sms:received", "deviceId": phone.webhooks[0]["deviceId"]}]
    with pytest.raises(SmsGatewayError):
        SmsGateway(phone.url, "sms", "salah", connect_s=1, read_s=1).register_webhook(
            "https://lapor.sintang.go.id/sms/webhook")
    with pytest.raises(SmsConfigError):
        gw.register_webhook("ftp://x")
