"""Store: migration from an empty file, pragmas, refusal of a newer schema, backups."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, text

from lapor_desktop import intake, search
from lapor_desktop.store import Database, SchemaTooNewError, open_database
from lapor_desktop.store.db import _alembic_config, _backup, _script_directory, make_engine, migrate
from lapor_desktop.store.models import Report
from lapor_desktop.workspace import Workspace
from tests.support.factories import PASSWORD, report_data

TABLES = {"report", "attachment", "outbox", "status_event", "operator", "audit_event",
          "catalog_category", "catalog_agency", "catalog_route", "counter", "meta",
          "alembic_version", "report_fts"}
TRIGGERS = {"report_fts_ai", "report_fts_ad", "report_fts_au", "audit_event_no_update",
            "audit_event_no_delete"}


def _names(path, kind):
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type=?",
                                          (kind,))}
    finally:
        con.close()


@pytest.mark.parametrize("start", ["missing", "empty-file"])
def test_migrate_from_nothing_to_head(tmp_path, start):
    path = tmp_path / "db.sqlite3"
    if start == "empty-file":
        path.write_bytes(b"")
    db = open_database(path, tmp_path / "backups")
    try:
        assert _names(path, "table") >= TABLES
        assert _names(path, "trigger") >= TRIGGERS
        assert {"ix_report_created", "ix_report_state_created"} <= _names(path, "index")
        with db.read() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() \
                == _script_directory().get_current_head()
    finally:
        db.close()
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_pragmas_on_every_fresh_connection(tmp_path):
    db = open_database(tmp_path / "db.sqlite3", tmp_path / "b")
    try:
        for _ in range(2):
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            db.engine.dispose()  # the next round gets a brand-new connection
    finally:
        db.close()


def test_foreign_keys_enforced(tmp_path):
    db = open_database(tmp_path / "db.sqlite3", tmp_path / "b")
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"), db.write() as s:
            s.execute(text("INSERT INTO outbox(report_id, state, attempts, enqueued_at) "
                           "VALUES ('nope', 'pending', 0, '2026-01-01')"))
    finally:
        db.close()


def test_newer_schema_is_refused_and_file_untouched(workspace, actor, data_dir):
    intake.create_reports(workspace, actor, [report_data()])
    workspace.close()
    path = workspace.paths.database
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_dari_masa_depan'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = path.read_bytes()
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(SchemaTooNewError) as exc:
        Workspace.open(data_dir)
    assert "lebih baru" in str(exc.value) and "9999_dari_masa_depan" in str(exc.value)
    assert path.read_bytes() == before
    assert not any(workspace.paths.backups.iterdir())
    # A read-only look may leave SQLite's sidecar files, but never adds content to them.
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert {p.name for p in path.parent.iterdir()} - set(listing) <= {
        "lapor.sqlite3-wal", "lapor.sqlite3-shm"}


def test_reopen_at_head_makes_no_backup(workspace, actor, data_dir):
    intake.create_reports(workspace, actor, [report_data()])
    workspace.close()
    with Workspace.open(data_dir) as ws:
        assert list(ws.paths.backups.iterdir()) == []
        assert ws.is_initialised


def test_backup_is_a_consistent_copy_and_keeps_five(workspace, actor, tmp_path):
    done = intake.create_reports(workspace, actor, [report_data()])[0]
    backups = tmp_path / "bk"
    made = [_backup(workspace.paths.database, backups, f"r{i}") for i in range(7)]
    assert made[-1].exists()
    assert len(list(backups.iterdir())) == 5
    con = sqlite3.connect(made[-1])
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT local_number FROM report").fetchall() == [
            (done.local_number,)]
    finally:
        con.close()


def test_existing_database_without_version_is_backed_up_before_migrating(tmp_path):
    path = tmp_path / "db.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE catatan_lama(x TEXT)")
    con.execute("INSERT INTO catatan_lama VALUES ('penting')")
    con.commit()
    con.close()
    migrate(path, tmp_path / "backups")
    copies = list((tmp_path / "backups").iterdir())
    assert len(copies) == 1
    con = sqlite3.connect(copies[0])
    assert con.execute("SELECT x FROM catatan_lama").fetchall() == [("penting",)]
    con.close()
    assert "report" in _names(path, "table")


def test_not_a_database_gives_a_clear_error(tmp_path):
    from lapor_desktop.store import DatabaseError

    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"ini bukan basis data SQLite sama sekali" * 100)
    with pytest.raises(DatabaseError, match="cadangan"):
        open_database(path, tmp_path / "b")


def test_write_units_roll_back_on_error(tmp_path):
    db = open_database(tmp_path / "db.sqlite3", tmp_path / "b")
    try:
        with pytest.raises(RuntimeError), db.write() as s:
            db.set_meta("k", "v", session=s)
            raise RuntimeError
        assert db.get_meta("k") is None
        db.set_meta("k", "v")
        assert db.get_meta("k") == "v"
        assert isinstance(db, Database)
    finally:
        db.close()


def test_upgrade_from_the_first_schema_backs_up_and_keeps_every_report(workspace, actor,
                                                                       data_dir):
    """A store written at revision 0001 (before identity salts) opens at head: a backup of
    the old file first, then the new column; old reports keep their content hash and stay
    searchable, new ones are salted."""
    from alembic import command

    done = intake.create_reports(workspace, actor, [report_data()])[0]
    # As the first version finalised it: no salt, and the hash taken without one.
    with workspace.db.write() as s:
        row = s.scalar(select(Report).where(Report.id == done.id))
        row.enc_salt = None
        row.sealed_identity = None  # nor a sealed copy (revision 0005)
        row.content_hash = intake.to_wire(row, actor.cipher)["content_hash"]
        old_hash = row.content_hash
    assert old_hash != done.content_hash
    path = workspace.paths.database
    workspace.close()
    # Take the store back to the first schema, as an older installation left it.
    engine = make_engine(path)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")
    engine.dispose()

    ws = Workspace.open(data_dir)
    try:
        backups = list(ws.paths.backups.glob("*-0001-*.sqlite3"))
        assert len(backups) == 1
        con = sqlite3.connect(backups[0])
        try:
            assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert con.execute("SELECT count(*) FROM report").fetchone() == (1,)
        finally:
            con.close()
        me = ws.login("admin", PASSWORD)
        view = intake.get_report(ws, me, done.id, reveal=True, reason="verifikasi")
        assert view.content_hash == old_hash
        assert view.identity.name == report_data()["complainant"]["name"]
        assert [r.id for r in search.query(ws, search.Filters(text="berlubang"))] == [done.id]
        with ws.db.read() as s:
            old_row = s.scalar(select(Report).where(Report.id == done.id))
            assert old_row.enc_salt is None
            assert intake.to_wire(old_row, me.cipher)["content_hash"] == old_hash
        new_done = intake.create_reports(ws, me, [report_data()])[0]
        with ws.db.read() as s:
            new_row = s.scalar(select(Report).where(Report.id == new_done.id))
            assert new_row.enc_salt is not None
            assert intake.to_wire(new_row, me.cipher)["content_hash"] == new_done.content_hash
    finally:
        ws.close()
