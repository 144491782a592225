"""One sync run: preflight, catalogue, have-list, push, uploads, status pull.

``SyncEngine(workspace, actor, gateway).run_once(progress=..., cancel=...)`` is a plain
synchronous call returning a :class:`SyncSummary`. The desktop app runs it on a worker
thread; the CLI calls it directly. Every step is idempotent on central's side (report ids,
tus offsets, event ids), so a run may stop anywhere — drop, cancel, power cut — and the
next run picks up where this one left off without sending anything twice.

Rules (docs/sync-engine.md):
- A report becomes ``terkirim`` only when central accepted it (or answers it as a replay)
  AND the have-list shows none of its attachments missing.
- Rejected and conflicting reports become ``perlu_perbaikan`` with central's field errors as
  JSON in ``Report.sync_error``; they are not sent again (a correction is a new report).
- Transient failures retry a few times inside the run, then stop the run and persist the
  next attempt time (exponential backoff, full jitter, Retry-After) in the outbox rows.
- Status changes and the new cursor are committed in one transaction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from lapor_desktop import catalog as catalog_mod
from lapor_desktop import credentials
from lapor_desktop.sync import state as sync_state
from lapor_desktop.sync.anchor import AnchorMixin
from lapor_desktop.sync.backoff import BackoffPolicy
from lapor_desktop.sync.gateway import (
    AuthError,
    CaptivePortal,
    Gateway,
    GatewayError,
    Limits,
    TransientError,
)
from lapor_desktop.sync.outbox import (
    OutboxMixin,
    network_available,
    queue_counts,
    sync_lock,
)
from lapor_desktop.sync.reports import ReportsMixin
from lapor_desktop.sync.status_pull import StatusPullMixin
from lapor_desktop.sync.summary import (
    HAVE_CHUNK,
    META_LAST_ATTEMPT,
    MSG_AUTH,
    MSG_BUSY,
    MSG_CANCELLED,
    MSG_CAPTIVE,
    MSG_NOT_ENROLLED,
    MSG_OFFLINE,
    MSG_UNREACHABLE,
    UPLOAD_WORKERS,
    Cancelled,
    ProgressCallback,
    SyncProgress,
    SyncSummary,
    _now,
    _Stop,
)
from lapor_desktop.sync.uploads import UploadsMixin
from lapor_desktop.workspace import Actor, Workspace

log = logging.getLogger(__name__)

__all__ = [
    "Cancelled",
    "SyncEngine",
    "SyncProgress",
    "SyncSummary",
    "queue_counts",
    "sync_lock",
]


class SyncEngine(OutboxMixin, ReportsMixin, UploadsMixin, StatusPullMixin, AnchorMixin):
    def __init__(self, workspace: Workspace, actor: Actor, gateway: Gateway, *,
                 policy: BackoffPolicy | None = None, token: str | None = None,
                 sleep: Callable[[threading.Event, float], bool] | None = None,
                 upload_workers: int = UPLOAD_WORKERS):
        self.ws = workspace
        self.upload_workers = upload_workers
        self.actor = actor
        self.gateway = gateway
        self.policy = policy or BackoffPolicy()
        self._token = token
        self._sleep = sleep or (lambda ev, secs: ev.wait(secs))
        self.limits = Limits()
        self._progress_cb: ProgressCallback | None = None
        self._progress = SyncProgress("preflight")
        self._cancel = threading.Event()

    # ------------------------------------------------------------------ entry point
    def run_once(self, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None, *, manual: bool = True) -> SyncSummary:
        """One sync run. ``manual`` (a person asked) ignores the backoff schedule."""
        self._cancel = cancel or threading.Event()
        self._progress_cb = progress
        self._progress = SyncProgress("preflight")
        summary = SyncSummary()
        with sync_lock(self.ws) as got:
            if not got:
                summary.outcome, summary.message = "busy", MSG_BUSY
                return self._finish(summary, record=False)
            candidates: list[str] = []
            try:
                candidates = self._select(manual)
                if not manual and not candidates and self._any_waiting():
                    summary.outcome = "deferred"  # nothing due yet: not an attempt
                    return self._finish(summary, record=False)
                self.ws.db.set_meta(META_LAST_ATTEMPT, _now().isoformat())
                self._run(summary, candidates)
            except _Stop:
                pass
            except Cancelled:
                summary.outcome, summary.message = "cancelled", MSG_CANCELLED
            except AuthError:
                summary.outcome, summary.message = "auth", MSG_AUTH
            except CaptivePortal as exc:
                summary.outcome, summary.message = "captive", MSG_CAPTIVE
                self._defer(candidates, exc)
            except TransientError as exc:
                if self._cancel.is_set():
                    summary.outcome, summary.message = "cancelled", MSG_CANCELLED
                elif not network_available(self.gateway):
                    summary.outcome, summary.message = "offline", MSG_OFFLINE
                    self._defer(candidates, exc)
                else:
                    summary.outcome, summary.message = "unreachable", MSG_UNREACHABLE
                    self._defer(candidates, exc)
            except GatewayError as exc:
                log.warning("sync stopped: %s", exc)
                summary.outcome = "error"
                summary.message = f"Pengiriman gagal: {exc}"
            return self._finish(summary, record=True)

    def _finish(self, summary: SyncSummary, *, record: bool) -> SyncSummary:
        waiting, _sent, attention = queue_counts(self.ws)
        summary.waiting, summary.attention_total = waiting, attention
        summary.finished_at = _now()
        if record:
            sync_state.record(self.ws, summary)
        log.info("sync %s: %s", summary.outcome, summary.counts_line())
        self._emit(phase="done")
        return summary

    # ------------------------------------------------------------------ helpers
    def _emit(self, **changes: Any) -> None:
        for k, v in changes.items():
            setattr(self._progress, k, v)
        if self._progress_cb is not None:
            try:
                self._progress_cb(SyncProgress(**self._progress.__dict__))
            except Exception:  # a broken listener must not break the run
                log.exception("progress listener failed")

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def _retrying(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``fn``; on a transient error pause (jittered, short) and try again a few
        times inside this run. AuthError and permanent errors pass straight through."""
        return self._retry_until(self._cancel, fn, *args, **kwargs)

    def _retry_until(self, stop: threading.Event, fn: Callable[..., Any], *args: Any,
                     **kwargs: Any) -> Any:
        """:meth:`_retrying` that ends (Cancelled) when ``stop`` is set: the person's cancel
        on the main thread, or the upload workers' halt (which follows that cancel)."""
        tries = 0
        while True:
            self._check_cancel()
            if stop.is_set():
                raise Cancelled()
            try:
                return fn(*args, **kwargs)
            except CaptivePortal:
                raise
            except TransientError as exc:
                tries += 1
                delay = self.policy.in_run_delay(tries, exc.retry_after)
                if delay is None:
                    raise
                log.info("transient (%s); retry %d in %.2fs", exc, tries, delay)
                if self._sleep(stop, delay):
                    raise Cancelled() from None

    # ------------------------------------------------------------------ the run
    def _run(self, summary: SyncSummary, candidates: list[str]) -> None:
        token = self._token or credentials.load_token(self.ws, self.actor)
        if not self.ws.settings.endpoint_url and not getattr(self.gateway, "base_url", None):
            summary.outcome, summary.message = "not_enrolled", MSG_NOT_ENROLLED
            raise _Stop()
        if not token:
            summary.outcome, summary.message = "not_enrolled", MSG_NOT_ENROLLED
            raise _Stop()
        self.gateway.set_token(token)

        self._emit(phase="preflight", reports_total=len(candidates))
        info = self._retrying(self.gateway.ping)
        self.limits = info.limits

        self._emit(phase="catalog")
        self._refresh_catalog(summary)
        self._send_anchor()  # every run that reaches central anchors the audit chain
        self._refresh_central_key()  # before any report is put on the wire

        bytes_total = self._pending_bytes(candidates)
        self._emit(phase="reports", reports_total=len(candidates), bytes_total=bytes_total)
        chunk = max(1, min(HAVE_CHUNK, self.limits.max_batch_count))
        missing_atts: dict[str, set[str]] = {}
        for start in range(0, len(candidates), chunk):
            missing_atts.update(self._sync_chunk(summary, candidates[start:start + chunk]))
        # Every report's text is at central before the first file goes up.
        self._send_files(summary, candidates, missing_atts)

        self._emit(phase="status")
        self._pull_status(summary)

    def _refresh_catalog(self, summary: SyncSummary) -> None:
        current = self.ws.db.get_meta("catalog_version")
        doc = self._retrying(self.gateway.catalog, current)
        if doc is None:
            return
        try:
            new = catalog_mod.parse_catalog(doc.document)
        except catalog_mod.CatalogError as exc:
            log.warning("central catalogue refused: %s", exc)
            return
        if new.version != current:
            self.ws.replace_catalog(new)
            summary.catalog_updated = True
