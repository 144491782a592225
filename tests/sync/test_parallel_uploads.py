"""Parallel attachment uploads (worker threads, one HTTP session each) against a real central."""

from __future__ import annotations

import threading

from sqlalchemy import select

from lapor_desktop.store.models import Attachment, Outbox, Report
from lapor_desktop.sync.backoff import BackoffPolicy
from lapor_desktop.sync.engine import SyncEngine
from lapor_desktop.sync.gateway import TransientError
from lapor_desktop.sync.http import LaporHttpGateway
from lapor_desktop.sync.service import enroll_device
from tests.support.factories import REGION
from tests.sync.helpers import assert_central_matches, make_reports


class CountingGateway(LaporHttpGateway):
    """Counts clones and the upload threads that used them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clones = 0
        self.threads: set[str] = set()

    def clone(self):
        self.clones += 1
        return super().clone()

    def upload_attachment(self, job, progress=None, cancel=None):
        self.threads.add(threading.current_thread().name)
        return super().upload_attachment(job, progress, cancel)


def _setup(workspace, actor, central, tmp_path, n=12):
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    return make_reports(workspace, actor, n, tmp_path, seed=3, max_atts=2, min_kb=40,
                        max_kb=90)


def test_parallel_uploads_deliver_everything_once(workspace, actor, central, tmp_path):
    _setup(workspace, actor, central, tmp_path)
    gw = CountingGateway(central.url)
    progress = []
    summary = SyncEngine(workspace, actor, gw, upload_workers=3).run_once(
        progress=progress.append)
    assert summary.outcome == "ok" and summary.waiting == 0, summary.message
    assert gw.clones == 3  # the first upload measured a fast link, the rest went parallel
    assert any(name.startswith("sync-upload-") for name in gw.threads)
    with workspace.db.read() as s:
        n_atts = len(list(s.scalars(select(Attachment))))
        assert all(a.uploaded and a.upload_url is None for a in s.scalars(select(Attachment)))
    assert summary.attachments_uploaded == n_atts
    last = progress[-1]
    assert last.bytes_done == last.bytes_total and last.reports_done == 12
    assert_central_matches(workspace, central)
    again = SyncEngine(workspace, actor, LaporHttpGateway(central.url)).run_once()
    assert again.sent == 0 and again.bytes_uploaded == 0 and len(central.export()) == 12


def test_cancel_during_parallel_uploads_loses_nothing(workspace, actor, central, tmp_path):
    _setup(workspace, actor, central, tmp_path, n=20)
    cancel = threading.Event()

    def on_progress(p):
        if p.phase == "attachments" and p.bytes_done > 200_000:
            cancel.set()

    gw = CountingGateway(central.url)
    summary = SyncEngine(workspace, actor, gw, upload_workers=3).run_once(
        progress=on_progress, cancel=cancel)
    assert summary.outcome == "cancelled" and summary.waiting > 0
    assert gw.clones == 3
    # Nothing became terkirim without its attachments on central.
    exported = {r["id"]: r for r in central.export()}
    with workspace.db.read() as s:
        for r in s.scalars(select(Report).where(Report.local_state == "terkirim")):
            assert all(a["received"] for a in exported[r.id]["attachments"])
    final = SyncEngine(workspace, actor, LaporHttpGateway(central.url)).run_once()
    assert final.outcome == "ok" and final.waiting == 0
    assert_central_matches(workspace, central)


class BrokenUploads(CountingGateway):
    """The main gateway works; the workers' clones cannot upload (connection drops)."""

    def clone(self):
        other = super().clone()

        def fail(job, progress=None, cancel=None):
            raise TransientError("tus-patch: koneksi gagal (ConnectionError)")

        other.upload_attachment = fail
        return other


def test_worker_failure_stops_the_run_and_keeps_the_queue(workspace, actor, central,
                                                           tmp_path):
    _setup(workspace, actor, central, tmp_path)
    gw = BrokenUploads(central.url)
    engine = SyncEngine(workspace, actor, gw, upload_workers=3,
                        policy=BackoffPolicy(in_run_tries=2, in_run_base=0.01, in_run_cap=0.02))
    summary = engine.run_once()
    assert summary.outcome == "unreachable" and summary.exit_code == 75
    assert summary.waiting > 0
    with workspace.db.read() as s:
        pending = list(s.scalars(select(Outbox).where(Outbox.state == "pending")))
    assert pending and all(o.next_attempt_at is not None for o in pending)
    final = SyncEngine(workspace, actor, LaporHttpGateway(central.url)).run_once()
    assert final.outcome == "ok" and final.waiting == 0
    assert_central_matches(workspace, central)


def test_slow_link_uploads_one_at_a_time(workspace, actor, central, tmp_path):
    _setup(workspace, actor, central, tmp_path, n=6)
    gw = CountingGateway(central.url)
    gw.link_rate = 30_000.0  # as measured on a 256 kbit/s village link

    def keep_slow(sent, seconds):
        gw.link_rate = 30_000.0

    gw._next_chunk = keep_slow
    summary = SyncEngine(workspace, actor, gw, upload_workers=3).run_once()
    assert summary.outcome == "ok" and summary.waiting == 0
    assert gw.clones == 0 and gw.threads == {threading.current_thread().name}
    assert_central_matches(workspace, central)
