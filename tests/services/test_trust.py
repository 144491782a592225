"""The desktop as a trust boundary: keys, login, roles, what the disk shows, bad input."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest
from sqlalchemy import select, text

from lapor_desktop import access, audit, corrections, intake, search, security, upkeep
from lapor_desktop.store.models import AuditEvent, Meta, Operator
from lapor_desktop.workspace import LoginLocked, PermissionDenied, Workspace, WorkspaceError
from tests.support.factories import NIK, PASSWORD, PHONE, png_bytes, report_data, write_file

NAME = "Siti Aminah"
ADDRESS = "RT 02 RW 01 Dusun Tertung"


def _add(ws, admin, username, role, password="kopi-hujan-jembatan-7"):
    ws.add_operator(admin, username, username, role, password)
    return ws.login(username, password)


def _events(ws, action):
    with ws.db.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# ------------------------------------------------------------------------------ keys

def test_default_kdf_is_the_strong_one(monkeypatch):
    monkeypatch.delenv(security.ENV_TEST_FAST_KDF, raising=False)
    assert security.default_kdf() == {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}
    assert not security.kdf_is_current(dict(security.FAST_KDF))
    monkeypatch.setenv(security.ENV_TEST_FAST_KDF, "1")
    assert security.default_kdf()["n"] < 2**17


def test_old_kdf_parameters_are_upgraded_at_login(workspace, actor):
    weak = security.wrap_key(actor.data_key, PASSWORD, {"name": "scrypt", "n": 2**4,
                                                        "r": 8, "p": 1})
    with workspace.db.write() as s:
        op = s.get(Operator, actor.operator_id)
        op.kdf_salt, op.kdf_params, op.wrapped_key = weak.salt, weak.params, weak.wrapped
    again = workspace.login("admin", PASSWORD)
    assert again.data_key == actor.data_key
    with workspace.db.read() as s:
        assert s.get(Operator, actor.operator_id).kdf_params == security.default_kdf()
    assert _events(workspace, "kdf_upgrade")


def test_identity_ciphertexts_do_not_show_the_length_of_a_name(actor):
    c = actor.cipher
    short = c.encrypt("Ani", context="r:name")
    long = c.encrypt("Bernadetta Kristiani Oktaviana Simanjuntak", context="r:name")
    assert len(short) == len(long)
    assert c.decrypt(long, context="r:name").startswith("Bernadetta")


# ------------------------------------------------------------------------------ login

def test_lockout_after_five_failures_survives_restart_and_does_not_extend(data_dir, workspace,
                                                                          actor):
    for _ in range(4):
        with pytest.raises(WorkspaceError, match="salah") as info:
            workspace.login("admin", "bukan-sandi-ini")
        assert "Tunggu" not in str(info.value)
    with pytest.raises(WorkspaceError, match="Tunggu 30 detik"):
        workspace.login("admin", "bukan-sandi-ini")
    workspace.close()
    with Workspace.open(data_dir) as ws:
        with ws.db.read() as s:
            before = access.load_state(s, "admin")
        with pytest.raises(LoginLocked, match="detik"):
            ws.login("admin", PASSWORD)  # refused without checking the password
        with ws.db.read() as s:
            assert access.load_state(s, "admin") == before  # the lock is not extended
        assert len(_events(ws, "login_failed")) == 5
        # Let the lock run out: the next failure locks for twice as long.
        ws.db.set_meta(access._meta_key("admin"),
                       json.dumps({"failures": 5, "locked_until": time.time() - 1}))
        with pytest.raises(WorkspaceError, match="Tunggu 1 menit"):
            ws.login("admin", "bukan-sandi-ini")
        ws.db.set_meta(access._meta_key("admin"),
                       json.dumps({"failures": 6, "locked_until": time.time() - 1}))
        assert ws.login("admin", PASSWORD).data_key == actor.data_key
        with ws.db.read() as s:
            assert access.load_state(s, "admin").failures == 0
        assert [e.detail for e in _events(ws, "login_failed")][-1] == {"failures": 6}


def test_lock_grows_to_fifteen_minutes_at_most():
    assert [access.lock_seconds(n) for n in (4, 5, 6, 7, 9, 30)] == [0, 30, 60, 120, 480, 900]
    assert access.locked_message(900).endswith("Tunggu 15 menit lalu coba lagi.")


def test_unknown_user_fails_like_a_wrong_password_and_is_counted(workspace, actor):
    with pytest.raises(WorkspaceError) as unknown:
        workspace.login("tidak-ada", PASSWORD)
    with pytest.raises(WorkspaceError) as wrong:
        workspace.login("admin", "bukan-sandi-ini")
    assert str(unknown.value) == str(wrong.value)
    failed = _events(workspace, "login_failed")
    assert [e.operator_id for e in failed] == [None, actor.operator_id]
    with workspace.db.read() as s:
        assert access.load_state(s, "tidak-ada").failures == 1
        keys = list(s.scalars(select(Meta.key)))
    assert not any("tidak-ada" in k for k in keys)  # typed names are not stored


@pytest.mark.parametrize("password", ["12345678", "admin12345", "tertung2026", "pendek-1"])
def test_weak_passwords_are_refused_everywhere(workspace, actor, password):
    with pytest.raises(WorkspaceError, match="Kata sandi"):
        workspace.add_operator(actor, "kades", "Kades", "kepala_desa", password)
    with pytest.raises(WorkspaceError, match="Kata sandi"):
        workspace.change_password(actor, password)
    assert workspace.login("admin", PASSWORD)


def test_weak_password_refused_at_init(data_dir):
    with Workspace.open(data_dir) as ws:
        with pytest.raises(WorkspaceError, match="mudah ditebak"):
            ws.initialise("61.05.01.2008", "budi", "tertung123456")
        assert not ws.is_initialised


def test_change_password_checks_the_current_one(workspace, actor):
    with pytest.raises(WorkspaceError, match="saat ini salah"):
        workspace.change_password(actor, "kopi-hujan-jembatan-7", "bukan-sandi-ini")
    workspace.change_password(actor, "kopi-hujan-jembatan-7", PASSWORD)
    assert workspace.login("admin", "kopi-hujan-jembatan-7").data_key == actor.data_key
    assert _events(workspace, "password_change")


# ------------------------------------------------------------------------------ roles

def test_reveal_needs_a_role_and_a_reason_and_is_audited(workspace, actor):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    op = _add(workspace, actor, "petugas", "operator")
    with pytest.raises(PermissionDenied):
        intake.get_report(workspace, op, rid, reveal=True, reason="verifikasi")
    with pytest.raises(WorkspaceError, match="alasan"):
        intake.get_report(workspace, actor, rid, reveal=True)
    with pytest.raises(WorkspaceError, match="keterangan"):
        intake.get_report(workspace, actor, rid, reveal=True, reason="lainnya")
    view = intake.get_report(workspace, actor, rid, reveal=True, reason="lainnya",
                             note="Diminta camat untuk rapat")
    assert view.identity.nik == NIK
    (event,) = _events(workspace, "reveal_identity")
    assert event.detail == {"reason": "lainnya", "note": "Diminta camat untuk rapat"}
    assert intake.get_report(workspace, op, rid).identity.nik != NIK


def test_operator_corrects_without_seeing_the_identity(workspace, actor, tmp_path):
    src = write_file(tmp_path, "surat-keterangan.pdf", b"%PDF-1.4\n%%EOF\n")
    rid = intake.save_draft(workspace, actor, report_data())
    intake.add_attachment(workspace, actor, rid, src)
    intake.finalise(workspace, actor, rid)
    op = _add(workspace, actor, "petugas", "operator")
    new_id = intake.start_correction(workspace, op, rid)
    draft = intake.draft_data(workspace, op, new_id)
    assert draft["identity_carried"] and not any(draft["complainant"].values())
    intake.save_draft(workspace, op, {**draft, "title": "Judul dikoreksi operator",
                                      "complainant": {"email": "baru@example.org"}},
                      report_id=new_id)
    intake.finalise(workspace, op, new_id)
    shown = intake.get_report(workspace, actor, new_id, reveal=True, reason="verifikasi")
    assert (shown.identity.name, shown.identity.nik, shown.identity.email) == (
        NAME, NIK, "baru@example.org")
    assert [a.file_name for a in shown.attachments] == ["surat-keterangan.pdf"]


def test_a_failed_correction_start_leaves_nothing(workspace, actor, tmp_path):
    src = write_file(tmp_path, "foto.png", png_bytes())
    rid = intake.save_draft(workspace, actor, report_data())
    att = intake.add_attachment(workspace, actor, rid, src)
    intake.finalise(workspace, actor, rid)
    att.path.unlink()  # the copy of the attachment will fail
    with pytest.raises(WorkspaceError):
        intake.start_correction(workspace, actor, rid)
    assert intake.list_drafts(workspace) == []
    assert intake.get_report(workspace, actor, rid).superseded_by is None
    assert not any(p.is_file() for p in workspace.paths.attachments.rglob("*"))


def test_correct_validates_first_and_stores_nothing_when_invalid(workspace, actor):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    with pytest.raises(intake.ValidationFailed):
        corrections.correct(workspace, actor, rid, {"body": "pendek"})
    assert intake.list_drafts(workspace) == []
    done = corrections.correct(workspace, actor, rid, {"title": "Judul yang benar"})
    assert intake.get_report(workspace, actor, done.id).supersedes == rid


# ------------------------------------------------------------------------------ search

def test_a_returning_citizen_is_found_by_any_form_of_phone_or_by_nik(workspace, actor):
    mine, other = intake.create_reports(workspace, actor, [
        report_data(), report_data(complainant={"phone": "082211112222", "nik": None})])
    for typed in ("081234567890", "+6281234567890", "6281234567890", "0812-3456-7890", NIK):
        digests = search.identity_digests(actor, typed)
        rows = search.query(workspace, search.Filters(text=typed, identity=digests))
        assert [r.id for r in rows] == [mine.id], typed
    op = _add(workspace, actor, "petugas", "operator")
    assert search.identity_digests(op, PHONE) == ()
    assert search.identity_digests(actor, "jalan berlubang") == ()


def test_legacy_rows_are_sealed_padded_and_indexed_at_login(workspace, actor, tmp_path):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    legacy = security._FORMAT
    with workspace.db.write() as s:
        from lapor_desktop.store.models import IdentityIndex, Report

        s.query(IdentityIndex).delete()
        row = s.scalar(select(Report).where(Report.id == rid))
        aead = security.AESGCM(actor.data_key)
        nonce = os.urandom(12)
        row.enc_phone = legacy + nonce + aead.encrypt(nonce, PHONE.encode(), f"{rid}:phone"
                                                      .encode())
        # A store from before the protection carries no "rows protected" marker.
        s.execute(text("DELETE FROM meta WHERE key = :k"), {"k": upkeep.PROTECTED_META})
    workspace.login("admin", PASSWORD)
    with workspace.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        assert row.enc_phone[:1] == b"\x02"
    rows = search.query(workspace, search.Filters(
        identity=search.identity_digests(actor, PHONE)))
    assert [r.id for r in rows] == [rid]


# ------------------------------------------------------------------------------ disk

NEEDLES = [NAME, "Aminah", NIK, PHONE, "6281234567890", "siti@example.org", ADDRESS,
           "rina-wati", "surat-keterangan"]


def _assert_nothing_readable(root):
    # Receipts are not written by these services (the GUI renders them), so nothing here is
    # excluded.
    for path in root.rglob("*"):
        assert "rina" not in path.name
        if not path.is_file():
            continue
        blob = path.read_bytes()
        for needle in NEEDLES:
            for enc in ("utf-8", "utf-16-le"):
                assert needle.encode(enc) not in blob, (needle, path.name)


def _finalise_export_correct(workspace, actor, tmp_path):
    src = write_file(tmp_path, "surat-keterangan-rina-wati.pdf", b"%PDF-1.4\n%%EOF\n")
    done = intake.create_reports(workspace, actor,
                                 [report_data(attachments=[str(src)])])[0]
    intake.get_report(workspace, actor, done.id, reveal=True, reason="verifikasi")
    intake.record_export(workspace, actor, "csv", 1)
    return done


def test_nothing_readable_under_the_data_dir(workspace, actor, tmp_path):
    done = _finalise_export_correct(workspace, actor, tmp_path)
    corrections.correct(workspace, actor, done.id, {"title": "Judul setelah koreksi"})
    workspace.login("admin", PASSWORD)
    _assert_nothing_readable(workspace.paths.root)


def test_nothing_readable_after_a_sync(workspace, actor, central, tmp_path):
    from lapor_desktop.sync.service import enroll_device, make_engine

    enroll_device(workspace, actor, central.url, central.enroll_code("61.05.01.2008"))
    _finalise_export_correct(workspace, actor, tmp_path)
    summary = make_engine(workspace, actor).run_once()
    assert summary.outcome == "ok" and summary.sent == 1, summary.message
    from lapor_central.models import Attachment as CentralAttachment

    with central.database.read() as s:  # central gets the real name; the laptop keeps it sealed
        assert list(s.scalars(select(CentralAttachment.file_name))) == [
            "surat-keterangan-rina-wati.pdf"]
    _assert_nothing_readable(workspace.paths.root)


# ------------------------------------------------------------------------------ input

@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_special_files_are_refused_without_blocking(workspace, actor, tmp_path):
    fifo = tmp_path / "pipa.jpg"
    os.mkfifo(fifo)
    link = tmp_path / "tautan.jpg"
    link.symlink_to(fifo)
    rid = intake.save_draft(workspace, actor, report_data())
    for bad in (fifo, link, tmp_path, "/dev/null"):
        with pytest.raises(intake.AttachmentError, match="bukan berkas"):
            intake.add_attachment(workspace, actor, rid, bad)


@pytest.mark.parametrize("name", ["baris\nbaru.png", "tab\there.png", "nul\x7f.png",
                                  "c1\x85.png"])
def test_attachment_names_with_control_characters_are_refused(workspace, actor, tmp_path,
                                                              name):
    src = write_file(tmp_path, name, png_bytes())
    rid = intake.save_draft(workspace, actor, report_data())
    with pytest.raises(intake.AttachmentError, match="karakter kontrol"):
        intake.add_attachment(workspace, actor, rid, src)
    with pytest.raises(intake.BatchValidationFailed):
        intake.create_reports(workspace, actor, [report_data(attachments=[str(src)])])


def test_region_outside_the_kabupaten_points_to_lapor_nasional(workspace, actor):
    other_village = report_data(region_code="61.05.02.2001")  # Kab. Sintang, other kecamatan
    assert intake.validate(workspace, other_village).ok
    jakarta = report_data(region_code="31.71.01.1001")
    result = intake.validate(workspace, jakarta)
    assert [(i.field, i.code) for i in result.errors] == [("region_code", "region.not_served")]
    assert "LAPOR! nasional" in result.errors[0].message


# ------------------------------------------------------------------------------ upkeep

def test_sweep_removes_old_orphans_and_stray_correction_drafts(workspace, actor, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    kept = intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "a.png",
                                                                   png_bytes()))
    old = workspace.paths.attachments / "x" / "orphan-old"
    young = workspace.paths.attachments / "x" / "orphan-young"
    old.parent.mkdir()
    old.write_bytes(b"1")
    young.write_bytes(b"2")
    past = time.time() - 2 * upkeep.ORPHAN_AGE_SECONDS
    os.utime(old, (past, past))
    done = intake.create_reports(workspace, actor, [report_data()])[0]
    stray = intake.save_draft(workspace, actor, report_data())
    with workspace.db.write() as s:
        from lapor_desktop.store.models import Report

        s.scalar(select(Report).where(Report.id == stray)).supersedes = done.id
    counts = upkeep.sweep(workspace)
    assert counts == {"files": 1, "tmp": 0, "drafts": 1}
    assert kept.path.exists() and young.exists() and not old.exists()
    assert [d[0] for d in intake.list_drafts(workspace)] == [rid]


def test_audit_log_lists_with_filters_and_only_for_readers(workspace, actor):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    intake.get_report(workspace, actor, rid, reveal=True, reason="tindak_lanjut")
    events = audit.list_events(workspace, actor, action="reveal_identity")
    assert [(e.action, e.operator, e.detail) for e in events] == [
        ("reveal_identity", "admin", {"reason": "tindak_lanjut"})]
    assert {e.action for e in audit.list_events(workspace, actor)} >= {"init", "finalise"}
    op = _add(workspace, actor, "petugas", "operator")
    with pytest.raises(PermissionDenied):
        audit.list_events(workspace, op)
    text = json.dumps([e.as_dict() for e in audit.list_events(workspace, actor)])
    assert NIK not in text and NAME not in text and PASSWORD not in text
