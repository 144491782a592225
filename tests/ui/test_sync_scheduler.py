"""The app-level sync scheduler and the states the sync page and status bar show.

Real central on 127.0.0.1, real store, real widgets offscreen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from lapor_desktop.store.models import Report
from lapor_desktop.sync import state as st
from lapor_desktop.sync.service import enroll_device
from lapor_desktop.ui.sync_page import SyncPage
from lapor_desktop.ui.sync_scheduler import SyncScheduler
from tests.support.factories import REGION
from tests.sync.helpers import make_reports

pytest.importorskip("pytestqt")


def _scheduler(workspace, actor, **kw) -> SyncScheduler:
    kw.setdefault("watch_network", False)
    return SyncScheduler(workspace, actor, **kw)


def test_syncs_at_once_after_login_and_stops_at_logout(qtbot, workspace, actor, central,
                                                       tmp_path):
    make_reports(workspace, actor, 5, tmp_path, max_atts=1)
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    sched = _scheduler(workspace, actor)
    with qtbot.waitSignal(sched.finished, timeout=60_000) as done:
        sched.start()
    assert done.args[0].outcome == "ok" and done.args[0].sent == 5
    state = sched.state()
    assert state.state == st.ALL_SENT and state.pending_reports == 0
    assert sched.stop() and not sched.controller.running and not sched.auto_timer.isActive()


def test_finalising_sends_soon_once_for_several(qtbot, workspace, actor, central, tmp_path):
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    sched = _scheduler(workspace, actor, debounce_ms=300)
    with qtbot.waitSignal(sched.finished, timeout=60_000):
        sched.start()  # the login run: nothing queued yet
    runs: list = []
    sched.finished.connect(runs.append)
    for n in range(3):
        make_reports(workspace, actor, 1, tmp_path / str(n), max_atts=0, seed=n)
        sched.report_finalised()
    qtbot.waitUntil(lambda: len(runs) == 1, timeout=60_000)
    qtbot.wait(600)
    assert len(runs) == 1 and runs[0].sent == 3  # debounced into one run
    sched.stop()


def test_timer_retries_what_waits(qtbot, workspace, actor, central, tmp_path):
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    sched = _scheduler(workspace, actor, auto_interval_ms=200)
    with qtbot.waitSignal(sched.finished, timeout=60_000):
        sched.start()
    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    with qtbot.waitSignal(sched.finished, timeout=60_000) as done:
        pass  # no button, no finalise signal: the timer finds the queue
    assert done.args[0].sent == 2
    sched.stop()


def test_not_configured_never_runs_and_page_says_so(qtbot, workspace, actor, tmp_path):
    make_reports(workspace, actor, 1, tmp_path, max_atts=0)
    sched = _scheduler(workspace, actor, auto_interval_ms=100)
    started: list = []
    sched.started.connect(started.append)
    sched.start()
    page = SyncPage(workspace, actor, scheduler=sched)
    qtbot.addWidget(page)
    qtbot.wait(400)
    assert started == []  # nothing to talk to: no run, no error
    assert "Alamat server belum diisi" in page.state_label.text()
    assert not page.send_button.isEnabled()  # nothing to send to yet
    # Asked by hand, the page words it; no traceback, no exception name.
    with qtbot.waitSignal(page.sync_finished, timeout=10_000) as done:
        assert page.send_now()
    assert done.args[0].outcome == "not_enrolled"
    assert "Error" not in page.result_label.text() + page.error_label.text()
    assert not page.report_bar.isVisible() and not page.bytes_bar.isVisible()
    sched.stop()


def test_one_sync_at_a_time_and_quit_waits(qtbot, workspace, actor, central, tmp_path):
    from tests.sync.faultproxy import FaultProxy

    make_reports(workspace, actor, 30, tmp_path, max_atts=2, min_kb=20, max_kb=40)
    with FaultProxy(central.port, rate=300_000) as proxy:
        enroll_device(workspace, actor, proxy.url, central.enroll_code(REGION))
        sched = _scheduler(workspace, actor)
        with qtbot.waitSignal(sched.progress, timeout=30_000):
            assert sched.send_now()
        assert sched.busy and sched.send_now() is False
        assert sched.stop(30_000) and not sched.controller.running
    assert st.read_state(workspace).pending_reports > 0  # stopped mid-way, nothing lost


def test_page_shows_success_and_clears_not_enrolled(qtbot, workspace, actor, central,
                                                    tmp_path):
    make_reports(workspace, actor, 2, tmp_path, max_atts=1)
    workspace.settings.endpoint_url = central.url
    page = SyncPage(workspace, actor)
    qtbot.addWidget(page)
    assert "belum didaftarkan" in page.state_label.text()
    page.code_edit.setText(central.enroll_code(REGION))
    with qtbot.waitSignal(page.enroll_finished, timeout=30_000):
        page.enroll()
    assert "belum didaftarkan" not in page.state_label.text()
    assert not page.error_label.text()
    with qtbot.waitSignal(page.sync_finished, timeout=60_000):
        page.send_now()
    assert page.result_label.text() == "Berhasil: 2 laporan terkirim."
    assert "Semua laporan sudah terkirim" in page.state_label.text()
    assert "WIB" in page.last_sync_label.text()
    page.shutdown()


def test_status_bar_keeps_last_success_apart_from_a_failure(qtbot, workspace, actor,
                                                            tmp_path):
    from lapor_desktop.ui.main_window import MainWindow

    make_reports(workspace, actor, 1, tmp_path, max_atts=0)
    workspace.db.set_meta("sync_last_success", "2026-11-20T03:00:00+00:00")
    workspace.settings.endpoint_url = "http://127.0.0.1:9"
    enroll_token = "t" * 20
    from lapor_desktop import credentials

    credentials.save_token(workspace, actor, enroll_token)
    win = MainWindow(workspace, actor, ask_print=False, start_sync=False)
    qtbot.addWidget(win)
    # Read from the database: survives a restart.
    assert win.sync_label.text() == "Terakhir berhasil: 20-11-2026 10:00 WIB"
    with qtbot.waitSignal(win.scheduler.finished, timeout=60_000) as done:
        win.scheduler.send_now()
    assert done.args[0].outcome in ("unreachable", "offline")
    assert win.sync_label.text() == "Terakhir berhasil: 20-11-2026 10:00 WIB"
    assert st.read_state(workspace).last_attempt_at is not None
    win.close()


def test_warning_when_reports_wait_too_long(qtbot, workspace, actor, tmp_path):
    from lapor_desktop.ui.main_window import MainWindow

    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    win = MainWindow(workspace, actor, ask_print=False, start_sync=False)
    qtbot.addWidget(win)
    win.show()
    assert not win.waiting_banner.isVisible()
    old = datetime.now(UTC) - timedelta(days=4)
    with workspace.db.write() as s:
        s.execute(update(Report).values(finalised_at=old))
    win.update_status()
    assert win.waiting_banner.isVisible()
    assert "lebih dari 3 hari" in win.waiting_text.text()
    assert "Paket USB" in win.waiting_text.text()
    win.close()
