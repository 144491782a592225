"""Reports in a sync run: have-list, push in size-bounded batches, central's answers
(``terkirim`` / ``perlu_perbaikan``) recorded in one transaction per batch."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from lapor_desktop import delivery, rolekeys
from lapor_desktop.store.models import Attachment, Outbox, Report
from lapor_desktop.sync.gateway import ItemResult, PermanentError, TooLarge
from lapor_desktop.sync.summary import (
    HAVE_CHUNK,
    MSG_CONFLICT,
    MSG_TOO_LARGE,
    SyncSummary,
    _parse_time,
)
from lapor_protocol.domain import LocalState

log = logging.getLogger(__name__)


class ReportsMixin:
    """Push and record reports (needs the engine's ws, actor, gateway, limits, _emit...)."""

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

    def _sync_chunk(self, summary: SyncSummary, ids: list[str]) -> dict[str, set[str]]:
        """Have-list and push of one chunk: the report texts only. Returns, per report
        central holds without all its files, the attachment ids it still lacks."""
        self._check_cancel()
        with self.ws.db.read() as s:
            entries = [(r.id, r.content_hash or "") for r in s.execute(
                select(Report.id, Report.content_hash).where(Report.id.in_(ids))
                .order_by(Report.pk))]
        have = self._retrying(self.gateway.have, entries)

        missing_atts: dict[str, set[str]] = {}
        done_now: list[tuple[str, str | None, str | None]] = []
        for known in have.known:
            if known.missing_attachments:
                missing_atts[known.id] = set(known.missing_attachments)
            done_now.append((known.id, known.tracking_id, known.status))
        self._record_known(done_now, complete={k.id for k in have.known
                                                if not k.missing_attachments}, summary=summary)
        if have.conflicts:
            self._mark_attention({rid: [{"field": "content_hash", "code": "conflict",
                                         "message": MSG_CONFLICT}] for rid in have.conflicts},
                                 summary)
        if have.missing:
            missing_atts.update(self._push(summary, list(have.missing)))
        return missing_atts

    def _send_files(self, summary: SyncSummary, ordered: list[str],
                    missing_atts: dict[str, set[str]]) -> None:
        """After every text of the run: the attachments (smallest first across the whole
        queue), then ask central which reports it now holds complete."""
        if not missing_atts:
            return
        self._upload_for(summary, [i for i in ordered if i in missing_atts], missing_atts)
        # Verify: central is the judge of what it holds.
        ids = list(missing_atts)
        chunk = max(1, min(HAVE_CHUNK, self.limits.max_batch_count))
        for start in range(0, len(ids), chunk):
            self._check_cancel()
            with self.ws.db.read() as s:
                entries = [(r.id, r.content_hash or "") for r in s.execute(
                    select(Report.id, Report.content_hash).where(
                        Report.id.in_(ids[start:start + chunk]),
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
                # Central holds the identity now: only the sealed copy stays on the laptop.
                rolekeys.erase_delivered(s, done)
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
        # Progress counts only what was really sent: a refused report is not "done".

    def _refresh_central_key(self) -> None:
        """Learn central's key (installations enrolled before central had one, and after a
        rotation); a new key seals the delivery copies of waiting reports at once."""
        try:
            value = self._retrying(self.gateway.central_key)
        except PermanentError as exc:
            log.warning("central key not available: %s", exc)
            return
        raw = delivery.parse_central_key(value) if value is not None else None
        if value is not None and raw is None:
            log.warning("central key refused: not a 32-byte base64 key")
        if raw is not None and delivery.remember_central_key(self.ws, raw):
            delivery.seal_pending(self.ws, self.actor)

    # ------------------------------------------------------------------ push
    def _wire(self, ids: list[str]) -> list[dict[str, Any]]:
        from lapor_desktop.intake import to_wire

        out = []
        with self.ws.db.read() as s:
            rows = s.scalars(select(Report).options(selectinload(Report.attachments))
                             .where(Report.id.in_(ids)).order_by(Report.pk))
            for r in rows:
                boxed = delivery.central_wire(r, self.actor.cipher)
                if boxed is not None:
                    # The identity travels sealed to central; nothing here reads it.
                    out.append(boxed)
                    continue
                wire = to_wire(r, self.actor.cipher)
                if (r.content_hash and wire["content_hash"] != r.content_hash
                        and not rolekeys.has_work_copy(r)):
                    # The kecamatan acknowledged it, so its work copy is gone and this
                    # session cannot open the sealed identity: the kecamatan delivers it
                    # (a later have-list finds it at central), or a holder's sync sends it.
                    log.info("report %s: identity sealed, left to the kecamatan", r.id)
                    continue
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
