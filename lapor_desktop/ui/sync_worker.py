"""The Qt bridge of sync: a QObject worker on its own QThread that runs one sync at a time.

The engine itself is Qt-free (``lapor_desktop.sync``). The worker builds a fresh gateway and
engine inside its thread for every run (sessions belong to the thread that uses them),
emits progress, and ``finished(summary)`` or ``failed(message)``. ``SyncController`` owns
the thread: ``start()`` refuses a second run while one is going, ``shutdown()`` cancels the
run and waits for the thread to end (used when the window closes).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from lapor_desktop.sync.engine import SyncEngine, SyncProgress, SyncSummary
from lapor_desktop.sync.state import read_state
from lapor_desktop.workspace import Actor, Workspace

log = logging.getLogger(__name__)

EngineFactory = Callable[[Workspace, Actor], SyncEngine]

MODE_MANUAL = "manual"   # a person asked: try at once, ignore the backoff schedule
MODE_AUTO = "auto"       # the timer: only what the backoff schedule says is due
MODE_PROBE = "probe"     # connectivity check: preflight first, then a full run if it answers


def _default_factory(ws: Workspace, actor: Actor) -> SyncEngine:
    from lapor_desktop.sync.service import make_engine

    return make_engine(ws, actor)


class SyncWorker(QObject):
    progress = Signal(int, int, int, int)  # reports done, total, bytes done, total
    finished = Signal(object)              # SyncSummary
    failed = Signal(str)                   # a message for the operator (Indonesian)

    def __init__(self, workspace: Workspace, actor: Actor,
                 engine_factory: EngineFactory | None = None):
        super().__init__()
        self.workspace = workspace
        self.actor = actor
        self.engine_factory = engine_factory or _default_factory
        self.cancel_event = threading.Event()

    @Slot(str)
    def run(self, mode: str) -> None:
        engine = None
        try:
            if self.engine_factory is _default_factory:
                from lapor_desktop.sync.service import not_ready

                early = not_ready(self.workspace)  # before a gateway is even built
                if early is not None:
                    early.after = read_state(self.workspace)
                    self.finished.emit(early)
                    return
            engine = self.engine_factory(self.workspace, self.actor)
            if mode == MODE_PROBE:
                try:
                    engine.gateway.ping()
                except Exception:
                    self.finished.emit(SyncSummary(outcome="unreachable"))
                    return
            summary = engine.run_once(progress=self._on_progress, cancel=self.cancel_event,
                                      manual=mode != MODE_AUTO)
            summary.after = read_state(self.workspace)  # here, not on the GUI thread
            self.finished.emit(summary)
        except Exception as exc:  # never let an exception escape into Qt's event loop
            log.exception("sync worker failed")
            self.failed.emit(QCoreApplication.translate(
                "SyncWorker", "Pengiriman gagal karena kesalahan tak terduga (%1). Laporan "
                "tetap dalam antrean.").replace("%1", type(exc).__name__))
        finally:
            if engine is not None:
                try:
                    engine.gateway.close()
                except Exception:
                    pass

    def _on_progress(self, p: SyncProgress) -> None:
        self.progress.emit(p.reports_done, p.reports_total, p.bytes_done, p.bytes_total)


class SyncController(QObject):
    started = Signal()
    progress = Signal(int, int, int, int)
    finished = Signal(object)
    failed = Signal(str)
    _request = Signal(str)

    def __init__(self, workspace: Workspace, actor: Actor,
                 engine_factory: EngineFactory | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._busy = False
        self._thread = QThread(self)
        self._thread.setObjectName("lapor-sync")
        self.worker = SyncWorker(workspace, actor, engine_factory)
        self.worker.moveToThread(self._thread)
        # The worker lives in the thread: let Qt delete it there as the thread ends.
        # (the worker is deleted with its Python wrapper, after the thread has ended)
        self._request.connect(self.worker.run)
        self.worker.progress.connect(self.progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def start(self, mode: str = MODE_MANUAL) -> bool:
        """Ask for a run; False when one is already going (one sync at a time)."""
        if self._busy or not self._thread.isRunning():
            return False
        self._busy = True
        self.worker.cancel_event.clear()
        self.started.emit()
        self._request.emit(mode)
        return True

    def cancel(self) -> None:
        self.worker.cancel_event.set()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel any run, stop the thread and wait for it. True when it ended in time."""
        self.cancel()
        if not self._thread.isRunning():
            return True
        self._thread.quit()
        ok = self._thread.wait(timeout_ms)
        self._busy = False
        return bool(ok)

    def _on_finished(self, summary: object) -> None:
        self._busy = False
        self.finished.emit(summary)

    def _on_failed(self, message: str) -> None:
        self._busy = False
        self.failed.emit(message)
