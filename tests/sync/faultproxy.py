"""A fault-injecting TCP proxy for loopback tests and benchmarks (threads + sockets).

Every accepted connection gets a fault from ``plan(conn_number)`` (a dict):
``{"kind": "pass"}``; ``{"kind": "drop", "up": N}`` / ``{"kind": "drop", "down": N}`` (close
both sides after N bytes client→server / server→client); ``{"kind": "reset"}`` (RST at
once); ``{"kind": "delay", "seconds": s}``; ``{"kind": "portal"}`` (an HTML 200 page, as a
captive portal answers); ``{"kind": "status", "status": 503, "retry_after": "1"}``.
Shaping applies to every connection: ``rate`` bytes/s each way, ``latency`` seconds one
way, and ``drop_every`` seconds (all open connections are cut on that period).
Only 127.0.0.1 is ever used.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections.abc import Callable


def _portal() -> bytes:
    body = b"<html><body><h1>Login Wi-Fi Desa</h1><p>Masukkan voucher.</p></body></html>"
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


def _status(code: int, retry_after: str | None) -> bytes:
    body = b"<html>Service Unavailable</html>"
    extra = f"Retry-After: {retry_after}\r\n".encode() if retry_after is not None else b""
    return (f"HTTP/1.1 {code} Error\r\n".encode() + b"Content-Type: text/html\r\n" + extra
            + b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
            + body)


class FaultProxy:
    def __init__(self, target_port: int, plan: Callable[[int], dict] | None = None, *,
                 rate: float | None = None, latency: float = 0.0,
                 drop_every: float | None = None):
        self.target = ("127.0.0.1", target_port)
        self.plan = plan or (lambda n: {"kind": "pass"})
        self.rate = rate
        self.latency = latency
        self.drop_every = drop_every
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.faults: dict[str, int] = {}
        self._lock = threading.Lock()
        self._live: set[socket.socket] = set()
        self._stop = threading.Event()
        self._srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._srv.bind(("127.0.0.1", 0))
        self._srv.listen(64)
        self._srv.settimeout(0.2)
        self.port = self._srv.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        if drop_every:
            self._threads.append(threading.Thread(target=self._dropper, daemon=True))
        for t in self._threads:
            t.start()

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self._stop.set()
        self._cut_all()
        for t in self._threads:
            t.join(2)
        self._srv.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _cut_all(self) -> None:
        with self._lock:
            live = list(self._live)
        for s in live:
            self._kill(s)

    def _dropper(self) -> None:
        while not self._stop.wait(self.drop_every * random.uniform(0.7, 1.3)):
            self._cut_all()
            self._count("periodic-drop")

    def _count(self, kind: str) -> None:
        with self._lock:
            self.faults[kind] = self.faults.get(kind, 0) + 1

    @staticmethod
    def _kill(s: socket.socket) -> None:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass

    # ------------------------------------------------------------------ per connection
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._srv.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                n = self.connections
            threading.Thread(target=self._handle, args=(client, n), daemon=True).start()

    def _read_head(self, client: socket.socket) -> None:
        client.settimeout(5)
        buf = b""
        try:
            while b"\r\n\r\n" not in buf and len(buf) < 65536:
                chunk = client.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except OSError:
            pass

    def _handle(self, client: socket.socket, n: int) -> None:
        fault = self.plan(n) or {"kind": "pass"}
        kind = fault.get("kind", "pass")
        self._count(kind)
        if kind == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
            return
        if kind in ("portal", "status"):
            self._read_head(client)
            try:
                client.sendall(_portal() if kind == "portal" else
                               _status(int(fault.get("status", 503)), fault.get("retry_after")))
            except OSError:
                pass
            self._kill(client)
            return
        if kind == "delay":
            time.sleep(float(fault.get("seconds", 0.2)))
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            self._kill(client)
            return
        client.settimeout(None)
        upstream.settimeout(None)
        with self._lock:
            self._live.update((client, upstream))
        done = threading.Event()
        up_limit = fault.get("up") if kind == "drop" else None
        down_limit = fault.get("down") if kind == "drop" else None
        t1 = threading.Thread(target=self._pump, args=(client, upstream, up_limit, True, done),
                              daemon=True)
        t2 = threading.Thread(target=self._pump, args=(upstream, client, down_limit, False,
                                                       done), daemon=True)
        t1.start()
        t2.start()
        done.wait()
        self._kill(client)
        self._kill(upstream)
        t1.join(5)
        t2.join(5)
        with self._lock:
            self._live.discard(client)
            self._live.discard(upstream)

    def _pump(self, src: socket.socket, dst: socket.socket, limit: int | None, up: bool,
              done: threading.Event) -> None:
        moved = 0
        last = 0.0
        step = 16384 if self.rate is None else max(512, int(self.rate / 20))
        try:
            while not done.is_set():
                data = src.recv(step)
                if not data:
                    break
                if limit is not None and moved + len(data) >= limit:
                    data = data[:max(0, limit - moved)]
                    if data:
                        dst.sendall(data)
                        self._add(up, len(data))
                    self._count("drop-up" if up else "drop-down")
                    break
                if self.latency and time.monotonic() - last > 0.05:
                    time.sleep(self.latency)  # once per burst, not per segment
                if self.rate:
                    time.sleep(len(data) / self.rate)
                dst.sendall(data)
                last = time.monotonic()
                self._add(up, len(data))
                moved += len(data)
        except OSError:
            pass
        finally:
            done.set()

    def _add(self, up: bool, n: int) -> None:
        with self._lock:
            if up:
                self.bytes_up += n
            else:
                self.bytes_down += n


def random_faults(seed: int, pass_ratio: float = 0.35) -> Callable[[int], dict]:
    rng = random.Random(seed)

    def plan(n: int) -> dict:
        x = rng.random()
        if x < pass_ratio:
            return {"kind": "pass"}
        faults = [
            {"kind": "drop", "up": rng.randint(50, 60_000)},
            {"kind": "drop", "up": rng.randint(50, 150_000)},
            {"kind": "drop", "up": rng.randint(50, 150_000)},
            {"kind": "drop", "down": rng.randint(20, 3_000)},
            {"kind": "drop", "down": rng.randint(20, 60_000)},
            {"kind": "reset"},
            {"kind": "delay", "seconds": rng.uniform(0.01, 0.2)},
            {"kind": "portal"},
            {"kind": "status", "status": rng.choice([500, 503, 429]),
             "retry_after": rng.choice([None, "0", "1"])},
        ]
        return rng.choice(faults)

    return plan
