"""``audit.head``, ``audit.hash_at`` and ``audit.hashes_at``: the n-th event's stored hash,
with or without gaps in the ids (rows deleted behind the trigger's back)."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from lapor_desktop import audit
from lapor_desktop.store.models import AuditEvent


def _by_position(ws) -> list[str]:
    with ws.db.read() as s:
        return list(s.scalars(select(AuditEvent.hash).order_by(AuditEvent.id)))


def test_head_and_hash_at_follow_the_chain_order(workspace, actor):
    with workspace.db.write() as s:
        for i in range(20):
            audit.record(s, operator_id=actor.operator_id, action="login", detail={"i": i})
    hashes = _by_position(workspace)
    with workspace.db.read() as s:
        assert audit.head(s) == (len(hashes), hashes[-1])
        assert audit.hash_at(s, 0) == audit.GENESIS
        assert [audit.hash_at(s, n) for n in range(1, len(hashes) + 1)] == hashes
        assert audit.hash_at(s, len(hashes) + 1) is None
        assert audit.hashes_at(s, [3, 1, 99, 0]) == {1: hashes[0], 3: hashes[2]}

    con = sqlite3.connect(workspace.paths.database)
    con.execute("DROP TRIGGER audit_event_no_delete")
    con.execute("DELETE FROM audit_event WHERE id IN (4, 9)")  # gaps in the ids
    con.commit()
    con.close()
    hashes = _by_position(workspace)
    with workspace.db.read() as s:
        assert audit.head(s) == (len(hashes), hashes[-1])
        assert [audit.hash_at(s, n) for n in range(1, len(hashes) + 2)] == [*hashes, None]
        assert audit.hashes_at(s, range(1, len(hashes) + 1)) == dict(
            enumerate(hashes, start=1))


def test_an_empty_chain_has_the_genesis_head(tmp_path):
    from lapor_desktop.workspace import Workspace

    ws = Workspace.open(tmp_path / "kosong")
    try:
        with ws.db.read() as s:
            assert audit.head(s) == (0, audit.GENESIS)
            assert audit.hashes_at(s, [1, 2]) == {}
    finally:
        ws.close()
