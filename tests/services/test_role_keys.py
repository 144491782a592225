"""A role is a key: an operator's session seals identities but never opens a delivered one,
through every public part of the package, in a new store and in an upgraded one."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from lapor_desktop import audit, backup, corrections, intake, report_view, rolekeys
from lapor_desktop.security import DecryptionError, open_box
from lapor_desktop.store.models import Operator, Report
from lapor_desktop.workspace import PermissionDenied, Workspace, WorkspaceError
from tests.support.factories import NIK, PASSWORD, PHONE, REGION, report_data

OP_PW = "kopi-hujan-jembatan-7"
KADES_PW = "teh-manis-sungai-kapuas-3"
SECRETS = ("Siti Aminah", NIK, PHONE, "siti@example.org", "RT 02 RW 01 Dusun Tertung")


def _sync(ws, actor, central) -> None:
    from lapor_desktop.sync.service import enroll_device, make_engine

    enroll_device(ws, actor, central.url, central.enroll_code(REGION))
    summary = make_engine(ws, actor).run_once()
    assert summary.outcome == "ok", summary.message


def _assert_operator_reads_nothing(data_dir, rid: str, tmp_path) -> None:
    """Everything public an operator's session offers, tried on one delivered report."""
    with Workspace.open(data_dir) as ws:
        op = ws.login("ops", OP_PW)
        assert op.identity_private is None and op.identity_public is not None
        with ws.db.read() as s:
            row = s.scalar(select(Report).where(Report.id == rid))
            assert report_view.identity_of(row, op.cipher) == report_view.Identity()
            assert rolekeys.sealed_fields(row, op.cipher) == {}
            assert op.cipher.decrypt(row.enc_nik, context=f"{rid}:nik") is None
            with pytest.raises(DecryptionError):
                op.cipher.decrypt(b"\x02" + row.sealed_identity, context=f"{rid}:nik")
            for key in (op.data_key, op.identity_public):
                with pytest.raises((DecryptionError, ValueError)):
                    open_box(key, row.sealed_identity, f"lapor-identity:{rid}".encode())
            assert intake.to_wire(row, op.cipher)["complainant"] == {
                n: None for n in report_view.IDENTITY_FIELDS}
        with pytest.raises(PermissionDenied):
            intake.get_report(ws, op, rid, reveal=True, reason="verifikasi")
        assert intake.get_report(ws, op, rid).identity == report_view.Identity()
        # A backup made and restored with the operator's password opens nothing more.
        usb = tmp_path / "usb" / f"ops-{rid[:8]}.lapor-backup"
        backup.create_backup(ws, op, usb)
    restored = tmp_path / f"restored-{rid[:8]}"
    backup.restore_backup(usb, restored, OP_PW)
    with Workspace.open(restored) as ws2:
        op2 = ws2.login("ops", OP_PW)
        assert intake.get_report(ws2, op2, rid).identity == report_view.Identity()
    for path in [*data_dir.rglob("*"), *restored.rglob("*")]:
        if path.is_file():
            blob = path.read_bytes()
            assert not any(s.encode() in blob for s in SECRETS), path


def test_an_operator_cannot_read_a_delivered_identity_but_a_kepala_desa_can(
        workspace, actor, data_dir, central, tmp_path):
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    workspace.add_operator(actor, "kades", "Kepala Desa", "kepala_desa", KADES_PW)
    op = workspace.login("ops", OP_PW)
    rid = intake.create_reports(workspace, op, [report_data()])[0].id  # sealed by an operator
    with workspace.db.read() as s:
        work_nik = s.scalar(select(Report.enc_nik).where(Report.id == rid))
    _sync(workspace, actor, central)
    with workspace.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        assert row.local_state == "terkirim" and row.enc_name is None and row.enc_salt is None
    with workspace.db.engine.connect() as con:
        con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    # The erased work copy left no bytes behind (secure_delete during the erasure).
    assert work_nik not in workspace.paths.database.read_bytes()
    workspace.close()
    _assert_operator_reads_nothing(data_dir, rid, tmp_path)
    with Workspace.open(data_dir) as ws:
        kades = ws.login("kades", KADES_PW)  # granted by the admin when added
        shown = intake.get_report(ws, kades, rid, reveal=True, reason="tindak_lanjut")
        assert (shown.identity.name, shown.identity.nik) == ("Siti Aminah", NIK)


def test_an_operator_still_works_with_a_report_not_yet_delivered(workspace, actor):
    """The documented window: drafts and reports waiting for delivery keep a work copy that
    every session reads, because sync and bundles run in operator sessions."""
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    op = workspace.login("ops", OP_PW)
    rid = intake.create_reports(workspace, op, [report_data()])[0].id
    with workspace.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        assert intake.to_wire(row, op.cipher)["content_hash"] == row.content_hash
        assert row.sealed_identity is not None


def test_role_changes_and_disabling_move_the_key(workspace, actor):
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    ops_id = workspace.login("ops", OP_PW).operator_id  # makes the own key pair
    workspace.set_operator_role(actor, ops_id, "kepala_desa")
    promoted = workspace.login("ops", OP_PW)
    assert promoted.identity_private == actor.identity_private
    assert intake.get_report(workspace, promoted, rid, reveal=True,
                             reason="verifikasi").identity.nik == NIK
    workspace.set_operator_role(actor, ops_id, "operator")
    assert workspace.login("ops", OP_PW).identity_private is None
    workspace.set_operator_role(actor, ops_id, "kepala_desa")
    workspace.set_operator_active(actor, ops_id, False)
    with workspace.db.read() as s:
        assert s.get(Operator, ops_id).role_key_box is None
    workspace.set_operator_active(actor, ops_id, True)
    assert workspace.login("ops", OP_PW).identity_private == actor.identity_private
    # A password change keeps the grant (the new own key pair is granted again).
    kades = workspace.login("ops", OP_PW)
    workspace.change_password(kades, "gula-aren-perahu-bandung-9", OP_PW)
    assert workspace.login("ops", "gula-aren-perahu-bandung-9").identity_private is not None
    with pytest.raises(WorkspaceError):
        workspace.set_operator_role(actor, actor.operator_id, "operator")


def test_an_operator_corrects_a_delivered_report_and_a_kepala_desa_finalises_it(
        workspace, actor, central):
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    _sync(workspace, actor, central)
    op = workspace.login("ops", OP_PW)
    with pytest.raises(WorkspaceError, match="tersegel"):
        corrections.correct(workspace, op, rid, {"title": "Judul dikoreksi"})
    new_id = intake.start_correction(workspace, op, rid)
    intake.save_draft(workspace, op, {**intake.draft_data(workspace, op, new_id),
                                      "title": "Judul dikoreksi petugas",
                                      "complainant": {"phone": "082211112222"}},
                      report_id=new_id)
    with pytest.raises(WorkspaceError, match="tersegel"):
        intake.finalise(workspace, op, new_id)
    intake.finalise(workspace, actor, new_id)
    shown = intake.get_report(workspace, actor, new_id, reveal=True, reason="verifikasi")
    assert (shown.identity.nik, shown.identity.phone) == (NIK, "+6282211112222")
    # A carried box moved to a report outside its history does not open.
    other = intake.create_reports(workspace, actor, [report_data(title="Laporan lain yang "
                                                                   "berbeda")])[0]
    with workspace.db.write() as s:
        stolen = s.scalar(select(Report).where(Report.id == rid)).sealed_identity
        row = s.scalar(select(Report).where(Report.id == other.id))
        row.sealed_identity, row.identity_source = stolen, rid
        row.enc_name = row.enc_nik = None
    with pytest.raises(DecryptionError):
        intake.get_report(workspace, actor, other.id, reveal=True, reason="verifikasi")


# ------------------------------------------------------------------------------ upgrade

def _as_store_before_0005(ws, actor) -> None:
    """Turn a store into what revision 0004 left: identities under the data key only, no
    key pairs, a plain SHA-256 audit chain."""
    ws.close()
    con = sqlite3.connect(ws.paths.database)
    con.execute("DROP TRIGGER audit_event_no_update")
    prev = audit.GENESIS
    import json
    from datetime import UTC, datetime

    for eid, at, op_id, action, rep, detail in con.execute(
            "SELECT id, at, operator_id, action, report_id, detail FROM audit_event "
            "ORDER BY id").fetchall():
        when = datetime.fromisoformat(at).replace(tzinfo=UTC)
        digest = audit._digest(prev, when, op_id, action, rep, json.loads(detail))
        con.execute("UPDATE audit_event SET prev_hash=?, hash=? WHERE id=?",
                    (prev, digest, eid))
        prev = digest
    con.execute("DELETE FROM meta WHERE key IN ('identity_public_key', 'audit_root', "
                "'audit_ratchet', 'identities_sealed')")
    for column in ("sealed_identity", "identity_source", "delivery_boxes"):
        con.execute(f"ALTER TABLE report DROP COLUMN {column}")
    for column in ("public_key", "wrapped_private_key", "role_key_box"):
        con.execute(f"ALTER TABLE operator DROP COLUMN {column}")
    con.execute("UPDATE alembic_version SET version_num='0007'")
    con.commit()
    con.execute("""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""")
    con.commit()
    con.close()


def test_an_upgraded_store_is_sealed_at_login_and_the_operator_reads_nothing(
        workspace, actor, data_dir, tmp_path):
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    workspace.add_operator(actor, "kades", "Kepala Desa", "kepala_desa", KADES_PW)
    sent, waiting = intake.create_reports(workspace, actor, [
        report_data(), report_data(title="Lampu jalan padam di Dusun Tertung")])
    with workspace.db.write() as s:  # delivered under 0004: the work copy stayed
        s.scalar(select(Report).where(Report.id == sent.id)).local_state = "terkirim"
    _as_store_before_0005(workspace, actor)
    with Workspace.open(data_dir) as ws:
        assert any(ws.paths.backups.glob("*-0007-*.sqlite3"))
        with ws.db.read() as s:
            assert audit.verify_chain(s) == (True, None)
        op = ws.login("ops", OP_PW)  # before any reveal-capable login: nothing sealed yet
        assert op.identity_public is None
        kades = ws.login("kades", KADES_PW)  # the first reveal-capable login makes the key
        assert kades.identity_private is not None
        assert not any(ws.paths.backups.glob("*.sqlite3"))
        # The admin had no own key pair yet when kades logged in: it is made now, and the
        # grant follows at the next login of a holder.
        early = ws.login("admin", PASSWORD)
        assert early.identity_private is None
        with pytest.raises(PermissionDenied, match="belum diberikan"):
            intake.get_report(ws, early, sent.id, reveal=True, reason="verifikasi")
        ws.login("kades", KADES_PW)
        admin = ws.login("admin", PASSWORD)
        assert admin.identity_private == kades.identity_private
        for rid in (sent.id, waiting.id):
            shown = intake.get_report(ws, admin, rid, reveal=True, reason="verifikasi")
            assert shown.identity.nik == NIK
        with ws.db.read() as s:
            row = s.scalar(select(Report).where(Report.id == waiting.id))
            # Still waiting for delivery, so still hashable in an operator's sync.
            assert intake.to_wire(row, op.cipher)["content_hash"] == row.content_hash
        assert audit.verify(ws, admin) == (True, None)
    _assert_operator_reads_nothing(data_dir, sent.id, tmp_path)


def test_the_cli_promotes_an_operator_and_the_key_follows(workspace, actor, data_dir,
                                                          monkeypatch, capsys):
    from lapor_desktop.cli import main

    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    workspace.login("ops", OP_PW)
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    assert main(["--data-dir", str(data_dir), "operator", "role", "ops", "--role",
                 "kepala_desa", "--operator", "admin"]) == 0
    assert main(["--data-dir", str(data_dir), "operator", "role", "tidak-ada", "--role",
                 "operator", "--operator", "admin"]) == 2
    assert workspace.login("ops", OP_PW).identity_private == actor.identity_private
