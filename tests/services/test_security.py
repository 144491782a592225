"""Personal data at rest, keys, roles, the audit chain, and logs without personal data."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import select

from lapor_desktop import audit, intake
from lapor_desktop.logging_setup import pii_filter
from lapor_desktop.security import (
    DecryptionError,
    FieldCipher,
    WrongPassword,
    new_key,
    unwrap_key,
    wrap_key,
)
from lapor_desktop.store.models import AuditEvent, Operator
from lapor_desktop.workspace import PermissionDenied, WorkspaceError
from tests.support.factories import NIK, PASSWORD, PHONE, REGION, report_data

IDENTITIES = [
    {"name": "Siti Aminah", "nik": NIK, "phone": PHONE, "email": "siti@example.org",
     "address": "RT 02 RW 01 Dusun Tertung"},
    {"name": "Bonifasius Lumbantoruan", "nik": "6105011208850003", "phone": "+6285245678901",
     "email": "boni.lumban@contoh.id", "address": "Gang Kenari Nomor 17 Sintang"},
]


def _secrets(ident: dict) -> list[bytes]:
    phone = ident["phone"]
    local = "0" + phone[3:] if phone.startswith("+62") else phone
    forms = {local, "+62" + local[1:], "62" + local[1:], ident["nik"], ident["name"],
             ident["email"], ident["address"]}
    out = []
    for f in forms:
        out += [f.encode("utf-8"), f.encode("utf-16-le")]
    return out


def _populate(ws, actor, n=20):
    items = [report_data(title=f"Laporan warga nomor {i}", complainant=IDENTITIES[i % 2])
             for i in range(n)]
    intake.create_reports(ws, actor, items)
    rid = intake.save_draft(ws, actor, report_data(complainant=IDENTITIES[1]))
    intake.get_report(ws, actor, rid, reveal=True, reason="verifikasi")
    return rid


def test_database_and_wal_hold_no_identity_bytes(workspace, actor):
    _populate(workspace, actor)
    db = workspace.paths.database
    files = [db, db.with_name(db.name + "-wal")]
    assert files[1].exists() and files[1].stat().st_size > 0
    blob = b"".join(p.read_bytes() for p in files)
    assert b"Laporan warga nomor 7" in blob  # the content itself is there (searchable)
    for ident in IDENTITIES:
        for secret in _secrets(ident):
            assert secret not in blob, secret
    workspace.close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    con.close()
    blob = b"".join(p.read_bytes() for p in files if p.exists())
    assert b"Laporan warga nomor 7" in blob
    for ident in IDENTITIES:
        for secret in _secrets(ident):
            assert secret not in blob, secret
    # And nothing else in the data dir (settings, backups, logs) holds them either.
    for path in workspace.paths.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in _secrets(IDENTITIES[0]):
                assert secret not in data, (path, secret)


def test_wrong_password_cannot_unwrap(workspace, actor):
    with workspace.db.read() as s:
        op = s.scalar(select(Operator))
        wrapped = audit_wrapped = (op.kdf_salt, op.kdf_params, op.wrapped_key)
    from lapor_desktop.security import WrappedKey

    with pytest.raises(WrongPassword):
        unwrap_key(WrappedKey(*wrapped), "bukan-sandinya")
    assert unwrap_key(WrappedKey(*audit_wrapped), PASSWORD) == actor.data_key
    assert actor.data_key not in workspace.paths.database.read_bytes()
    with pytest.raises(WorkspaceError, match="salah"):
        workspace.login("admin", "bukan-sandinya")
    with pytest.raises(WorkspaceError, match="salah"):
        workspace.login("tidak-ada", PASSWORD)


def test_second_operator_unwraps_the_same_key(workspace, actor):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    workspace.add_operator(actor, "kades", "Pak Kades", "kepala_desa", "durian-kades-1")
    kades = workspace.login("kades", "durian-kades-1")
    assert kades.data_key == actor.data_key
    shown = intake.get_report(workspace, kades, rid, reveal=True, reason="verifikasi")
    assert shown.identity.nik == NIK
    workspace.change_password(kades, "sandi-baru-kades")
    assert workspace.login("kades", "sandi-baru-kades").data_key == actor.data_key
    with pytest.raises(WorkspaceError):
        workspace.login("kades", "durian-kades-1")


def test_field_cipher_binds_context_and_key():
    c = FieldCipher(new_key())
    blob = c.encrypt("Siti", context="r1:name")
    assert c.decrypt(blob, context="r1:name") == "Siti"
    with pytest.raises(DecryptionError):
        c.decrypt(blob, context="r2:name")  # swapped between reports
    with pytest.raises(DecryptionError):
        FieldCipher(new_key()).decrypt(blob, context="r1:name")
    assert c.encrypt("Siti", context="x") != c.encrypt("Siti", context="x")  # fresh nonce
    w = wrap_key(b"k" * 32, "sandi-1234", {"name": "scrypt", "n": 2**10, "r": 8, "p": 1})
    assert unwrap_key(w, "sandi-1234") == b"k" * 32


@pytest.mark.parametrize("role,allowed", [("operator", False), ("kepala_desa", True),
                                          ("kecamatan", True), ("admin", True)])
def test_roles_and_audited_reveal(workspace, actor, role, allowed):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    if role == "admin":
        who = actor
    else:
        workspace.add_operator(actor, "petugas", "Petugas", role, "durian-petugas-1")
        who = workspace.login("petugas", "durian-petugas-1")
    before = _actions(workspace)
    if not allowed:
        with pytest.raises(PermissionDenied):
            intake.get_report(workspace, who, rid, reveal=True, reason="verifikasi")
        assert _actions(workspace) == before
        masked = intake.get_report(workspace, who, rid)
        assert masked.identity.nik != NIK and masked.identity.name != "Siti Aminah"
    else:
        view = intake.get_report(workspace, who, rid, reveal=True, reason="verifikasi")
        assert view.identity.name == "Siti Aminah" and view.identity_revealed
        with workspace.db.read() as s:
            last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.action, last.operator_id, last.report_id) == (
            "reveal_identity", who.operator_id, rid)


def test_only_admin_manages_operators(workspace, actor):
    workspace.add_operator(actor, "op1", "Operator", "operator", "durian-op-0001")
    op = workspace.login("op1", "durian-op-0001")
    with pytest.raises(PermissionDenied):
        workspace.add_operator(op, "op2", "Operator 2", "admin", "durian-op-0002")


def _actions(ws):
    with ws.db.read() as s:
        return [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_audit_chain_append_only_and_tamper_evident(workspace, actor):
    _populate(workspace, actor, n=3)
    intake.record_export(workspace, actor, "bundle", 3)
    acts = _actions(workspace)
    assert acts[:2] == ["audit_keyed", "init"] and {"create", "finalise", "reveal_identity", "export"} <= set(acts)
    with workspace.db.read() as s:
        assert audit.verify_chain(s) == (True, None)
        details = [e.detail for e in s.scalars(select(AuditEvent))]
    for secret in _secrets(IDENTITIES[0]) + _secrets(IDENTITIES[1]):
        assert secret.decode("utf-8", "ignore") not in repr(details)
    con = sqlite3.connect(workspace.paths.database)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("UPDATE audit_event SET action='x' WHERE id=2")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("DELETE FROM audit_event WHERE id=2")
        con.rollback()
        # Simulate an attacker with raw file access: drop the trigger, edit a row.
        con.execute("DROP TRIGGER audit_event_no_update")
        con.execute("UPDATE audit_event SET detail='{\"what\": \"lain\"}' WHERE id=3")
        con.commit()
    finally:
        con.close()
    assert audit.verify(workspace, actor) == (False, 3)


def test_audit_chain_detects_a_deleted_row(workspace, actor):
    _populate(workspace, actor, n=2)
    con = sqlite3.connect(workspace.paths.database)
    con.execute("DROP TRIGGER audit_event_no_delete")
    con.execute("DELETE FROM audit_event WHERE id=2")
    con.commit()
    con.close()
    assert audit.verify(workspace, actor) == (False, 3)


def test_pii_filter_masks_nik_and_phone():
    record = logging.LogRecord("t", logging.WARNING, __file__, 1,
                               "pelapor %s telp %s", (NIK, "081234567890"), None)
    pii_filter().filter(record)
    message = record.getMessage()
    assert NIK not in message and "081234567890" not in message
    assert "pelapor" in message


def test_intake_logs_carry_no_personal_data(workspace, actor, caplog):
    caplog.set_level(logging.DEBUG)
    ids = intake.create_reports(workspace, actor, [report_data(complainant=IDENTITIES[1])])
    intake.get_report(workspace, actor, ids[0].id, reveal=True, reason="verifikasi")
    with pytest.raises(intake.BatchValidationFailed) as exc:
        intake.create_reports(workspace, actor, [report_data(
            complainant={**IDENTITIES[1], "phone": "0812"})])
    text_out = caplog.text + str(exc.value)
    for ident in IDENTITIES:
        for secret in _secrets(ident):
            assert secret.decode("utf-8", "ignore") not in text_out


def test_cli_logs_and_output_carry_no_personal_data(tmp_path):
    import json

    data_dir = tmp_path / "d"
    env = {**os.environ, "LAPOR_DESKTOP_PASSWORD": PASSWORD,
           "LAPOR_DESKTOP_DATA_DIR": str(data_dir)}
    src = tmp_path / "r.json"
    src.write_text(json.dumps([report_data(complainant=IDENTITIES[1]),
                               report_data(complainant={**IDENTITIES[0], "phone": "x"})]))
    script = (
        "import logging, sys\n"
        "from lapor_desktop.cli import main\n"
        "rc = [main(['init', '--region', %r, '--operator', 'admin'])]\n"
        "rc.append(main(['report', 'add', sys.argv[1]]))\n"
        "logging.getLogger('lapor_desktop').warning('pelapor %%s %%s', %r, %r)\n"
        "sys.exit(rc[1])\n" % (REGION, NIK, IDENTITIES[1]["phone"]))
    proc = subprocess.run([sys.executable, "-c", script, str(src)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "[1] complainant.phone" in proc.stderr
    logs = "".join(p.read_text() for p in (data_dir / "logs").glob("*.log"))
    assert "pelapor" in logs
    for out in (proc.stdout, proc.stderr, logs):
        for ident in IDENTITIES:
            for secret in _secrets(ident):
                assert secret.decode("utf-8", "ignore") not in out


def test_content_hash_cannot_be_used_to_test_identity_guesses(workspace, actor):
    """Someone holding the database file (or a bundle line) sees the clear fields and the
    content hash; even a right guess of the whole identity does not reproduce the hash
    without the salt, which is kept encrypted with the identity."""
    from lapor_desktop.store.models import Report
    from lapor_protocol.domain import SALT_RE, validate_report
    from lapor_protocol.wire import content_hash

    done = intake.create_reports(workspace, actor, [report_data()])[0]
    with workspace.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == done.id))
        wire = intake.to_wire(row, actor.cipher)
    assert SALT_RE.match(wire["complainant"]["salt"])
    guess = {**wire,
             "complainant": {k: v for k, v in wire["complainant"].items() if k != "salt"}}
    assert guess["complainant"]["name"] == "Siti Aminah"  # the guess is exactly right
    assert content_hash(guess) != done.content_hash == wire["content_hash"]
    # The salt is stored only as ciphertext.
    raw = workspace.paths.database.read_bytes()
    wal = workspace.paths.database.with_name(workspace.paths.database.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert wire["complainant"]["salt"].encode() not in raw
    # Central and the validator refuse a malformed salt.
    bad = report_data(complainant={"salt": "not-hex"})
    result = validate_report(bad, category_exists=lambda c: True, strict_fields=True)
    assert [i.field for i in result.errors] == ["complainant.salt"]
