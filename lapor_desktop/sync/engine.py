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

import contextlib
import hashlib
import json
import logging
import os
import queue
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import selectinload

from lapor_desktop import catalog as catalog_mod
from lapor_protocol.domain import LocalState
from lapor_desktop.store.models import Attachment, Outbox, Report, StatusEvent
from lapor_desktop.sync import credentials
from lapor_desktop.sync.backoff import BackoffPolicy
from lapor_desktop.sync.gateway import (
    AuthError, CaptivePortal, Gateway, GatewayError, ItemResult, Limits, PermanentError,
    TooLarge, TransientError, UploadJob, UploadRejected,
)
from lapor_desktop.workspace import Actor, Workspace

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_TEMPFAIL = 75

META_CURSOR = "sync_status_cursor"
META_LAST_OK = "sync_last_success"
META_LAST_ERROR = "sync_last_error"
META_LAST_ATTEMPT = "sync_last_attempt"

MSG_UNREACHABLE = ("Server pusat tidak dapat dihubungi. Tidak ada data yang hilang; laporan "
                   "tetap dalam antrean dan akan dikirim saat koneksi tersedia.")
MSG_CAPTIVE = ("Jaringan menjawab dengan halaman lain (mungkin perlu login Wi-Fi/captive "
               "portal). Tidak ada yang dikirim; coba lagi setelah terhubung ke internet.")
MSG_AUTH = ("Server menolak token perangkat ini (dicabut atau tidak dikenal). Pengiriman "
            "dihentikan; semua laporan tetap dalam antrean. Daftarkan ulang perangkat dengan "
            "kode pendaftaran baru dari admin kabupaten.")
MSG_NOT_ENROLLED = ("Perangkat belum didaftarkan ke server pusat. Isi alamat server dan kode "
                    "pendaftaran, lalu daftarkan perangkat.")
MSG_CANCELLED = "Pengiriman dihentikan. Laporan yang belum terkirim tetap dalam antrean."
MSG_BUSY = "Pengiriman lain sedang berjalan."
MSG_CONFLICT = ("Server sudah menyimpan laporan dengan ID yang sama tetapi isinya berbeda. "
                "Data di server tidak ditimpa. Periksa laporan ini dan buat koreksi.")
MSG_TOO_LARGE = ("Laporan ini melebihi batas ukuran server sehingga tidak dapat dikirim. "
                 "Buat koreksi dengan isi atau lampiran yang lebih kecil.")
MSG_ATTACHMENT = "Lampiran ditolak server: {detail}. Buat koreksi laporan ini."
MSG_FILE_DAMAGED = ("Berkas lampiran di komputer ini rusak atau hilang (sidik sha256 tidak "
                    "cocok). Buat koreksi laporan dengan lampiran yang benar.")

HAVE_CHUNK = 500
STATUS_PAGE = 1000  # central's maximum page
MAX_STATUS_PAGES = 200
# Attachments upload on this many worker threads (each with its own HTTP session) once the
# link is measured at PARALLEL_MIN_RATE bytes/s or more; slower links go one at a time.
UPLOAD_WORKERS = 3
PARALLEL_MIN_RATE = 1_000_000


class Cancelled(Exception):
    pass


class _Stop(Exception):
    """End this run now, keeping everything queued (summary already filled in)."""


@dataclass
class SyncProgress:
    phase: str  # preflight|catalog|reports|attachments|status|done
    reports_done: int = 0
    reports_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0


@dataclass
class SyncSummary:
    outcome: str = "ok"  # ok|unreachable|captive|auth|not_enrolled|cancelled|busy|deferred|error
    message: str | None = None
    sent: int = 0                 # became terkirim in this run
    need_attention: int = 0       # became perlu_perbaikan in this run
    waiting: int = 0              # still queued after the run
    attention_total: int = 0      # perlu_perbaikan, not yet corrected
    attachments_uploaded: int = 0
    bytes_uploaded: int = 0
    status_changes: int = 0
    catalog_updated: bool = False
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    finished_at: datetime | None = None

    @property
    def reachable(self) -> bool:
        return self.outcome not in ("unreachable", "captive", "not_enrolled")

    @property
    def exit_code(self) -> int:
        if self.outcome in ("auth", "not_enrolled", "error"):
            return EXIT_ATTENTION
        if self.outcome in ("unreachable", "captive", "cancelled", "busy"):
            return EXIT_TEMPFAIL if self.waiting or self.outcome != "cancelled" else (
                EXIT_ATTENTION if self.attention_total else EXIT_OK)
        if self.attention_total:
            return EXIT_ATTENTION
        if self.waiting:
            return EXIT_TEMPFAIL
        return EXIT_OK

    def counts_line(self) -> str:
        return (f"terkirim {self.sent}, perlu perbaikan {self.need_attention} "
                f"(total {self.attention_total}), menunggu {self.waiting}, lampiran "
                f"{self.attachments_uploaded} ({self.bytes_uploaded} bita), perubahan status "
                f"{self.status_changes}")


ProgressCallback = Callable[[SyncProgress], None]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@contextlib.contextmanager
def sync_lock(ws: Workspace) -> Iterator[bool]:
    """A cross-process lock so that the app and the CLI never sync at the same time."""
    path = ws.paths.root / "sync.lock"
    f = open(path, "a+b")
    got = False
    try:
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            got = True
        except OSError:
            got = False
        yield got
    finally:
        if got:
            try:
                if os.name == "nt":  # pragma: no cover
                    import msvcrt

                    f.seek(0)
                    msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
                else:
                    import fcntl

                    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
            except OSError:
                pass
        f.close()


# ----------------------------------------------------------------------------- queries

def queue_counts(ws: Workspace) -> tuple[int, int, int]:
    """(waiting, sent, need attention) for status bars."""
    with ws.db.read() as s:
        rows = dict(s.execute(select(Report.local_state, func.count())
                              .where(Report.local_state != LocalState.DRAF.value)
                              .group_by(Report.local_state)).all())
        attention = s.scalar(select(func.count()).select_from(Report).where(
            Report.local_state == LocalState.PERLU_PERBAIKAN.value,
            Report.superseded_by.is_(None))) or 0
    return (rows.get(LocalState.SIAP_KIRIM.value, 0), rows.get(LocalState.TERKIRIM.value, 0),
            attention)


def next_due(ws: Workspace) -> datetime | None:
    """When the earliest queued report may be tried automatically (None: nothing queued)."""
    with ws.db.read() as s:
        rows = s.execute(select(Outbox.next_attempt_at).join(
            Report, Report.id == Outbox.report_id).where(
            Outbox.state == "pending",
            Report.local_state == LocalState.SIAP_KIRIM.value)).scalars().all()
    if not rows:
        return None
    return min((r or datetime.min.replace(tzinfo=timezone.utc)) for r in rows)


# ----------------------------------------------------------------------------- engine

class SyncEngine:
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
            self.ws.db.set_meta(META_LAST_ATTEMPT, _now().isoformat())
            candidates: list[str] = []
            try:
                candidates = self._select(manual)
                if not manual and not candidates and self._any_waiting():
                    summary.outcome = "deferred"
                    return self._finish(summary, record=False)
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
            if summary.outcome == "ok":
                self.ws.db.set_meta(META_LAST_OK, summary.finished_at.isoformat())
                self.ws.db.set_meta(META_LAST_ERROR, "")
            elif summary.message:
                self.ws.db.set_meta(META_LAST_ERROR, summary.message)
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

    def _any_waiting(self) -> bool:
        return queue_counts(self.ws)[0] > 0

    def _select(self, manual: bool) -> list[str]:
        q = (select(Report.id).join(Outbox, Outbox.report_id == Report.id)
             .where(Report.local_state == LocalState.SIAP_KIRIM.value,
                    Outbox.state == "pending").order_by(Report.pk))
        if not manual:
            q = q.where(or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= _now()))
        with self.ws.db.read() as s:
            return list(s.scalars(q))

    def _defer(self, report_ids: list[str], exc: GatewayError) -> None:
        """Persist the next automatic attempt time for what is still queued."""
        if not report_ids:
            return
        now = _now()
        retry_after = getattr(exc, "retry_after", None)
        with self.ws.db.write() as s:
            for start in range(0, len(report_ids), 500):
                rows = s.scalars(select(Outbox).where(
                    Outbox.report_id.in_(report_ids[start:start + 500]),
                    Outbox.state == "pending"))
                for row in rows:
                    row.attempts = (row.attempts or 0) + 1
                    row.next_attempt_at = now + timedelta(
                        seconds=self.policy.delay(row.attempts, retry_after))
                    row.last_error = str(exc)[:500]

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

        bytes_total = self._pending_bytes(candidates)
        self._emit(phase="reports", reports_total=len(candidates), bytes_total=bytes_total)
        chunk = max(1, min(HAVE_CHUNK, self.limits.max_batch_count))
        for start in range(0, len(candidates), chunk):
            self._sync_chunk(summary, candidates[start:start + chunk])

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

    def _pending_bytes(self, ids: list[str]) -> int:
        total = 0
        with self.ws.db.read() as s:
            for start in range(0, len(ids), 500):
                total += s.scalar(select(func.coalesce(func.sum(Attachment.size), 0)).where(
                    Attachment.report_id.in_(ids[start:start + 500]),
                    Attachment.uploaded.is_(False))) or 0
        return int(total)

    def _report_done(self, n: int = 1) -> None:
        self._emit(reports_done=self._progress.reports_done + n)

    def _sync_chunk(self, summary: SyncSummary, ids: list[str]) -> None:
        self._check_cancel()
        with self.ws.db.read() as s:
            entries = [(r.id, r.content_hash or "") for r in s.execute(
                select(Report.id, Report.content_hash).where(Report.id.in_(ids))
                .order_by(Report.pk))]
        have = self._retrying(self.gateway.have, entries)

        uploads: set[str] = set()        # report ids whose attachments must go up
        missing_atts: dict[str, set[str]] = {}
        done_now: list[tuple[str, str | None, str | None]] = []
        for known in have.known:
            if known.missing_attachments:
                uploads.add(known.id)
                missing_atts[known.id] = set(known.missing_attachments)
            done_now.append((known.id, known.tracking_id, known.status))
        self._record_known(done_now, complete={k.id for k in have.known
                                                if not k.missing_attachments}, summary=summary)
        if have.conflicts:
            self._mark_attention({rid: [{"field": "content_hash", "code": "conflict",
                                         "message": MSG_CONFLICT}] for rid in have.conflicts},
                                 summary)

        if have.missing:
            for rid, atts in self._push(summary, list(have.missing)).items():
                uploads.add(rid)
                missing_atts[rid] = atts

        if uploads:
            self._upload_for(summary, [i for i in ids if i in uploads], missing_atts)
            # Verify: central is the judge of what it holds.
            self._check_cancel()
            with self.ws.db.read() as s:
                entries = [(r.id, r.content_hash or "") for r in s.execute(
                    select(Report.id, Report.content_hash).where(
                        Report.id.in_(list(uploads)),
                        Report.local_state == LocalState.SIAP_KIRIM.value))]
            if entries:
                have = self._retrying(self.gateway.have, entries)
                self._record_known([(k.id, k.tracking_id, k.status) for k in have.known],
                                   complete={k.id for k in have.known
                                             if not k.missing_attachments}, summary=summary)

    # ------------------------------------------------------------------ results
    def _record_known(self, rows: list[tuple[str, str | None, str | None]], *,
                      complete: set[str], summary: SyncSummary,
                      received_at: datetime | None = None) -> None:
        """Record central's answers for a batch in one transaction.

        Reports are loaded with one SELECT and flushed once at commit (no autoflush, no
        per-report lazy load of attachments); the attachment and outbox rows of the reports
        that became ``terkirim`` are updated with one statement each.
        """
        if not rows:
            return
        done: list[str] = []
        with self.ws.db.write() as s, s.no_autoflush:
            ids = [r[0] for r in rows]
            reports = {r.id: r for r in s.scalars(select(Report).where(Report.id.in_(ids)))}
            for rid, tracking_id, status in rows:
                rep = reports.get(rid)
                if rep is None:
                    continue
                if tracking_id and not rep.tracking_id:
                    rep.tracking_id = tracking_id
                if status and not rep.remote_status:
                    rep.remote_status = status
                    rep.remote_status_at = received_at  # central's clock, never ours
                if received_at and not rep.received_at:
                    rep.received_at = received_at
                if rid in complete and rep.local_state == LocalState.SIAP_KIRIM.value:
                    rep.local_state = LocalState.TERKIRIM.value
                    rep.sync_error = None
                    done.append(rid)
            s.flush()
            if done:
                s.execute(update(Attachment).where(
                    Attachment.report_id.in_(done), Attachment.uploaded.is_(False)).values(
                    uploaded=True, upload_url=None, upload_offset=Attachment.size),
                    execution_options={"synchronize_session": False})
                s.execute(update(Outbox).where(Outbox.report_id.in_(done)).values(
                    state="done", last_error=None, next_attempt_at=None),
                    execution_options={"synchronize_session": False})
        summary.sent += len(done)
        if done:
            self._report_done(len(done))

    def _mark_attention(self, errors: dict[str, list[dict[str, str]]],
                        summary: SyncSummary) -> None:
        if not errors:
            return
        with self.ws.db.write() as s:
            for rep in s.scalars(select(Report).where(Report.id.in_(list(errors)))):
                if rep.local_state != LocalState.SIAP_KIRIM.value:
                    continue
                rep.local_state = LocalState.PERLU_PERBAIKAN.value
                rep.sync_error = json.dumps(errors[rep.id], ensure_ascii=False)
                ob = s.get(Outbox, rep.id)
                if ob is not None:
                    ob.state = "failed"
                    ob.last_error = "; ".join(e.get("message") or e.get("code", "")
                                              for e in errors[rep.id])[:500]
                    ob.next_attempt_at = None
                summary.need_attention += 1
        self._report_done(len(errors))

    # ------------------------------------------------------------------ push
    def _wire(self, ids: list[str]) -> list[dict[str, Any]]:
        from lapor_desktop.intake import to_wire

        out = []
        with self.ws.db.read() as s:
            rows = s.scalars(select(Report).options(selectinload(Report.attachments))
                             .where(Report.id.in_(ids)).order_by(Report.pk))
            for r in rows:
                wire = to_wire(r, self.actor.cipher)
                if r.content_hash and wire["content_hash"] != r.content_hash:
                    # The frozen hash is the idempotency key; never send other content.
                    log.error("report %s: content changed after finalising", r.id)
                out.append(wire)
        return out

    def _batches(self, wires: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
        budget = int(self.limits.max_batch_bytes * 0.9) - 64
        count = max(1, self.limits.max_batch_count)
        batch: list[dict[str, Any]] = []
        size = 0
        for w in wires:
            n = len(json.dumps(w, ensure_ascii=False, separators=(",", ":")).encode()) + 1
            if batch and (len(batch) >= count or size + n > budget):
                yield batch
                batch, size = [], 0
            batch.append(w)
            size += n
        if batch:
            yield batch

    def _push(self, summary: SyncSummary, ids: list[str]) -> dict[str, set[str]]:
        """Push reports central lacks; returns {report id: attachment ids to upload}."""
        wires = self._wire(ids)
        att_of = {w["id"]: {a["id"] for a in w["attachments"]} for w in wires}
        need: dict[str, set[str]] = {}
        pending = list(self._batches(wires))
        while pending:
            batch = pending.pop(0)
            self._check_cancel()
            try:
                result = self._retrying(self.gateway.push_batch, batch)
            except TooLarge:
                if len(batch) == 1:
                    self._mark_attention({batch[0]["id"]: [
                        {"field": "", "code": "too_large", "message": MSG_TOO_LARGE}]}, summary)
                    continue
                half = len(batch) // 2
                pending[:0] = [batch[:half], batch[half:]]
                continue
            except PermanentError as exc:
                if exc.status in (400, 422) and len(batch) > 1:
                    half = len(batch) // 2
                    pending[:0] = [batch[:half], batch[half:]]
                    continue
                if exc.status in (400, 422):
                    errs = exc.errors or [{"field": "", "code": "invalid",
                                           "message": str(exc)}]
                    self._mark_attention({batch[0]["id"]: errs}, summary)
                    continue
                raise
            received = _parse_time(result.server_time)
            ok: list[tuple[str, str | None, str | None]] = []
            bad: dict[str, list[dict[str, str]]] = {}
            complete: set[str] = set()
            for item in result.results:
                self._classify(item, ok, bad, complete, att_of, need)
            self._record_known(ok, complete=complete, summary=summary, received_at=received)
            if bad:
                self._mark_attention(bad, summary)
        return need

    @staticmethod
    def _classify(item: ItemResult, ok: list, bad: dict, complete: set, att_of: dict,
                  need: dict) -> None:
        if item.result in ("accepted", "duplicate"):
            ok.append((item.id, item.tracking_id, item.status))
            atts = att_of.get(item.id) or set()
            if atts:
                need[item.id] = set(atts)
            else:
                complete.add(item.id)
        elif item.result == "conflict":
            errs = list(item.errors) or []
            bad[item.id] = [{"field": e.get("field", ""), "code": e.get("code", "conflict"),
                             "message": MSG_CONFLICT} for e in errs] or [
                {"field": "content_hash", "code": "conflict", "message": MSG_CONFLICT}]
        else:
            bad[item.id] = list(item.errors) or [
                {"field": "", "code": "rejected", "message": "Ditolak server."}]

    # ------------------------------------------------------------------ uploads
    def _upload_for(self, summary: SyncSummary, report_ids: list[str],
                    missing: dict[str, set[str]]) -> None:
        self._emit(phase="attachments")
        with self.ws.db.read() as s:
            atts = list(s.scalars(select(Attachment).where(
                Attachment.report_id.in_(report_ids)).order_by(
                Attachment.report_id, Attachment.created_at, Attachment.id)))
        order = {rid: i for i, rid in enumerate(report_ids)}
        # The chunk's report texts are already pushed; smallest files first, so a poor link
        # delivers as many complete reports as it can before the next drop.
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

        path = self.ws.paths.root / att.stored_path
        if _sha256_file(path) != att.sha256:
            return "damaged", None
        job = UploadJob(report_id=att.report_id, attachment_id=att.id, path=str(path),
                        size=att.size, sha256=att.sha256,
                        file_name=file_name_of(att, self.actor.cipher),
                        media_type=att.media_type, resume_url=att.upload_url)
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
            running = len(threads)
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
        finally:
            halt.set()
            for t in threads:
                t.join()
            for gw in gateways:
                gw.close()
        self._check_cancel()
        if fatal is not None:
            raise fatal

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

    # ------------------------------------------------------------------ status pull
    def _pull_status(self, summary: SyncSummary) -> None:
        for _ in range(MAX_STATUS_PAGES):
            self._check_cancel()
            cursor = self.ws.db.get_meta(META_CURSOR) or None
            page = self._retrying(self.gateway.status_changes, cursor, STATUS_PAGE)
            summary.status_changes += self._apply_status(page.changes, page.cursor)
            if not page.more or not page.changes:
                return

    def _apply_status(self, changes, cursor: str) -> int:
        """One transaction per page: the events (one multi-row INSERT), the reports' current
        status and the new cursor."""
        applied = 0
        with self.ws.db.write() as s, s.no_autoflush:
            ids = list({c.report_id for c in changes})
            reports = {r.id: r for r in s.scalars(select(Report).where(Report.id.in_(ids)))}
            seen = set(s.execute(select(StatusEvent.report_id, StatusEvent.remote_event_id)
                                 .where(StatusEvent.report_id.in_(ids),
                                        StatusEvent.source == "central")).all())
            rows: list[dict[str, Any]] = []
            for c in changes:
                rep = reports.get(c.report_id)
                at = _parse_time(c.at)
                if rep is None or at is None or (c.report_id, c.event_id) in seen:
                    continue
                seen.add((c.report_id, c.event_id))
                rows.append({"report_id": rep.id, "remote_event_id": c.event_id,
                             "status": c.status, "note": c.note, "agency": c.agency,
                             "at": at, "source": "central"})
                applied += 1
                if c.tracking_id and not rep.tracking_id:
                    rep.tracking_id = c.tracking_id
                if c.status == "diterima" and (rep.received_at is None or at < rep.received_at):
                    rep.received_at = at  # central's clock: deadlines count from here
                # Central hands events out in its own order: the last one pulled is current.
                rep.remote_status = c.status
                rep.remote_status_at = at
                if c.status != "diterima":
                    rep.status_seen = False
            if rows:
                s.execute(insert(StatusEvent), rows)
            s.flush()
            self.ws.db.set_meta(META_CURSOR, cursor, session=s)
        return applied
