"""Backup and restore: one encrypted file, a new laptop, the same office."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lapor_desktop import audit, backup, intake
from lapor_desktop.cli import main
from lapor_desktop.store.models import AuditEvent, Operator, Report
from lapor_desktop.workspace import Workspace, WorkspaceError
from tests.support.factories import (
    NIK,
    PASSWORD,
    PHONE,
    REGION,
    pdf_bytes,
    png_bytes,
    report_data,
    write_file,
)

pytest.importorskip("lapor_desktop.sync.service")


def _add(ws, actor, tmp_path, n: int, title: str) -> list[str]:
    ids = []
    for i in range(n):
        rid = intake.save_draft(ws, actor, report_data(title=f"{title} {i}"))
        intake.add_attachment(ws, actor, rid, write_file(tmp_path / "src", f"foto-{title}-{i}.png",
                                                         png_bytes(6, 6, seed=i)))
        intake.add_attachment(ws, actor, rid, write_file(tmp_path / "src", f"surat-{i}.pdf",
                                                         pdf_bytes(f"s{title}{i}")))
        intake.finalise(ws, actor, rid)
        ids.append(rid)
    return ids


def test_restore_on_a_new_laptop_continues_sync_without_resending(workspace, actor, central,
                                                                   tmp_path):
    from lapor_desktop.sync.service import enroll_device, make_engine

    workspace.add_operator(actor, "kades", "Kepala Desa", "kepala_desa", "durian-kades-123")
    sent = _add(workspace, actor, tmp_path, 2, "terkirim")
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    assert make_engine(workspace, actor).run_once().sent == 2
    pending = _add(workspace, actor, tmp_path, 1, "antre")
    usb = tmp_path / "usb" / "cadangan.lapor-backup"
    res = backup.create_backup(workspace, actor, usb)
    assert (res.reports, res.attachments) == (3, 6)
    assert not backup.reminder_due(workspace)

    # Nothing about the citizen readable in the file.
    raw = usb.read_bytes()
    for secret in (b"Siti", b"Aminah", NIK.encode(), PHONE.encode(), b"Tertung",
                   b"surat-0.pdf", b"admin", b"kades"):
        assert secret not in raw, secret

    new_dir = tmp_path / "laptop-baru"
    restored = backup.restore_backup(usb, new_dir, "durian-kades-123")  # any operator
    assert restored.audit_ok and restored.reports == 3 and restored.attachments == 6
    with Workspace.open(new_dir) as ws:
        assert ws.device_id == workspace.device_id
        me = ws.login("admin", PASSWORD)  # same logins
        ws.login("kades", "durian-kades-123")
        with ws.db.read() as s:
            assert audit.verify_chain(s) == (True, None)
            assert s.scalar(select(func.count()).select_from(Operator)) == 2
            assert s.scalar(select(func.count()).select_from(AuditEvent)) > 1
        for rid in sent + pending:
            view = intake.get_report(ws, me, rid, reveal=True, reason="verifikasi")
            assert view.identity.nik == NIK
            for a in view.attachments:
                assert a.path.read_bytes()
        before = {r["id"] for r in central.export()}
        summary = make_engine(ws, me).run_once()
        assert summary.outcome == "ok", summary.message
        assert summary.sent == 1  # only the queued report: nothing sent twice
        after = central.export()
        assert len(after) == 3 and {r["id"] for r in after} == before | set(pending)


def test_wrong_password_truncation_and_a_used_folder_are_refused(workspace, actor, tmp_path):
    _add(workspace, actor, tmp_path, 1, "satu")
    path = tmp_path / "c.bak"
    backup.create_backup(workspace, actor, path)
    with pytest.raises(backup.BackupError, match="Kata sandi"):
        backup.restore_backup(path, tmp_path / "a", "bukan-sandi-ini")
    assert not (tmp_path / "a" / "lapor.sqlite3").exists()
    data = path.read_bytes()
    (tmp_path / "cut.bak").write_bytes(data[:-100])
    with pytest.raises(backup.BackupError, match="terpotong|rusak"):
        backup.restore_backup(tmp_path / "cut.bak", tmp_path / "b", PASSWORD)
    assert not (tmp_path / "b" / "lapor.sqlite3").exists()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    (tmp_path / "flip.bak").write_bytes(bytes(flipped))
    with pytest.raises(backup.BackupError, match="rusak"):
        backup.restore_backup(tmp_path / "flip.bak", tmp_path / "c", PASSWORD)
    with pytest.raises(WorkspaceError, match="sudah berisi"):
        backup.restore_backup(path, workspace.paths.root, PASSWORD)


def test_cli_backup_create_and_restore(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    old, new = tmp_path / "lama", tmp_path / "baru"
    assert main(["init", "--data-dir", str(old), "--region", REGION, "--operator", "op"]) == 0
    with Workspace.open(old) as ws:
        me = ws.login("op", PASSWORD)
        rid = _add(ws, me, tmp_path, 1, "cli")[0]
    capsys.readouterr()
    assert main(["backup", "create", str(tmp_path / "b.bak"), "--data-dir", str(old)]) == 0
    assert "1 laporan" in capsys.readouterr().out
    assert main(["--data-dir", str(new), "backup", "restore", str(tmp_path / "b.bak")]) == 0
    text = capsys.readouterr().out
    assert "utuh" in text and "1 laporan" in text
    with Workspace.open(new) as ws, ws.db.read() as s:
        assert s.scalar(select(Report.id)) == rid
    assert main(["--data-dir", str(new), "backup", "restore", str(tmp_path / "b.bak")]) == 2


def test_kecamatan_restore_keeps_its_keys_and_trusted_devices(tmp_path):
    from lapor_desktop import bundles, device
    from lapor_desktop import kecamatan as kec
    from tests.support.factories import KECAMATAN

    with Workspace.open(tmp_path / "kec") as kws, Workspace.open(tmp_path / "desa") as vws:
        kact = kws.initialise(KECAMATAN, "camat", PASSWORD)
        vact = vws.initialise(REGION, "op", PASSWORD)
        kec.export_key(kws, kact, tmp_path / "kunci.json")
        kec.import_key(vws, vact, tmp_path / "kunci.json")
        _add(vws, vact, tmp_path, 1, "pertama")
        bundles.export_bundle(vws, vact, tmp_path / "1.lapor")
        bundles.import_bundle(kws, kact, tmp_path / "1.lapor",
                              trust=device.describe(vws).fingerprint)
        own = kec.own_fingerprint(kws)
        backup.create_backup(kws, kact, tmp_path / "kec.bak")
        _add(vws, vact, tmp_path, 1, "kedua")
        bundles.export_bundle(vws, vact, tmp_path / "2.lapor")
    backup.restore_backup(tmp_path / "kec.bak", tmp_path / "kec-baru", PASSWORD)
    with Workspace.open(tmp_path / "kec-baru") as ws:
        me = ws.login("camat", PASSWORD)
        assert kec.own_fingerprint(ws) == own
        # The village stays trusted and its next bundle opens with the restored key.
        res = bundles.import_bundle(ws, me, tmp_path / "2.lapor")
        assert res.device.known and res.imported == 1 and res.already_present == 1


def test_restore_into_a_store_that_was_only_opened(workspace, actor, tmp_path):
    _add(workspace, actor, tmp_path, 1, "buka")
    backup.create_backup(workspace, actor, tmp_path / "c.bak")
    Workspace.open(tmp_path / "dibuka").close()  # the app started once, nothing set up
    res = backup.restore_backup(tmp_path / "c.bak", tmp_path / "dibuka", PASSWORD)
    assert res.reports == 1 and res.audit_ok
