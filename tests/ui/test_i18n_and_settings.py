"""Translations (Qt .qm shipped in the package) and the settings page."""

from __future__ import annotations

from importlib import resources
from xml.etree import ElementTree

import pytest

from lapor_desktop.ui import i18n
from lapor_desktop.ui.main_window import PAGE_SETTINGS
from lapor_protocol import deadlines, domain


@pytest.fixture
def english_reset():
    yield
    i18n.install_language("id")


def test_qm_ships_inside_the_package():
    qm = resources.files("lapor_desktop") / "resources" / "i18n" / "lapor_desktop_en.qm"
    assert qm.is_file()


def test_every_domain_string_is_marked_for_translation():
    marked = set(i18n.DOMAIN_STRINGS)
    wanted = set()
    for table in (domain.KIND_LABELS, domain.PRIVACY_LABELS, domain.PRIVACY_HELP,
                  domain.CHANNEL_LABELS, domain.LOCAL_STATE_LABELS,
                  domain.REMOTE_STATUS_LABELS, domain.ROLE_LABELS, domain.MESSAGES):
        wanted |= set(table.values())
    wanted |= {label for _days, label in deadlines.RULES.values()}
    assert wanted - marked == set()


def test_english_ts_is_complete():
    ts = resources.files("lapor_desktop") / "resources" / "i18n" / "lapor_desktop_en.ts"
    root = ElementTree.fromstring(ts.read_bytes())
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []


def test_switching_language_changes_visible_strings(qtbot, english_reset, workspace, actor):
    from lapor_desktop.ui.app import Controller

    controller = Controller(workspace, actor, ask_print=False)
    win = controller.window
    qtbot.addWidget(win)
    win.show()
    assert win.nav.item(0).text() == "Laporan Baru"
    assert win.intake.save_button.text().startswith("Simpan")
    qtbot.keyClicks(win.intake.title, "Jembatan putus")
    win.go(PAGE_SETTINGS)
    page = win.settings_page
    page.language.setCurrentIndex(page.language.findData("en"))
    page.save_button.click()
    assert workspace.settings.language == "en"
    assert win.nav.item(0).text() == "New Report"
    assert win.nav.item(1).text() == "Reports"
    assert win.intake.save_button.text().startswith("Save")
    assert win.intake.kind.itemText(0) == "Complaint"
    assert "Waiting to be sent" in win.queue_label.text()
    assert win.stack.currentIndex() == PAGE_SETTINGS
    assert win.intake.title.text() == "Jembatan putus"  # the draft survived the rebuild
    win.settings_page.language.setCurrentIndex(0)
    win.settings_page.save_button.click()
    assert win.nav.item(0).text() == "Laporan Baru"
    win.close()


def test_settings_are_saved(qtbot, ui_window, workspace):
    from lapor_desktop.config import Settings

    page = ui_window.settings_page
    page.endpoint.setText("ftp://salah")
    page.save_button.click()
    assert "https://" in page.message.text()
    page.endpoint.setText("https://lapor.sintang.go.id")
    page.max_mb.setValue(5)
    page.office.setText("Kantor Desa Tertung")
    page.save_button.click()
    saved = Settings.load(workspace.paths)
    assert saved.endpoint_url == "https://lapor.sintang.go.id"
    assert saved.max_attachment_bytes == 5 * 1024 * 1024
    assert saved.office_name == "Kantor Desa Tertung"


def test_receipt_contact_and_waiting_warning_are_settings(qtbot, ui_window, workspace):
    from lapor_desktop.sync import state
    from lapor_desktop.ui import receipt

    page = ui_window.settings_page
    page.contact.setText("  Jl. Lintas Melawi km 12,   telp. 0812-5555-0101 ")
    page.warn_days.setValue(7)
    page.save_button.click()
    assert receipt.office_contact(workspace) == "Jl. Lintas Melawi km 12, telp. 0812-5555-0101"
    assert state.warn_days(workspace) == 7
    page.contact.clear()
    page.save_button.click()
    assert "Sintang" in receipt.office_contact(workspace)  # back to the region's names


def test_admin_manages_operators(qtbot, ui_window, workspace):
    from tests.support.factories import PASSWORD

    page = ui_window.settings_page
    qtbot.keyClicks(page.new_username, "rina")
    qtbot.keyClicks(page.new_name, "Rina Operator")
    qtbot.keyClicks(page.new_password, PASSWORD)
    page.add_button.click()
    assert page.table.rowCount() == 2
    row = next(r for r in range(2) if page.table.item(r, 0).text() == "rina")
    page.table.selectRow(row)
    page.toggle_button.click()
    assert not next(o for o in workspace.operators() if o.username == "rina").active


def test_operator_sees_no_operator_management(qtbot, workspace, make_operator):
    from lapor_desktop.ui.settings_page import SettingsPage

    page = SettingsPage(workspace, make_operator("operator"))
    qtbot.addWidget(page)
    page.show()
    assert not page.add_button.isVisible()


def test_language_switch_keeps_the_draft_being_edited(qtbot, english_reset, workspace, actor):
    """The form shows the same draft after the rebuild, not whichever draft is newest, and
    a form that was empty stays empty."""
    from lapor_desktop import intake
    from lapor_desktop.ui.app import Controller

    older = intake.save_draft(workspace, actor, {"title": "Draf lama"})
    newer = intake.save_draft(workspace, actor, {"title": "Draf baru"})
    controller = Controller(workspace, actor, ask_print=False)
    win = controller.window
    qtbot.addWidget(win)
    win.show()
    first = win.intake.report_id          # the newest draft, restored at start-up
    other = older if first == newer else newer
    win.edit_draft(other)
    controller.set_language("en")
    assert win.intake.report_id == other
    assert win.intake.title.text() == ("Draf lama" if other == older else "Draf baru")
    win.intake.discard_draft()
    controller.set_language("id")
    assert win.intake.report_id is None
    assert win.intake.title.text() == ""
    win.close()
