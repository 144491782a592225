"""The outbox side of sync: the cross-process lock, queue counts, which reports a run
takes, and the next automatic attempt time (backoff) kept in the outbox rows."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, or_, select

from lapor_desktop.store.models import Outbox, Report
from lapor_desktop.sync.gateway import GatewayError
from lapor_desktop.sync.summary import _now
from lapor_desktop.workspace import Workspace
from lapor_protocol.domain import LocalState


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


def network_available(gateway: object) -> bool:
    """False when the server's host name cannot even be resolved (no network at all, as
    opposed to a server that does not answer). A literal address always counts as up."""
    host = urlsplit(str(getattr(gateway, "base_url", "") or "")).hostname
    if not host:
        return True
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    except OSError:
        return True
    return True


class OutboxMixin:
    """The engine's queue selection and backoff bookkeeping."""

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
