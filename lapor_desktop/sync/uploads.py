"""Attachment uploads in a sync run: resumable (tus), one at a time until the link is
measured, then a few in parallel, with the engine's thread the only database writer."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from lapor_desktop import stored_files
from lapor_desktop.store.models import Attachment
from lapor_desktop.sync.gateway import Gateway, UploadJob, UploadRejected
from lapor_desktop.sync.summary import (
    MSG_ATTACHMENT,
    MSG_FILE_DAMAGED,
    PARALLEL_MIN_RATE,
    Cancelled,
    SyncSummary,
)


class UploadsMixin:
    """Upload what central's have-list says is missing."""

    def _upload_for(self, summary: SyncSummary, report_ids: list[str],
                    missing: dict[str, set[str]]) -> None:
        self._emit(phase="attachments")
        self._files_access_cache = None  # read again each run (sealing may have finished),
        self._files_access()  # here, on the engine's thread, before any worker starts
        atts: list[Attachment] = []
        with self.ws.db.read() as s:
            for start in range(0, len(report_ids), 500):
                atts += s.scalars(select(Attachment).where(
                    Attachment.report_id.in_(report_ids[start:start + 500])).order_by(
                    Attachment.report_id, Attachment.created_at, Attachment.id))
        order = {rid: i for i, rid in enumerate(report_ids)}
        # Every report text of the run is already pushed; smallest files first, so a poor
        # link delivers as many complete reports as it can before the next drop.
        atts.sort(key=lambda a: (a.size, order.get(a.report_id, 0)))
        todo = [a for a in atts if a.id in missing.get(a.report_id, set())]
        failed_reports: dict[str, list[dict[str, str]]] = {}
        uploaded_ids: list[str] = []
        try:
            # One at a time until the link is measured; then, on a fast link, in parallel.
            while todo and self._upload_workers(len(todo)) <= 1:
                att = todo.pop(0)
                if att.report_id in failed_reports:
                    continue
                self._check_cancel()
                result = self._upload_one(self.gateway, att, self._cancel, direct=True)
                self._upload_result(summary, att, result, failed_reports, uploaded_ids)
            if todo:
                self._upload_parallel(summary, todo, failed_reports, uploaded_ids)
        finally:
            # Informative only (central's have-list is the judge), so also after a stop.
            if uploaded_ids:
                with self.ws.db.write() as s:
                    for start in range(0, len(uploaded_ids), 500):
                        s.execute(update(Attachment).where(
                            Attachment.id.in_(uploaded_ids[start:start + 500])).values(
                            uploaded=True, upload_url=None, upload_offset=Attachment.size),
                            execution_options={"synchronize_session": False})
            if failed_reports:
                self._mark_attention(failed_reports, summary)

    def _files_access(self) -> tuple[bytes, bool]:
        """The files key and whether clear (not yet sealed) files may be read, computed on
        the engine's thread: upload workers never touch the database."""
        cached = getattr(self, "_files_access_cache", None)
        if cached is None or cached[0] is not self.actor:
            cached = (self.actor, stored_files.key_of(self.actor),
                      stored_files.clear_allowed(self.ws))
            self._files_access_cache = cached
        return cached[1], cached[2]

    def _upload_workers(self, pending: int) -> int:
        """How many uploads to run at once: several only on a measured fast link (on a slow
        one they would only share its bandwidth and lose more on a drop)."""
        if self.upload_workers <= 1 or pending < 2 or not hasattr(self.gateway, "clone"):
            return 1
        rate = getattr(self.gateway, "link_rate", None)
        if rate is None or rate < PARALLEL_MIN_RATE:
            return 1
        return min(self.upload_workers, pending)

    def _upload_one(self, gw: Gateway, att: Attachment, stop: threading.Event, *,
                    direct: bool, relay: Callable[..., None] | None = None
                    ) -> tuple[str, Any]:
        """Upload one attachment: ("ok", outcome), ("damaged", None) or ("rejected", exc).
        Transient errors after the in-run retries, AuthError and Cancelled are raised.

        ``direct``: called on the engine's thread (database writes and progress here);
        otherwise ``relay(fn, arg, wait)`` hands them to the engine's thread."""
        from lapor_desktop.report_view import file_name_of

        key, clear_ok = self._files_access()
        # Decrypting the whole file once authenticates every segment before a byte leaves.
        if not stored_files.intact(self.ws, key, att, clear_ok=clear_ok):
            return "damaged", None
        ws, file_id, stored_path = self.ws, att.id, att.stored_path
        job = UploadJob(report_id=att.report_id, attachment_id=att.id,
                        path=str(ws.paths.root / stored_path),
                        size=att.size, sha256=att.sha256,
                        file_name=file_name_of(att, self.actor.cipher),
                        media_type=att.media_type, resume_url=att.upload_url,
                        opener=lambda: stored_files.open_plain(ws, key, file_id, stored_path,
                                                               clear_ok=clear_ok))
        on_url, on_offset = self._url_saver(job, gw), self._offset_saver(job)
        if direct:
            job.on_url, job.on_offset, progress = on_url, on_offset, self._bytes_progress
        else:
            assert relay is not None
            job.on_url = lambda url: relay(on_url, url, True)  # saved before the first byte
            job.on_offset = lambda off: relay(on_offset, off, True)
            progress = lambda n: relay(self._bytes_progress, n, False)  # noqa: E731
        try:
            outcome = self._retry_until(stop, gw.upload_attachment, job, progress=progress,
                                        cancel=stop)
        except UploadRejected as exc:
            return "rejected", exc
        return "ok", outcome

    def _upload_result(self, summary: SyncSummary, att: Attachment, result: tuple[str, Any],
                       failed_reports: dict[str, list[dict[str, str]]],
                       uploaded_ids: list[str]) -> None:
        kind, value = result
        if kind == "damaged":
            failed_reports.setdefault(att.report_id, [{
                "field": f"attachments.{att.id}", "code": "file_damaged",
                "message": MSG_FILE_DAMAGED}])
        elif kind == "rejected":
            if value.status == 460:  # checksum: start over next time
                return
            failed_reports.setdefault(att.report_id, [{
                "field": f"attachments.{att.id}", "code": f"upload_{value.status}",
                "message": MSG_ATTACHMENT.format(detail=str(value))}])
        else:
            outcome = value
            if outcome.already_received:
                self._emit(bytes_done=self._progress.bytes_done + att.size)
            summary.attachments_uploaded += 0 if outcome.already_received else 1
            summary.bytes_uploaded += outcome.bytes_sent
            uploaded_ids.append(att.id)

    def _upload_parallel(self, summary: SyncSummary, todo: list[Attachment],
                         failed_reports: dict[str, list[dict[str, str]]],
                         uploaded_ids: list[str]) -> None:
        """Upload on a few worker threads, each with its own gateway (own HTTP session).

        Workers only talk HTTP. Database writes (upload URL before the first byte, offsets),
        progress callbacks and results go through a queue to this thread, which stays the
        only writer; a worker waits until its upload URL is stored. The first fatal error
        (or the person's cancel) halts every worker between requests and chunks.
        """
        n = self._upload_workers(len(todo))
        gateways = [self.gateway.clone() for _ in range(n)]  # type: ignore[attr-defined]
        events: queue.Queue = queue.Queue()
        halt = threading.Event()
        lock = threading.Lock()
        pending = iter(todo)

        def relay(fn: Callable[[Any], None], arg: Any, wait: bool) -> None:
            done = threading.Event() if wait else None
            events.put(("call", fn, arg, done))
            while done is not None and not done.wait(0.1):
                if halt.is_set():
                    raise Cancelled()

        def work(gw: Gateway) -> None:
            try:
                while not halt.is_set():
                    with lock:
                        att = next(pending, None)
                    if att is None:
                        return
                    if att.report_id in failed_reports:
                        continue
                    result = self._upload_one(gw, att, halt, direct=False, relay=relay)
                    events.put(("result", att, result, None))
            except BaseException as exc:  # handed to the engine's thread
                events.put(("fatal", exc, None, None))
            finally:
                events.put(("exit", None, None, None))

        threads = [threading.Thread(target=work, args=(gw,), name=f"sync-upload-{i}",
                                    daemon=True) for i, gw in enumerate(gateways)]
        fatal: BaseException | None = None
        try:
            for t in threads:
                t.start()
            fatal = self._pump_upload_events(events, len(threads), halt, summary,
                                             failed_reports, uploaded_ids)
        finally:
            halt.set()
            for t in threads:
                t.join()
            for gw in gateways:
                gw.close()
        self._check_cancel()
        if fatal is not None:
            raise fatal

    def _pump_upload_events(self, events: queue.Queue, running: int, halt: threading.Event,
                            summary: SyncSummary,
                            failed_reports: dict[str, list[dict[str, str]]],
                            uploaded_ids: list[str]) -> BaseException | None:
        """Serve the workers' requests on this thread until every worker has exited;
        returns the first fatal error (the workers are halted on it)."""
        fatal: BaseException | None = None
        while running:
            if self._cancel.is_set():
                halt.set()
            try:
                kind, a, b, c = events.get(timeout=0.1)
            except queue.Empty:
                continue
            try:
                if kind == "exit":
                    running -= 1
                elif kind == "call":
                    try:
                        a(b)
                    finally:
                        if c is not None:
                            c.set()
                elif kind == "result":
                    self._upload_result(summary, a, b, failed_reports, uploaded_ids)
                elif kind == "fatal":
                    if fatal is None and not isinstance(a, Cancelled):
                        fatal = a
                    halt.set()
            except BaseException as exc:  # e.g. the database: stop the workers too
                if fatal is None:
                    fatal = exc
                halt.set()
        return fatal

    def _bytes_progress(self, n: int) -> None:
        self._emit(bytes_done=self._progress.bytes_done + n)

    @staticmethod
    def _persist_worthwhile(job: UploadJob, gw: Gateway) -> bool:
        """Keep the URL in the database when the upload takes more than one request: on a
        fast link a one-chunk upload is over before a restart could resume it."""
        chunk = getattr(gw, "chunk_size", 0) or 0
        return job.size > chunk

    def _url_saver(self, job: UploadJob, gw: Gateway) -> Callable[[str | None], None]:
        def save(url: str | None) -> None:
            job.resume_url = url
            if url is not None and not self._persist_worthwhile(job, gw):
                return
            with self.ws.db.write() as s:
                a = s.get(Attachment, job.attachment_id)
                if a is not None:
                    a.upload_url, a.upload_offset = url, 0
        return save

    def _offset_saver(self, job: UploadJob) -> Callable[[int], None]:
        def save(offset: int) -> None:
            with self.ws.db.write() as s:
                a = s.get(Attachment, job.attachment_id)
                if a is not None:
                    a.upload_url, a.upload_offset = job.resume_url, offset
        return save
