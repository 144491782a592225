"""The sync page against a real central, offscreen."""

from __future__ import annotations

import pytest

from lapor_desktop.sync.service import enroll_device
from lapor_desktop.ui.sync_page import SyncPage
from tests.support.factories import REGION
from tests.sync.faultproxy import FaultProxy
from tests.sync.helpers import assert_central_matches, local_state, make_reports

pytest.importorskip("pytestqt")


def test_button_sends_and_signals(qtbot, workspace, actor, central, tmp_path):
    make_reports(workspace, actor, 8, tmp_path, max_atts=1)
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    page = SyncPage(workspace, actor)
    qtbot.addWidget(page)
    assert page.waiting_label.text() == "8"
    with qtbot.waitSignal(page.queue_changed, timeout=60_000) as queue, \
            qtbot.waitSignal(page.sync_finished, timeout=60_000) as blocker:
        page.send_button.click()
        assert not page.send_button.isEnabled()
        assert page.send_now() is False  # one sync at a time
    summary = blocker.args[0]
    assert summary.outcome == "ok" and summary.sent == 8
    assert queue.args == [0]
    assert page.sent_label.text() == "8" and page.waiting_label.text() == "0"
    assert page.last_sync_label.text() != "belum pernah"
    assert_central_matches(workspace, central)
    page.shutdown()


def test_enrol_form(qtbot, workspace, actor, central):
    page = SyncPage(workspace, actor)
    qtbot.addWidget(page)
    page.url_edit.setText(central.url)
    page.code_edit.setText("SALAH-KODE")
    assert page.enroll() is False and "ditolak" in page.enroll_status.text()
    page.code_edit.setText(central.enroll_code(REGION))
    assert page.enroll() is True
    assert workspace.settings.endpoint_url == central.url
    page.shutdown()


def test_closing_mid_sync_stops_cleanly_and_loses_nothing(qtbot, workspace, actor, central,
                                                          tmp_path):
    make_reports(workspace, actor, 60, tmp_path, max_atts=2, min_kb=20, max_kb=40)
    with FaultProxy(central.port, rate=400_000) as proxy:
        enroll_device(workspace, actor, proxy.url, central.enroll_code(REGION))
        page = SyncPage(workspace, actor)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.controller.progress, timeout=30_000):
            page.send_now()
        qtbot.wait(300)
        page.close()
        assert not page.controller.running
        states = {v["state"] for v in local_state(workspace).values()}
        assert "siap_kirim" in states  # it really was stopped mid-way
    # Nothing lost: the next run (here straight through the engine) finishes the job.
    from lapor_desktop.sync.service import make_engine

    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    summary = make_engine(workspace, actor).run_once()
    assert summary.outcome == "ok" and summary.waiting == 0
    assert_central_matches(workspace, central)
