"""Incoming SMS from the gateway's ``sms:received`` webhook, and the answer to ``CEK``.

The app POSTs JSON ``{"deviceId", "event": "sms:received", "id", "webhookId",
"payload": {"messageId", "message", "phoneNumber", "simNumber", "receivedAt"}}`` (newer
versions add ``sender`` and ``recipient``) and signs it: ``X-Timestamp`` (Unix seconds)
and ``X-Signature``, the hex HMAC-SHA256 of the raw body followed by the timestamp,
keyed with the signing key set in the app (Settings → Webhooks).

:func:`handle_incoming` is what central's webhook route will call: it checks the
signature and the timestamp window before it parses a byte, reads the message, and for a
``CEK`` returns the reply to send; the caller looks the case up (``lookup``), sends the
reply through the SMS outbox and answers the HTTP status given here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from lapor_central.sms.gateway import to_e164
from lapor_central.sms.messages import (
    CaseStatus,
    SmsSettings,
    is_cek,
    parse_cek,
    reply_not_found,
    reply_status,
    reply_usage,
)

SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
TOLERANCE_S = 300          # the docs advise accepting +-5 minutes
MAX_BODY = 16 * 1024       # one SMS webhook is a few hundred bytes
MAX_TEXT = 1600            # ten concatenated SMS


def sign(key: str, body: bytes, timestamp: str) -> str:
    return hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()


def verify_signature(key: str, body: bytes, timestamp: str | None, signature: str | None,
                     *, now: float | None = None, tolerance_s: float = TOLERANCE_S) -> bool:
    """Whether the body is signed with ``key`` at a time within the window (a replay of
    an old, validly signed request is refused)."""
    if not key or not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > tolerance_s:
        return False
    return hmac.compare_digest(sign(key, body, timestamp), signature.strip().lower())


@dataclass(frozen=True)
class IncomingSms:
    event_id: str          # the webhook delivery's id: the app retries with the same id
    phone: str             # sender in E.164; never logged
    text: str
    received_at: str       # as the phone sent it (the phone's local time)


class WebhookRejected(ValueError):
    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def parse_incoming(body: bytes) -> IncomingSms | None:
    """The received SMS, ``None`` for another event (acknowledged, ignored), or
    :class:`WebhookRejected` (400) for a body that is not the documented shape."""
    if len(body) > MAX_BODY:
        raise WebhookRejected(413, "too_large")
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WebhookRejected(400, "not_json") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("event"), str):
        raise WebhookRejected(400, "no_event")
    if doc["event"] != "sms:received":
        return None
    payload = doc.get("payload")
    if not isinstance(payload, dict):
        raise WebhookRejected(400, "no_payload")
    text, phone = payload.get("message"), payload.get("phoneNumber") or payload.get("sender")
    event_id = doc.get("id") or payload.get("messageId")
    if not isinstance(text, str) or not isinstance(phone, str) or not isinstance(event_id, str):
        raise WebhookRejected(400, "missing_field")
    e164 = to_e164(phone)
    if e164 is None:
        raise WebhookRejected(400, "bad_phone")
    received = payload.get("receivedAt")
    return IncomingSms(event_id[:64], e164, text[:MAX_TEXT],
                       received if isinstance(received, str) else "")


@dataclass(frozen=True)
class WebhookResult:
    status: int                     # the HTTP status to answer the app
    incoming: IncomingSms | None = None
    reply: str | None = None        # the SMS to send back to incoming.phone, if any


Lookup = Callable[[str, str], CaseStatus | None]


def handle_incoming(body: bytes, headers: dict[str, str], key: str, lookup: Lookup,
                    settings: SmsSettings | None = None, *,
                    now: float | None = None) -> WebhookResult:
    """One webhook delivery, start to end. ``lookup(number, code)`` returns the case's
    public status when the number and its verification code match, else ``None``."""
    low = {k.lower(): v for k, v in headers.items()}
    if not verify_signature(key, body, low.get(TIMESTAMP_HEADER.lower()),
                            low.get(SIGNATURE_HEADER.lower()), now=now):
        return WebhookResult(401)
    try:
        incoming = parse_incoming(body)
    except WebhookRejected as exc:
        return WebhookResult(exc.status)
    if incoming is None or not is_cek(incoming.text):
        return WebhookResult(200, incoming)   # not ours to answer: no reply, no loop
    query = parse_cek(incoming.text)
    if query is None:
        return WebhookResult(200, incoming, reply_usage(settings))
    found = lookup(query.number, query.code)
    reply = reply_status(found, settings) if found else reply_not_found(settings)
    return WebhookResult(200, incoming, reply)
