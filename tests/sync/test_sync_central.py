"""The engine against a real central over loopback."""

from __future__ import annotations

import json

from sqlalchemy import select

from lapor_desktop import intake
from lapor_desktop.store.models import Outbox, Report, StatusEvent
from lapor_desktop.sync.http import LaporHttpGateway
from lapor_desktop.sync.service import enroll_device, make_engine
from tests.support.factories import REGION, report_data
from tests.sync.helpers import assert_central_matches, make_reports


def _enroll(workspace, actor, central):
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))


def test_sync_delivers_reports_and_attachments(workspace, actor, central, tmp_path):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 30, tmp_path)
    progress = []
    summary = make_engine(workspace, actor).run_once(progress=progress.append)
    assert summary.outcome == "ok", summary.message
    assert summary.sent == 30 and summary.waiting == 0 and summary.exit_code == 0
    assert progress[-1].reports_done == 30
    assert_central_matches(workspace, central)
    # A second run sends nothing and changes nothing.
    again = make_engine(workspace, actor).run_once()
    assert again.sent == 0 and again.bytes_uploaded == 0 and again.exit_code == 0
    assert len(central.export()) == 30


def test_status_changes_come_back(workspace, actor, central, tmp_path):
    _enroll(workspace, actor, central)
    rid = make_reports(workspace, actor, 2, tmp_path, max_atts=0)[0]
    make_engine(workspace, actor).run_once()
    view = intake.get_report(workspace, actor, rid)
    assert view.local_state == "terkirim" and view.tracking_id
    assert view.received_at is not None
    central.advance(view.tracking_id, "terverifikasi", note="Sudah dicek")
    central.advance(view.tracking_id, "diteruskan", note="Ke dinas PU", agency="dpupr-sintang")
    summary = make_engine(workspace, actor).run_once()
    assert summary.status_changes >= 2
    view = intake.get_report(workspace, actor, rid)
    assert view.remote_status == "diteruskan"
    assert view.status_seen is False
    notes = [(e.status, e.note, e.agency) for e in view.timeline]
    assert ("diteruskan", "Ke dinas PU", "dpupr-sintang") in notes
    # Pulling again adds nothing (cursor stored with the events).
    assert make_engine(workspace, actor).run_once().status_changes == 0
    with workspace.db.read() as s:
        n = len(list(s.scalars(select(StatusEvent).where(StatusEvent.report_id == rid))))
    assert n == 3


def test_rejected_report_does_not_block_others(workspace, actor, central, tmp_path):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 5, tmp_path, max_atts=1)
    bad = intake.create_reports(workspace, actor, [report_data(title="Akan ditolak")])[0].id
    # Central refuses a category it does not know: simulate a catalogue drift.
    with workspace.db.write() as s:
        r = s.scalar(select(Report).where(Report.id == bad))
        r.category = "kategori-hapus"
        wire = intake.to_wire(r, actor.cipher)
        r.content_hash = wire["content_hash"]
    summary = make_engine(workspace, actor).run_once()
    assert summary.sent == 5
    assert summary.need_attention == 1 and summary.exit_code == 1
    with workspace.db.read() as s:
        r = s.scalar(select(Report).where(Report.id == bad))
        assert r.local_state == "perlu_perbaikan"
        errors = json.loads(r.sync_error)
        assert any(e["field"] == "category" for e in errors)
        assert s.get(Outbox, bad).state == "failed"
    # Not retried until corrected.
    again = make_engine(workspace, actor).run_once()
    assert again.need_attention == 0 and again.attention_total == 1


def test_revoked_token_stops_and_keeps_queue(workspace, actor, central, tmp_path):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 3, tmp_path, max_atts=0)
    central.revoke(workspace.device_id)
    summary = make_engine(workspace, actor).run_once()
    assert summary.outcome == "auth"
    assert "dicabut" in summary.message and summary.exit_code == 1
    assert summary.waiting == 3 and central.export() == []


def test_unreachable_exits_75_and_backs_off(workspace, actor, central, tmp_path):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    central.stop()
    from lapor_desktop.sync.backoff import BackoffPolicy
    from lapor_desktop.sync.engine import SyncEngine

    engine = SyncEngine(workspace, actor, LaporHttpGateway(central.url, connect_timeout=1),
                        policy=BackoffPolicy(in_run_tries=1, in_run_cap=0.05))
    summary = engine.run_once()
    assert summary.outcome == "unreachable" and summary.exit_code == 75
    with workspace.db.read() as s:
        rows = list(s.scalars(select(Outbox)))
    assert all(r.attempts == 1 and r.next_attempt_at is not None for r in rows)
    # An automatic run respects the schedule; a manual one tries at once.
    assert engine.run_once(manual=False).outcome == "deferred"
    central.start()
    assert engine.run_once().outcome == "ok"


def test_enrolling_with_another_server_starts_its_status_feed_over(workspace, actor, central,
                                                                     tmp_path):
    from tests.support.central import start_central

    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 3, tmp_path / "a", max_atts=0)
    assert make_engine(workspace, actor).run_once().status_changes == 3
    cursor = workspace.db.get_meta("sync_status_cursor")
    # The same server again (a device id is enrolled once: this needs a replacement code):
    # its cursor stays.
    enroll_device(workspace, actor, central.url,
                  central.enroll_code(REGION, replaces=workspace.device_id))
    assert workspace.db.get_meta("sync_status_cursor") == cursor
    other = start_central(tmp_path / "other")
    try:
        enroll_device(workspace, actor, other.url, other.enroll_code(REGION))
        make_reports(workspace, actor, 2, tmp_path / "b", seed=2, max_atts=0)
        summary = make_engine(workspace, actor).run_once()
        assert summary.sent == 2
        # The first server's cursor would have skipped the new server's first events.
        assert summary.status_changes == 2
    finally:
        other.stop()
