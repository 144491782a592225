"""The lifecycle both third-party stand-ins share: an HTTP server on 127.0.0.1 in a thread."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Any, Self


class ThreadedStandin:
    """Subclasses set ``self._server`` (a bound ``ThreadingHTTPServer``), then call
    ``_serve_in_thread``; ``self.state.stopping`` tells slow handlers to give up."""

    _server: ThreadingHTTPServer
    _thread: threading.Thread
    state: Any

    def _serve_in_thread(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
