"""Status pull: central's events for our reports, one transaction per page with the
cursor, so a run stopped half-way neither loses nor repeats an event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from lapor_desktop.store.models import Report, StatusEvent
from lapor_desktop.sync.summary import (
    MAX_STATUS_PAGES,
    META_CURSOR,
    STATUS_PAGE,
    SyncSummary,
    _parse_time,
)


class StatusPullMixin:
    """Pull and apply status changes."""

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
