"""A stand-in for LAPOR! nasional's legacy XML endpoint, on 127.0.0.1, with faults.

``LaporStandin(token=...)`` is a real HTTP server in a thread (``with LaporStandin() as s``
or the ``lapor_standin`` fixture). ``s.url`` is its ``…/api/stream/addstream``. It parses
``<lapor token><pelapor>…</pelapor><laporan rahasia anonim><isi/></laporan></lapor>``,
stores the complaint and answers ``<lapor><trackingid/><transaksiid/></lapor>``.

Faults are scripted per request, consumed in order (``s.script("http_500", "ok")``);
when the script is empty a request is answered normally:

``ok``                   store and answer
``http_500``             500, nothing stored
``http_503``             503 with ``Retry-After: 7``, nothing stored
``http_429``             429 with ``Retry-After: 2``, nothing stored
``http_400``             400, nothing stored
``timeout_before_store`` read the request, hang past the client's timeout, store nothing
``timeout_after_store``  store, then hang past the client's timeout without answering
``drop_after_store``     store, then close the connection without an answer
``garbage_xml``          store, answer 200 with bytes that are not XML
``wrong_type``           answer 200 ``text/html`` (a captive portal), nothing stored
``huge``                 store, answer 200 with a 1 MiB XML body
``entity``               store, answer 200 XML with an entity declaration
``slow``                 wait ``slow_s`` (under the client's read timeout), then as ``ok``
``trickle``              store, then send a valid answer one byte every 0.2 s
``gzip``                 store, answer gzip-compressed although identity was asked for

A wrong token gets 401. ``s.stored`` lists what was stored, ``s.duplicates()`` the case
numbers stored more than once (a test asserts it is empty: none arrives twice), and
``s.request_count`` counts every request that reached the handler.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring

from tests.support.standin_server import ThreadedStandin

CASE_LINE = re.compile(r"^Nomor laporan kabupaten: (.+)$", re.M)


@dataclass
class Stored:
    tracking_id: str
    transaksi_id: str
    rahasia: str
    anonim: str
    pelapor: dict[str, str]
    isi: str
    content_type: str

    @property
    def case_ref(self) -> str:
        m = CASE_LINE.search(self.isi)
        return m.group(1).strip() if m else self.isi


@dataclass
class _State:
    token: str
    hang_s: float
    slow_s: float
    faults: deque[str] = field(default_factory=deque)
    stored: list[Stored] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    next_id: int = 2_000_001


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_POST(self) -> None:
        st = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 1 << 20))
        with st.lock:
            st.requests += 1
            fault = st.faults.popleft() if st.faults else "ok"
        try:
            root = fromstring(body)
        except Exception:
            self._send(400, b"<error>bad xml</error>")
            return
        if root.get("token") != st.token:
            self._send(401, b"<error>token</error>")
            return
        self._dispatch(fault, root)

    def _dispatch(self, fault: str, root: Any) -> None:
        st = self.server.state
        if fault == "slow":
            st.stopping.wait(st.slow_s)
            fault = "ok"
        if fault in ("http_500", "http_503", "http_429", "http_400"):
            status = int(fault[5:])
            retry = {503: "7", 429: "2"}.get(status)
            self._send(status, b"<error>fault</error>", retry_after=retry)
            return
        if fault == "wrong_type":
            self._send(200, b"<html><body>Login Wi-Fi</body></html>", ctype="text/html")
            return
        if fault == "timeout_before_store":
            st.stopping.wait(st.hang_s)
            self.close_connection = True
            return
        item = self._store(root)
        answer = (f"<?xml version='1.0'?><lapor><trackingid>{item.tracking_id}</trackingid>"
                  f"<transaksiid>{item.transaksi_id}</transaksiid></lapor>").encode()
        if fault in ("timeout_after_store", "drop_after_store"):
            if fault == "timeout_after_store":
                st.stopping.wait(st.hang_s)
            self.close_connection = True
            return
        if fault == "garbage_xml":
            answer = b"\x00<<trackingid>" + item.tracking_id.encode() + b"</lap"
        elif fault == "huge":
            answer = b"<lapor>" + b"<x>0123456789abcdef</x>" * 45_000 + b"</lapor>"
        elif fault == "entity":
            answer = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY t "'
                      + item.tracking_id.encode() + b'">]><lapor><trackingid>&t;'
                      b"</trackingid></lapor>")
        elif fault == "trickle":
            self._trickle(answer)
            return
        elif fault == "gzip":
            self._send(200, gzip.compress(answer), encoding="gzip")
            return
        self._send(200, answer)

    def _store(self, root: Any) -> Stored:
        st = self.server.state
        laporan = root.find("laporan")
        pelapor = root.find("pelapor")
        isi = laporan.findtext("isi") if laporan is not None else ""
        with st.lock:
            n = st.next_id
            st.next_id += 1
            item = Stored(str(n), f"TRX-{n}", laporan.get("rahasia", "") if laporan is not None
                          else "", laporan.get("anonim", "") if laporan is not None else "",
                          {c.tag: c.text or "" for c in (pelapor if pelapor is not None else [])},
                          isi or "", self.headers.get("Content-Type", ""))
            st.stored.append(item)
        return item

    def _send(self, status: int, body: bytes, *, ctype: str = "text/xml; charset=UTF-8",
              retry_after: str | None = None, encoding: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for i in range(len(body)):
            if self.server.state.stopping.wait(0.2):
                return
            try:
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
            except OSError:
                return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State


class LaporStandin(ThreadedStandin):
    def __init__(self, token: str = "token-uji-nasional", *, hang_s: float = 3.0,
                 slow_s: float = 0.5) -> None:
        self.state = _State(token, hang_s, slow_s)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._serve_in_thread()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/api/stream/addstream"

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def stored(self) -> list[Stored]:
        with self.state.lock:
            return list(self.state.stored)

    @property
    def request_count(self) -> int:
        return self.state.requests

    def script(self, *faults: str) -> None:
        with self.state.lock:
            self.state.faults.extend(faults)

    def duplicates(self) -> list[str]:
        counts = Counter(s.case_ref for s in self.stored)
        return sorted(ref for ref, n in counts.items() if n > 1)


@pytest.fixture
def lapor_standin():
    with LaporStandin() as standin:
        yield standin
