"""The sync state (one source for GUI and CLI) and ``lapor-desktop status --json``."""

from __future__ import annotations

import json
import socket

from sqlalchemy import func, select

from lapor_desktop.cli import main
from lapor_desktop.store.models import Attachment
from lapor_desktop.sync import state as st
from lapor_desktop.sync.service import enroll_device, run_sync
from tests.support.factories import PASSWORD, REGION
from tests.sync.helpers import make_reports


def _status(ws, capsys) -> tuple[int, dict]:
    code = main(["--data-dir", str(ws.paths.root), "status", "--json"])
    return code, json.loads(capsys.readouterr().out)


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_not_configured_is_said_without_a_traceback(workspace, actor, tmp_path, capsys):
    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    summary = run_sync(workspace, actor)
    assert summary.outcome == "not_enrolled" and "Alamat server" in summary.message
    code, data = _status(workspace, capsys)
    assert code == 1
    assert data["enrolled"] is False and data["server"] is None
    assert data["state"] == st.NOT_CONFIGURED
    assert data["pending_reports"] == 2 and data["oldest_pending_at"]
    assert data["last_success_at"] is None and data["last_attempt_at"] is None


def test_states_follow_the_runs_and_survive_a_reopen(workspace, actor, central, tmp_path,
                                                     capsys):
    from lapor_desktop.workspace import Workspace

    make_reports(workspace, actor, 3, tmp_path, max_atts=1)
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    assert st.read_state(workspace).state == st.IDLE
    # Central down: the attempt is kept, the success is not, the error says what happened.
    workspace.settings.endpoint_url = f"http://127.0.0.1:{_dead_port()}"
    summary = run_sync(workspace, actor)
    assert summary.outcome == "unreachable" and summary.sent == 0
    s1 = st.read_state(workspace)
    assert s1.state == st.UNREACHABLE and s1.last_attempt_at and s1.last_success_at is None
    assert "tidak dapat dihubungi" in s1.last_error
    with workspace.db.read() as s:
        n_atts = s.scalar(select(func.count()).select_from(Attachment))
    assert s1.pending_reports == 3 and s1.pending_attachments == n_atts
    # Back up: all sent, the error is gone.
    workspace.settings.endpoint_url = central.url
    summary = run_sync(workspace, actor)
    assert summary.outcome == "ok" and summary.sent == 3
    s2 = st.read_state(workspace)
    assert s2.state == st.ALL_SENT and s2.last_error is None and s2.last_success_at
    assert s2.pending_reports == 0 and s2.oldest_pending_at is None
    # A restart reads the same from the database.
    workspace.settings.save(workspace.paths)
    root = workspace.paths.root
    workspace.close()
    again = Workspace.open(root)
    try:
        code, data = _status(again, capsys)
        assert code == 0 and data["state"] == st.ALL_SENT and data["enrolled"] is True
        assert data["last_success_at"] == s2.last_success_at.isoformat()
        assert data["last_error"] is None and data["server"] == central.url
        again.login("admin", PASSWORD)
    finally:
        again.close()


def test_refused_token_and_partial_states(workspace, actor, central, tmp_path):
    from lapor_desktop.sync.summary import SyncSummary

    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    central.revoke(workspace.device_id)
    make_reports(workspace, actor, 1, tmp_path, max_atts=0)
    summary = run_sync(workspace, actor)
    assert summary.outcome == "auth"
    assert st.read_state(workspace).state == st.REFUSED
    assert "token" in st.read_state(workspace).last_error
    # A run that sent some reports before the line dropped is "partly sent".
    assert st.state_after(SyncSummary(outcome="unreachable", sent=2, waiting=1)) == st.PARTIAL
    assert st.state_after(SyncSummary(outcome="ok", sent=2, waiting=0)) == st.ALL_SENT
    assert st.state_after(SyncSummary(outcome="captive")) == st.CAPTIVE
    assert st.state_after(SyncSummary(outcome="offline")) == st.NO_NETWORK
    assert st.state_after(SyncSummary(outcome="busy")) is None


def test_enrolling_clears_an_old_not_enrolled_error(workspace, actor, central):
    workspace.db.set_meta(st.META_LAST_STATE, st.NOT_ENROLLED)
    workspace.db.set_meta("sync_last_error", "Perangkat belum didaftarkan")
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    s = st.read_state(workspace)
    assert s.state == st.IDLE and s.last_error is None and s.enrolled
