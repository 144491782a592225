"""The app-level sync scheduler: sync runs by itself while an operator is logged in.

The main window creates one at login (``start()``) and stops it at logout or quit
(``stop()``, which cancels a run at its next safe point and waits for the worker thread).
It syncs at once after login, when the network comes back (QNetworkInformation where a
backend loads; otherwise a periodic preflight while central was unreachable), a few
seconds after each finalised report (debounced), and on a timer that follows the engine's
backoff schedule. Pages only show its state and ask it to ``send_now()``. One run at a time
(``SyncController``); the work runs on the controller's worker thread.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from lapor_desktop.sync import state as sync_state
from lapor_desktop.sync.state import SyncState, read_state
from lapor_desktop.ui.sync_worker import (
    MODE_AUTO,
    MODE_MANUAL,
    MODE_PROBE,
    EngineFactory,
    SyncController,
)
from lapor_desktop.workspace import Actor, Workspace

AUTO_INTERVAL_MS = 60_000
PROBE_INTERVAL_MS = 30_000
DEBOUNCE_MS = 5_000
# With nothing queued, still pull central's status changes this often.
STATUS_PULL_EVERY = timedelta(minutes=15)

_UNREACHABLE = ("unreachable", "offline", "captive")


class SyncScheduler(QObject):
    state_changed = Signal(object)          # SyncState
    started = Signal(str)                   # the mode of the run that started
    progress = Signal(int, int, int, int)   # reports sent, total, bytes sent, total
    finished = Signal(object)               # SyncSummary
    failed = Signal(str)                    # an unexpected error, worded for the operator

    def __init__(self, workspace: Workspace, actor: Actor, parent: QObject | None = None, *,
                 engine_factory: EngineFactory | None = None,
                 auto_interval_ms: int = AUTO_INTERVAL_MS,
                 probe_interval_ms: int = PROBE_INTERVAL_MS,
                 debounce_ms: int = DEBOUNCE_MS, watch_network: bool = True):
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.active = False
        self.online: bool | None = None      # None: the platform cannot tell
        self.last_outcome: str | None = None
        self.controller = SyncController(workspace, actor, engine_factory, self)
        self.controller.progress.connect(self.progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.auto_timer = self._timer(auto_interval_ms, self._tick)
        self.probe_timer = self._timer(probe_interval_ms, self._probe)
        self.debounce = self._timer(debounce_ms, self._after_finalise)
        self.debounce.setSingleShot(True)
        self._watch_network = watch_network and not os.environ.get("LAPOR_NO_NETWORK_INFO")
        self._network = None

    def _timer(self, interval_ms: int, slot) -> QTimer:
        t = QTimer(self)
        t.setInterval(interval_ms)
        t.timeout.connect(slot)
        return t

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        """Begin scheduling (at login): a first run at once, then the timers."""
        if self.active:
            return
        self.active = True
        self.auto_timer.start()
        if self._watch_network and self._network is None:
            self._network = self._load_network_information()
        if self._network is None:
            self.probe_timer.start()
        QTimer.singleShot(0, self._first_run)

    def stop(self, timeout_ms: int = 30_000) -> bool:
        """Stop scheduling (logout, quit); a running sync stops at its next safe point.
        True when the worker thread ended in time."""
        self.active = False
        for t in (self.auto_timer, self.probe_timer, self.debounce):
            t.stop()
        if self._network is not None:
            try:
                self._network.reachabilityChanged.disconnect(self._on_reachability)
            except (RuntimeError, TypeError):
                pass
            self._network = None
        return self.controller.shutdown(timeout_ms)

    # ------------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self.controller.busy

    def state(self, known: SyncState | None = None) -> SyncState:
        """The state to show (``known``: one just read on the worker thread)."""
        st = known if known is not None else read_state(self.workspace)
        if self.online is False and st.state not in (sync_state.NOT_CONFIGURED,
                                                     sync_state.NOT_ENROLLED):
            st.state = sync_state.NO_NETWORK
        return st

    def _ready(self) -> bool:
        from lapor_desktop.sync.service import not_ready

        return not_ready(self.workspace) is None

    # ------------------------------------------------------------------ triggers
    def send_now(self) -> bool:
        """A person asked: try at once, ignoring the backoff. False when a run is going."""
        return self._start(MODE_MANUAL)

    def report_finalised(self) -> None:
        """A report joined the queue: send it soon (several finalised in a row: one run)."""
        if self.active:
            self.debounce.start()

    def _start(self, mode: str) -> bool:
        if not self.controller.start(mode):
            return False
        self.started.emit(mode)
        return True

    def _first_run(self) -> None:
        if self.active and self._ready() and not self.busy:
            self._start(MODE_AUTO)

    def _after_finalise(self) -> None:
        if self.active and self._ready() and not self.busy:
            self._start(MODE_MANUAL)

    def _tick(self) -> None:
        if not self.active or self.busy or not self._ready() or self.online is False:
            return
        st = read_state(self.workspace)
        stale = st.last_attempt_at is None or \
            datetime.now(UTC) - st.last_attempt_at > STATUS_PULL_EVERY
        if st.pending_reports or stale:
            self._start(MODE_AUTO)

    def _probe(self) -> None:
        if self.active and not self.busy and self.last_outcome in _UNREACHABLE and \
                read_state(self.workspace).pending_reports:
            self._start(MODE_PROBE)

    def _load_network_information(self):
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return None
            info = QNetworkInformation.instance()
            if info is None:
                return None
            info.reachabilityChanged.connect(self._on_reachability)
            self._set_online(info.reachability())
            return info
        except Exception:
            return None

    def _set_online(self, reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        r = QNetworkInformation.Reachability
        self.online = None if reachability == r.Unknown else reachability != r.Disconnected

    def _on_reachability(self, reachability) -> None:
        was = self.online
        self._set_online(reachability)
        self.state_changed.emit(self.state())
        if self.online and was is not True and self.active and self._ready() and \
                read_state(self.workspace).pending_reports:
            self._start(MODE_MANUAL)

    # ------------------------------------------------------------------ results
    def _on_finished(self, summary) -> None:
        self.last_outcome = summary.outcome
        self.finished.emit(summary)
        self.state_changed.emit(self.state(summary.after))

    def _on_failed(self, message: str) -> None:
        self.last_outcome = "error"
        self.failed.emit(message)
        self.state_changed.emit(self.state())
