"""The keyed audit chain: rewrites with the public algorithm, edits, deletions and cuts at
the end are all found by ``audit verify``; the head is exposed for anchoring."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lapor_desktop import audit, intake
from lapor_desktop.cli import main
from lapor_desktop.security import b64d
from lapor_desktop.store.models import AuditEvent
from lapor_desktop.workspace import PermissionDenied, WorkspaceError
from tests.support.factories import PASSWORD, report_data

OP_PW = "kopi-hujan-jembatan-7"


def _history(ws, actor) -> str:
    """Reports, a reveal, an export; returns the revealed report's id."""
    rid = intake.create_reports(ws, actor, [report_data()])[0].id
    intake.get_report(ws, actor, rid, reveal=True, reason="verifikasi")
    intake.record_export(ws, actor, "csv", 1)
    ws.login("admin", PASSWORD)
    return rid


def _raw(ws) -> sqlite3.Connection:
    con = sqlite3.connect(ws.paths.database)
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    return con


def _rows(con):
    for eid, at, op_id, action, rep, detail in con.execute(
            "SELECT id, at, operator_id, action, report_id, detail FROM audit_event "
            "ORDER BY id").fetchall():
        yield eid, datetime.fromisoformat(at).replace(tzinfo=UTC), op_id, action, rep, \
            json.loads(detail)


def _verify_cli(data_dir, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "audit", "verify", "--operator", "admin"])
    return code, capsys.readouterr().out


@pytest.fixture
def cli_password(monkeypatch):
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)


def test_an_intact_keyed_chain_verifies(workspace, actor, data_dir, capsys, cli_password):
    _history(workspace, actor)
    assert audit.verify(workspace, actor) == (True, None)
    code, out = _verify_cli(data_dir, capsys)
    assert code == 0 and "utuh" in out


def test_a_rewrite_with_the_public_algorithm_is_found(workspace, actor, data_dir, capsys,
                                                      cli_password):
    """Change who revealed, then recompute every hash with the public SHA-256 chain."""
    _history(workspace, actor)
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    con = _raw(workspace)
    prev, reveal_id = audit.GENESIS, None
    for eid, at, op_id, action, rep, detail in list(_rows(con)):
        if action == "reveal_identity":
            op_id, reveal_id = 2, eid
            con.execute("UPDATE audit_event SET operator_id=2 WHERE id=?", (eid,))
        digest = audit._digest(prev, at, op_id, action, rep, detail)
        con.execute("UPDATE audit_event SET prev_hash=?, hash=? WHERE id=?", (prev, digest, eid))
        prev = digest
    con.commit()
    con.close()
    ok, broken = audit.verify(workspace, actor)
    assert not ok and broken == 1  # the first keyed link (init) no longer verifies
    assert reveal_id is not None
    code, out = _verify_cli(data_dir, capsys)
    assert code != 0 and "RUSAK" in out


def test_todays_key_cannot_recompute_an_earlier_link(workspace, actor):
    """An operator's session holds the current epoch key: with it, editing the reveal and
    recomputing its link still fails."""
    _history(workspace, actor)
    con = _raw(workspace)
    state = json.loads(con.execute("SELECT value FROM meta WHERE key='audit_ratchet'")
                       .fetchone()[0])
    key = b64d(state["key"])
    rows = list(_rows(con))
    n0 = next(i for i, r in enumerate(rows) if r[3] == audit.KEYED_START)
    for i, (eid, at, _op, action, rep, detail) in enumerate(rows):
        if action == "reveal_identity":
            prev = rows[i - 1] and con.execute("SELECT hash FROM audit_event WHERE id=?",
                                               (rows[i - 1][0],)).fetchone()[0]
            forged = audit._mac(key, i - n0, prev, at, 99, action, rep, detail)
            con.execute("UPDATE audit_event SET operator_id=99, hash=? WHERE id=?",
                        (forged, eid))
            break
    con.commit()
    con.close()
    ok, broken = audit.verify(workspace, actor)
    assert not ok and broken is not None


@pytest.mark.parametrize("attack", ["edit", "delete_one", "cut_from_last_reveal"])
def test_an_edited_deleted_or_cut_event_is_found(workspace, actor, attack):
    _history(workspace, actor)
    con = _raw(workspace)
    reveal = con.execute("SELECT max(id) FROM audit_event WHERE action='reveal_identity'"
                         ).fetchone()[0]
    last = con.execute("SELECT max(id) FROM audit_event").fetchone()[0]
    if attack == "edit":
        con.execute("UPDATE audit_event SET detail=? WHERE id=?",
                    (json.dumps({"reason": "permintaan_pelapor"}), reveal))
    elif attack == "delete_one":
        con.execute("DELETE FROM audit_event WHERE id=?", (reveal,))
    else:  # every event from the last reveal onward
        con.execute("DELETE FROM audit_event WHERE id >= ?", (reveal,))
    con.commit()
    con.close()
    ok, broken = audit.verify(workspace, actor)
    assert not ok
    expected = {"edit": reveal, "delete_one": reveal + 1,
                "cut_from_last_reveal": reveal}[attack]
    assert broken == expected, (broken, last)


def test_only_holders_verify_and_every_session_appends(workspace, actor):
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    op = workspace.login("ops", OP_PW)
    intake.create_reports(workspace, op, [report_data()])
    with pytest.raises(PermissionDenied):
        audit.verify(workspace, op)
    with pytest.raises(WorkspaceError):
        workspace.login("ops", "salah-sandi-sekali")  # unauthenticated append
    assert audit.verify(workspace, actor) == (True, None)


def test_head_and_head_at_give_the_keyed_head(workspace, actor):
    _history(workspace, actor)
    with workspace.db.read() as s:
        count, head = audit.head(s)
        hashes = list(s.scalars(select(AuditEvent.hash).order_by(AuditEvent.id)))
        assert (count, head) == (len(hashes), hashes[-1])
        assert audit.head_at(s, count) == head
        assert audit.head_at(s, 2) == hashes[1]
        assert audit.head_at(s, 0) == audit.GENESIS
        assert audit.head_at(s, count + 1) is None
    intake.record_export(workspace, actor, "csv", 0)
    with workspace.db.read() as s:
        assert audit.head(s)[0] == count + 1 and audit.head_at(s, count) == head


APPENDER = r"""
import os, sys
from lapor_desktop import intake
from lapor_desktop.workspace import Workspace
ws = Workspace.open(sys.argv[1])
actor = ws.login("admin", os.environ["LAPOR_DESKTOP_PASSWORD"])
for _ in range(15):
    intake.record_export(ws, actor, "csv", 0)
ws.close()
"""


def test_concurrent_appenders_keep_one_ratchet(workspace, actor, data_dir):
    """Two processes append at once: each link is made under BEGIN IMMEDIATE with the epoch
    key it read, so the chain still verifies and counts every event."""
    import os
    import subprocess
    import sys

    with workspace.db.read() as s:
        before = audit.count(s)
    env = {**os.environ, "LAPOR_DESKTOP_PASSWORD": PASSWORD}
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, str(data_dir)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with workspace.db.read() as s:
        assert audit.count(s) == before + 2 * (15 + 1)  # 15 exports and a login each
    assert audit.verify(workspace, actor) == (True, None)
