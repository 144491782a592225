"""Pengaturan: device code and fingerprint on show, backup written and restored from the
page, the weekly reminder, the photo and silent-village settings."""

from __future__ import annotations

from lapor_desktop import backup, device, photos
from lapor_desktop.workspace import Workspace
from tests.support.factories import PASSWORD


def test_device_box_backup_restore_and_reminder(qtbot, workspace, actor, tmp_path):
    from lapor_desktop.ui.settings_page import SettingsPage

    page = SettingsPage(workspace, actor)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    box = page.device_box
    facts = device.describe(workspace)
    assert box.code_label.text() == facts.code
    assert box.fingerprint_label.text() == facts.grouped_fingerprint
    assert "Belum pernah" in box.last_label.text()
    assert backup.reminder_due(workspace)

    box.keep_originals.setChecked(True)
    page.save()
    with Workspace.open(workspace.paths.root) as again:
        assert again.settings.extra[photos.KEEP_ORIGINAL_SETTING] is True

    target = tmp_path / "usb" / "cadangan.lapor-cadangan"
    box.write_backup(str(target))
    assert target.exists() and "Cadangan ditulis" in box.message.text()
    assert not backup.reminder_due(workspace) and "Terakhir ditulis" in box.last_label.text()

    assert box.restore(str(target), str(tmp_path / "baru"), PASSWORD)
    assert "Dipulihkan" in box.message.text()
    with Workspace.open(tmp_path / "baru") as ws:
        assert ws.device_id == workspace.device_id
