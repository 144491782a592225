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
    assert page.enroll() is False and "Isi alamat" in page.enroll_status.text()
    page.code_edit.setText("SALAH-KODE")
    with qtbot.waitSignal(page.enroll_finished, timeout=30_000) as blocker:
        assert page.enroll() is True
        # The network call runs on the worker thread: the form says so and waits.
        assert not page.enroll_button.isEnabled()
        assert page.enroll_button.text() == "Mendaftarkan…"
        assert page.enroll() is False  # one enrolment at a time
        assert page.send_now() is False  # and no sync meanwhile
    assert blocker.args[0] is False and "ditolak" in page.enroll_status.text()
    assert page.enroll_button.isEnabled() and page.enroll_button.text() == "Daftarkan perangkat"
    page.code_edit.setText(central.enroll_code(REGION))
    with qtbot.waitSignal(page.enroll_finished, timeout=30_000) as blocker:
        page.enroll_button.click()
    assert blocker.args == [True, "Perangkat terdaftar."]
    assert workspace.settings.endpoint_url == central.url
    assert page.code_edit.text() == ""
    assert page.shutdown() and not page._enroll_thread.isRunning()


def test_enrolment_does_not_block_the_gui_thread(qtbot, workspace, actor):
    """A server that accepts the connection and says nothing keeps the window responsive;
    when the connection drops the page reports the failure, and closing waits for the
    worker thread."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]),
                     daemon=True).start()
    try:
        page = SyncPage(workspace, actor)
        qtbot.addWidget(page)
        page.url_edit.setText(f"http://127.0.0.1:{listener.getsockname()[1]}")
        page.code_edit.setText("KODE-1")
        assert page.enroll() is True
        qtbot.waitUntil(lambda: bool(accepted), timeout=5000)
        qtbot.wait(50)  # the event loop keeps turning while the worker waits
        assert page.enrolling and not page.enroll_button.isEnabled()
        with qtbot.waitSignal(page.enroll_finished, timeout=10_000) as sig:
            accepted[0].close()
        assert sig.args[0] is False
        assert page.shutdown() and not page._enroll_thread.isRunning()
    finally:
        listener.close()
        for conn in accepted:
            conn.close()


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

    # Same device, central's own address now: a replacement code (a device id enrols once).
    enroll_device(workspace, actor, central.url,
                  central.enroll_code(REGION, replaces=workspace.device_id))
    summary = make_engine(workspace, actor).run_once()
    assert summary.outcome == "ok" and summary.waiting == 0
    assert_central_matches(workspace, central)
