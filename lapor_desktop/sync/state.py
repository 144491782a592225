"""The sync state as the operator must see it, one source for the GUI and the CLI.

Kept in the ``Meta`` key/value table (survives a restart, no migration): when the last run
was attempted, when a run last fully succeeded, the last error and the last outcome. The
queue itself is read from the reports and the outbox.

States: ``not_configured`` (no server address), ``not_enrolled`` (no device token),
``no_network``, ``unreachable``, ``captive``, ``refused`` (central's own message),
``partial`` (something sent, something still queued), ``all_sent``; ``idle`` before any
attempt, ``cancelled`` when the last run was stopped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from lapor_desktop.store.models import Attachment, Outbox, Report
from lapor_desktop.sync.summary import (
    META_LAST_ATTEMPT,
    META_LAST_ERROR,
    META_LAST_OK,
    SyncSummary,
)
from lapor_desktop.workspace import Workspace
from lapor_protocol.domain import LocalState

META_LAST_STATE = "sync_last_state"
META_WARN_DAYS = "sync_warn_days"  # reports waiting longer than this many days: warn
DEFAULT_WARN_DAYS = 3

NOT_CONFIGURED = "not_configured"
NOT_ENROLLED = "not_enrolled"
NO_NETWORK = "no_network"
UNREACHABLE = "unreachable"
CAPTIVE = "captive"
REFUSED = "refused"
PARTIAL = "partial"
ALL_SENT = "all_sent"
IDLE = "idle"
CANCELLED = "cancelled"

# A run's outcome -> the state it leaves (None: the run changed nothing worth keeping).
_OUTCOME_STATE = {
    "unreachable": UNREACHABLE, "offline": NO_NETWORK, "captive": CAPTIVE,
    "auth": REFUSED, "error": REFUSED, "not_enrolled": NOT_ENROLLED, "cancelled": CANCELLED,
}


@dataclass
class SyncState:
    state: str
    enrolled: bool
    server: str | None
    pending_reports: int
    pending_attachments: int
    oldest_pending_at: datetime | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    sent_reports: int = 0
    attention_reports: int = 0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("oldest_pending_at", "last_attempt_at", "last_success_at"):
            out[key] = out[key].isoformat() if out[key] else None
        return out

    def waiting_too_long(self, days: int, now: datetime | None = None) -> bool:
        if not self.pending_reports or self.oldest_pending_at is None:
            return False
        now = now or datetime.now(UTC)
        return now - self.oldest_pending_at > timedelta(days=days)


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def is_enrolled(ws: Workspace) -> bool:
    return bool(ws.settings.endpoint_url) and \
        (ws.db.get_meta("sync_token_store") or "") in ("keyring", "file")


def pending(ws: Workspace) -> tuple[int, int, datetime | None]:
    """(reports waiting, their attachments not yet uploaded, when the oldest was queued)."""
    waiting = Report.local_state == LocalState.SIAP_KIRIM.value
    with ws.db.read() as s:
        n = s.scalar(select(func.count()).select_from(Report).where(waiting)) or 0
        if not n:
            return 0, 0, None
        atts = s.scalar(select(func.count()).select_from(Attachment).join(
            Report, Report.id == Attachment.report_id).where(
            waiting, Attachment.uploaded.is_(False))) or 0
        oldest = s.scalar(select(func.min(func.coalesce(Report.finalised_at,
                                                        Outbox.enqueued_at)))
                          .select_from(Report).join(Outbox, Outbox.report_id == Report.id)
                          .where(waiting))
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return n, atts, oldest


def read_state(ws: Workspace) -> SyncState:
    from lapor_desktop.sync.outbox import queue_counts

    enrolled = is_enrolled(ws)
    n, atts, oldest = pending(ws)
    _waiting, sent, attention = queue_counts(ws)
    last = ws.db.get_meta(META_LAST_STATE) or IDLE
    if not ws.settings.endpoint_url:
        state = NOT_CONFIGURED
    elif not enrolled:
        state = NOT_ENROLLED
    elif last == NOT_ENROLLED:  # enrolled since
        state = IDLE
    elif last in (ALL_SENT, PARTIAL) and n:
        state = PARTIAL  # new reports queued since the last good run
    else:
        state = last
    return SyncState(state, enrolled, ws.settings.endpoint_url or None, n, atts, oldest,
                     _time(ws.db.get_meta(META_LAST_ATTEMPT)),
                     _time(ws.db.get_meta(META_LAST_OK)),
                     ws.db.get_meta(META_LAST_ERROR) or None, sent, attention)


def state_after(summary: SyncSummary) -> str | None:
    """The state a finished run leaves (None for a run that did not happen)."""
    if summary.outcome in ("busy", "deferred"):
        return None
    if summary.outcome == "ok":
        return PARTIAL if summary.waiting else ALL_SENT
    state = _OUTCOME_STATE.get(summary.outcome, REFUSED)
    if summary.sent and state in (UNREACHABLE, NO_NETWORK, CAPTIVE, CANCELLED):
        return PARTIAL
    return state


def record(ws: Workspace, summary: SyncSummary) -> None:
    """Keep what a finished run tells the operator (called by the engine at the end)."""
    state = state_after(summary)
    if state is None:
        return
    ws.db.set_meta(META_LAST_STATE, state)
    if summary.outcome == "ok":
        when = summary.finished_at or datetime.now(UTC)
        ws.db.set_meta(META_LAST_OK, when.isoformat())
        ws.db.set_meta(META_LAST_ERROR, "")
    elif summary.message:
        ws.db.set_meta(META_LAST_ERROR, summary.message)


def forget_enrolment_errors(ws: Workspace) -> None:
    """After a successful enrolment, an old "not enrolled"/"refused" no longer holds."""
    if (ws.db.get_meta(META_LAST_STATE) or IDLE) in (NOT_ENROLLED, REFUSED):
        ws.db.set_meta(META_LAST_STATE, IDLE)
    ws.db.set_meta(META_LAST_ERROR, "")


def warn_days(ws: Workspace) -> int:
    try:
        return max(1, int(ws.db.get_meta(META_WARN_DAYS) or DEFAULT_WARN_DAYS))
    except ValueError:
        return DEFAULT_WARN_DAYS
