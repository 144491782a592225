"""A stand-in for SMS Gateway for Android's local server API, on 127.0.0.1, with faults.

``SmsStandin(user, password)`` is a real HTTP server in a thread (``with SmsStandin() as
g`` or the ``sms_standin`` fixture); ``g.url`` is its base URL. It speaks the app's
documented local API with basic auth:

* ``POST /message`` and ``/messages``: one of ``textMessage``/``message``/``dataMessage``,
  ``phoneNumbers`` in E.164 (unless ``?skipPhoneValidation=true``), optional ``id``;
  ``202`` with ``{"id", "deviceId", "state": "Pending", "isHashed", "isEncrypted",
  "recipients": [{"phoneNumber", "state", "error"}], "states"}``; an id it already has
  gets ``409 {"message": "Message with the same ID already exists"}`` (``conflict_status=
  500`` mimics older app versions);
* ``GET /message/{id}`` and ``/messages/{id}``: the same shape, or ``404``;
* ``GET /health``: ``{"status": "pass"}`` without auth;
* ``GET /webhooks``, ``POST /webhooks`` ``{"id"?, "url", "event"}`` (201; a known id is
  replaced): ``g.webhooks`` holds the registrations.

Faults are scripted per request, consumed in order (``g.script("http_503", "ok")``):
``http_500``, ``http_503``, ``http_400`` (nothing queued), ``timeout_before_queue`` (hang
past the client's timeout, queue nothing), ``timeout_after_queue`` (queue, then hang),
``drop_after_queue`` (queue, close without answer), ``garbage`` (queue, answer 202 with
bytes that are not JSON).

``g.sent`` is the log of queued messages (a test asserts none twice), ``g.advance(id,
"Delivered")`` moves a message on, and ``g.fire_incoming(url, phone, text, key)`` POSTs a
signed ``sms:received`` webhook to ``url`` as the phone would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.support.standin_server import ThreadedStandin

DEVICE_ID = "ffffffffceb0b1db0000018e937c815b"
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
STATES = ("Pending", "Processed", "Sent", "Delivered", "Failed")
WEBHOOK_EVENTS = ("sms:received", "sms:sent", "sms:delivered", "sms:failed", "system:ping")


@dataclass
class Queued:
    id: str
    phone_numbers: list[str]
    text: str
    ttl: int | None
    with_delivery_report: bool
    state: str = "Pending"
    error: str | None = None
    states: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "deviceId": DEVICE_ID, "state": self.state, "isHashed": False,
                "isEncrypted": False, "states": self.states,
                "recipients": [{"phoneNumber": p, "state": self.state, "error": self.error}
                               for p in self.phone_numbers]}


@dataclass
class _State:
    user: str
    password: str
    hang_s: float
    conflict_status: int
    faults: deque[str] = field(default_factory=deque)
    queued: dict[str, Queued] = field(default_factory=dict)
    webhooks: dict[str, dict[str, str]] = field(default_factory=dict)
    log: list[Queued] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _json(self, status: int, doc: Any) -> None:
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        st = self.server.state
        want = base64.b64encode(f"{st.user}:{st.password}".encode()).decode()
        if self.headers.get("Authorization", "") == f"Basic {want}":
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="Access to SMS Gateway"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def _fault(self) -> str:
        st = self.server.state
        with st.lock:
            st.requests += 1
            return st.faults.popleft() if st.faults else "ok"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/health":
            self._json(200, {"status": "pass", "checks": {}})
            return
        if not self._authorised():
            return
        if path in ("/webhook", "/webhooks"):
            with self.server.state.lock:
                self._json(200, list(self.server.state.webhooks.values()))
            return
        m = re.match(r"^/messages?/([^/]+)$", path)
        if not m:
            self._json(404, {"message": "Not found"})
            return
        fault = self._fault()
        if fault.startswith("http_"):
            self._json(int(fault[5:]), {"message": "fault"})
            return
        with self.server.state.lock:
            item = self.server.state.queued.get(m.group(1))
            doc = item.as_json() if item else None
        if doc is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._json(200, doc)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(length, 1 << 20))
        if not self._authorised():
            return
        if parts.path in ("/webhook", "/webhooks"):
            self._webhook(raw)
            return
        if parts.path not in ("/message", "/messages"):
            self._json(404, {"message": "Not found"})
            return
        fault = self._fault()
        st = self.server.state
        if fault in ("http_500", "http_503", "http_400"):
            self._json(int(fault[5:]), {"message": "fault"})
            return
        if fault == "timeout_before_queue":
            st.stopping.wait(st.hang_s)
            self.close_connection = True
            return
        try:
            req = json.loads(raw)
        except ValueError:
            self._json(400, {"message": "Invalid JSON"})
            return
        skip = parse_qs(parts.query).get("skipPhoneValidation") == ["true"]
        problem = _validate(req, skip)
        if problem:
            self._json(400, {"message": problem})
            return
        self._queue(req, fault)

    def _webhook(self, raw: bytes) -> None:
        """``POST /webhooks`` ``{"id"?, "url", "event"}``: 201, replacing a known id."""
        try:
            req = json.loads(raw)
            url, event = req["url"], req["event"]
        except (ValueError, KeyError, TypeError):
            self._json(400, {"message": "Invalid webhook"})
            return
        if event not in WEBHOOK_EVENTS or not str(url).startswith(("http://", "https://")):
            self._json(400, {"message": "Invalid webhook"})
            return
        hook = {"id": str(req.get("id") or uuid.uuid4().hex[:21]), "url": url, "event": event,
                "deviceId": DEVICE_ID}
        with self.server.state.lock:
            self.server.state.webhooks[hook["id"]] = hook
        self._json(201, hook)

    def _queue(self, req: dict[str, Any], fault: str) -> None:
        st = self.server.state
        text = (req.get("textMessage") or {}).get("text") or req.get("message") or ""
        item = Queued(str(req.get("id") or uuid.uuid4().hex[:21]), list(req["phoneNumbers"]),
                      text, req.get("ttl"), bool(req.get("withDeliveryReport", True)),
                      states={"Pending": _now()})
        with st.lock:
            if item.id in st.queued:
                conflict = True
            else:
                conflict = False
                st.queued[item.id] = item
                st.log.append(item)
        if conflict:
            self._json(st.conflict_status, {"message": "Message with the same ID already exists"})
            return
        if fault in ("timeout_after_queue", "drop_after_queue"):
            if fault == "timeout_after_queue":
                st.stopping.wait(st.hang_s)
            self.close_connection = True
            return
        if fault == "garbage":
            body = b"\x00{not json"
            self.send_response(202)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self._json(202, item.as_json())


def _validate(req: Any, skip_phone_validation: bool) -> str | None:
    if not isinstance(req, dict):
        return "Invalid request"
    kinds = [k for k in ("textMessage", "dataMessage", "message") if req.get(k) is not None]
    if len(kinds) != 1:
        return "Must specify exactly one of: textMessage, dataMessage, or message"
    text = (req.get("textMessage") or {}).get("text") if kinds == ["textMessage"] \
        else req.get("message")
    if kinds != ["dataMessage"] and not text:
        return "Text message is empty"
    phones = req.get("phoneNumbers")
    if not isinstance(phones, list) or not phones:
        return "phoneNumbers is empty"
    if not skip_phone_validation and not all(isinstance(p, str) and E164.match(p)
                                             for p in phones):
        return "Invalid phone number"
    return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State


class SmsStandin(ThreadedStandin):
    def __init__(self, user: str = "sms", password: str = "rahasia-uji", *,
                 hang_s: float = 2.0, conflict_status: int = 409) -> None:
        self.state = _State(user, password, hang_s, conflict_status)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._serve_in_thread()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def sent(self) -> list[Queued]:
        with self.state.lock:
            return list(self.state.log)

    @property
    def request_count(self) -> int:
        return self.state.requests

    @property
    def webhooks(self) -> list[dict[str, str]]:
        with self.state.lock:
            return list(self.state.webhooks.values())

    def script(self, *faults: str) -> None:
        with self.state.lock:
            self.state.faults.extend(faults)

    def advance(self, msg_id: str, state: str, error: str | None = None) -> None:
        assert state in STATES
        with self.state.lock:
            item = self.state.queued[msg_id]
            item.state, item.error = state, error
            item.states[state] = _now()

    def fire_incoming(self, url: str, phone: str, text: str, key: str, *,
                      event_id: str | None = None, timestamp: int | None = None,
                      tamper: bool = False) -> requests.Response:
        """POST a signed ``sms:received`` webhook to ``url`` as the app does."""
        doc = {"deviceId": DEVICE_ID, "event": "sms:received",
               "id": event_id or uuid.uuid4().hex[:21], "webhookId": "wh-lapor",
               "payload": {"messageId": hashlib.sha1(text.encode()).hexdigest()[:16],
                           "message": text, "phoneNumber": phone, "sender": phone,
                           "simNumber": 1,
                           "receivedAt": datetime.now().astimezone().isoformat()}}
        body = json.dumps(doc).encode()
        ts = str(timestamp if timestamp is not None else int(time.time()))
        signature = hmac.new(key.encode(), body + ts.encode(), hashlib.sha256).hexdigest()
        if tamper:
            body = body.replace(b"CEK", b"cek", 1) if b"CEK" in body else body + b" "
        return requests.post(url, data=body, timeout=5, headers={
            "Content-Type": "application/json", "X-Signature": signature, "X-Timestamp": ts})


@pytest.fixture
def sms_standin():
    with SmsStandin() as standin:
        yield standin
