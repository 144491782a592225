"""The audit chain anchored at a real central: every sync carries the head; a truncated or
rewritten chain is caught by ``audit verify``, by central (its desk warns) and never a
chain that only grows."""

from __future__ import annotations

import os
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from lapor_central.desk.staff import add_staff
from lapor_central.models import AuditAnchor as CentralAnchor
from lapor_desktop import audit, intake
from lapor_desktop.cli import main
from lapor_desktop.store.models import AuditAnchor
from lapor_desktop.sync.service import enroll_device, make_engine
from lapor_protocol.anchors import DIVERGED, FIRST, OK, TRUNCATED, UNPROVEN
from tests.desk.conftest import STAFF_PASSWORD, DeskClient
from tests.support.factories import PASSWORD, REGION
from tests.sync.helpers import make_reports


def _enroll(ws, actor, central) -> None:
    enroll_device(ws, actor, central.url, central.enroll_code(REGION))


def _sync(ws, actor) -> None:
    summary = make_engine(ws, actor).run_once()
    assert summary.outcome == "ok", summary.message


def _central_anchor(central, device_id: str) -> CentralAnchor:
    with central.database.read() as s:
        row = s.get(CentralAnchor, device_id)
        assert row is not None, "central kept no anchor"
        s.expunge(row)
        return row


def _local(ws) -> tuple[int, str]:
    with ws.db.read() as s:
        return audit.head(s)


def _cut_after(ws, keep: int) -> None:
    """What the issue did: drop the no-delete trigger and delete the newest events."""
    con = sqlite3.connect(ws.paths.database)
    try:
        con.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        con.execute("DELETE FROM audit_event WHERE id NOT IN "
                    "(SELECT id FROM audit_event ORDER BY id LIMIT ?)", (keep,))
        con.commit()
    finally:
        con.close()


def _reveal(ws, actor) -> None:
    with ws.db.read() as s:
        from lapor_desktop.store.models import Report

        rid = s.query(Report.id).first()[0]
    intake.get_report(ws, actor, rid, reveal=True, reason="verifikasi")


def _verify(data_dir, capsys) -> tuple[int, str]:
    # The keyed links need the verifier's root key: a login of a holder (admin).
    old = os.environ.get("LAPOR_DESKTOP_PASSWORD")
    os.environ["LAPOR_DESKTOP_PASSWORD"] = PASSWORD
    try:
        code = main(["--data-dir", str(data_dir), "audit", "verify", "--operator", "admin"])
    finally:
        if old is None:
            os.environ.pop("LAPOR_DESKTOP_PASSWORD", None)
        else:
            os.environ["LAPOR_DESKTOP_PASSWORD"] = old
    return code, capsys.readouterr().out


def test_a_growing_chain_is_anchored_and_never_flagged(workspace, actor, central, tmp_path,
                                                       data_dir, capsys):
    _enroll(workspace, actor, central)
    verdicts = []
    for round_ in range(4):
        make_reports(workspace, actor, 2, tmp_path, seed=round_, max_atts=0)
        workspace.login("admin", PASSWORD)  # more events between runs
        _sync(workspace, actor)
        count, _head = _local(workspace)
        got = _central_anchor(central, workspace.device_id)
        # The head went out after the catalogue step: it is at most the local head now.
        assert got.problem is None and got.count <= count
        with workspace.db.read() as s:
            assert audit.hash_at(s, got.count) == got.hash
            mine = s.get(AuditAnchor, workspace.device_id)
            verdicts.append(mine.problem)
            assert (mine.count, mine.hash) == (got.count, got.hash)
    assert verdicts == [None] * 4
    _sync(workspace, actor)  # nothing new at all: the same head again is fine
    assert _central_anchor(central, workspace.device_id).problem is None
    code, out = _verify(data_dir, capsys)
    assert code == 0 and "utuh" in out


def test_truncation_after_an_anchor_is_caught_by_verify_and_central(
        workspace, actor, central, tmp_path, data_dir, capsys):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 3, tmp_path, max_atts=0)
    _sync(workspace, actor)
    before_reveal = _local(workspace)[0]
    _reveal(workspace, actor)
    _sync(workspace, actor)
    anchored = _central_anchor(central, workspace.device_id)
    assert anchored.count > before_reveal and anchored.problem is None
    assert _verify(data_dir, capsys)[0] == 0

    _cut_after(workspace, before_reveal)  # every event from the reveal onward
    with workspace.db.read() as s:
        # The keyed chain sees the cut by itself now (its ratchet counts every event).
        assert audit.verify_chain(s)[0] is False
    _sync(workspace, actor)
    flagged = _central_anchor(central, workspace.device_id)
    assert flagged.problem == TRUNCATED and flagged.problem_at is not None
    with workspace.db.read() as s:
        assert s.get(AuditAnchor, workspace.device_id).problem == TRUNCATED
    # verify logs in (the keyed links need a holder's key), which appends a login event, so
    # it runs after the sync that shows central the shorter chain.
    code, out = _verify(data_dir, capsys)
    assert code != 0
    assert "RUSAK" in out and "jangkar yang sudah dikirim ke server/kecamatan" in out

    # The desk shows it to kabupaten staff, on the queue and on the village's reports.
    add_staff(central.database, "kab", "kabupaten", STAFF_PASSWORD, display_name="Kab",
              agencies=set())
    desk = DeskClient(central.url)
    try:
        assert desk.login("kab").status_code == 303
        page = desk.get("/desk/").text
        assert "Peringatan jejak audit desa" in page and "lebih pendek" in page
        rid = central.export()[0]["id"]
        report = desk.get(f"/desk/laporan/{rid}").text
        assert "Peringatan jejak audit desa" in report
    finally:
        desk.close()


def test_a_cut_chain_that_grows_again_is_still_caught(workspace, actor, central, tmp_path,
                                                      data_dir, capsys):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    _sync(workspace, actor)
    keep = _local(workspace)[0]
    _reveal(workspace, actor)
    _sync(workspace, actor)
    anchored = _central_anchor(central, workspace.device_id)
    _cut_after(workspace, keep)
    while _local(workspace)[0] <= anchored.count + 2:  # the operator keeps working
        workspace.login("admin", PASSWORD)
    code, out = _verify(data_dir, capsys)
    assert code != 0 and f"catatan ke-{anchored.count} tidak cocok" in out
    _sync(workspace, actor)
    assert _central_anchor(central, workspace.device_id).problem == DIVERGED
    code, out = _verify(data_dir, capsys)
    assert code != 0 and "Server pusat menandai jejak audit laptop ini" in out


def test_central_answer_lost_is_not_a_false_alarm(workspace, actor, central, tmp_path):
    """The head is recorded before it is sent: when central kept an anchor whose answer never
    came back, the next run still proves it extends it."""
    _enroll(workspace, actor, central)
    _sync(workspace, actor)
    with workspace.db.write() as s:  # as if the answer of that run was lost
        s.delete(s.get(AuditAnchor, workspace.device_id))
    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    _sync(workspace, actor)
    got = _central_anchor(central, workspace.device_id)
    assert got.problem is None
    with workspace.db.read() as s:
        assert s.get(AuditAnchor, workspace.device_id).problem is None


def test_first_and_repeated_anchor_verdicts(workspace, actor, central):
    from lapor_desktop import anchors, credentials
    from lapor_desktop.sync.http import LaporHttpGateway

    _enroll(workspace, actor, central)
    gw = LaporHttpGateway(central.url, credentials.load_token(workspace, actor))
    try:
        with workspace.db.read() as s:
            doc = anchors.current(s, workspace.device_id).to_dict()
        assert gw.audit_anchor(doc).result == FIRST
        assert gw.audit_anchor(doc).result == OK
    finally:
        gw.close()


class _OlderCentral(ThreadingHTTPServer):
    """A stand-in for a central from before anchors, on 127.0.0.1: it relays every request
    to the real central except ``/api/v1/audit-anchor``, which it does not know (404 with the
    protocol header, as FastAPI answers an unknown path there)."""

    daemon_threads = True

    def __init__(self, target: str) -> None:
        self.target = target
        self.anchor_calls = 0
        super().__init__(("127.0.0.1", 0), _Relay)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Relay(BaseHTTPRequestHandler):
    server: _OlderCentral

    def log_message(self, *_args) -> None:
        pass

    def _any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/api/v1/audit-anchor"):
            self.server.anchor_calls += 1
            raw = b'{"detail":"Not Found"}'
            self.send_response(404)
            self.send_header("X-Lapor-Protocol", "1")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
            return
        skip = {"host", "content-length", "connection"}
        r = requests.request(self.command, self.server.target + self.path, data=body,
                             headers={k: v for k, v in self.headers.items()
                                      if k.lower() not in skip},
                             timeout=30, allow_redirects=False)
        self.send_response(r.status_code)
        for k, v in r.headers.items():
            if k.lower() not in {"content-length", "content-encoding", "transfer-encoding",
                                 "connection"}:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(r.content)))
        self.end_headers()
        self.wfile.write(r.content)

    do_GET = do_POST = do_HEAD = do_PATCH = _any


def test_a_central_without_anchors_still_syncs(workspace, actor, central, tmp_path):
    older = _OlderCentral(central.url)
    thread = threading.Thread(target=older.serve_forever, daemon=True)
    thread.start()
    try:
        enroll_device(workspace, actor, older.url, central.enroll_code(REGION))
        make_reports(workspace, actor, 3, tmp_path, max_atts=0)
        summary = make_engine(workspace, actor).run_once()
        assert summary.outcome == "ok" and summary.sent == 3, summary.message
        assert older.anchor_calls == 1
        with workspace.db.read() as s:
            assert s.get(AuditAnchor, workspace.device_id) is None  # nothing accepted
    finally:
        older.shutdown()
        older.server_close()
        thread.join(timeout=10)
    with central.database.read() as s:
        assert s.get(CentralAnchor, workspace.device_id) is None


def test_wiping_the_local_anchors_does_not_hide_a_cut(workspace, actor, central, tmp_path,
                                                      data_dir, capsys):
    _enroll(workspace, actor, central)
    make_reports(workspace, actor, 2, tmp_path, max_atts=0)
    _sync(workspace, actor)
    keep = _local(workspace)[0]
    _reveal(workspace, actor)
    _sync(workspace, actor)
    _cut_after(workspace, keep)
    con = sqlite3.connect(workspace.paths.database)  # and the evidence on the laptop
    con.execute("DELETE FROM audit_anchor_point")
    con.execute("DELETE FROM audit_anchor")
    con.commit()
    con.close()
    # The keyed chain still tells by itself: its ratchet counted the events that were cut.
    assert _verify(data_dir, capsys)[0] != 0
    while _local(workspace)[0] <= _central_anchor(central, workspace.device_id).count:
        workspace.login("admin", PASSWORD)
    _sync(workspace, actor)
    assert _central_anchor(central, workspace.device_id).problem == UNPROVEN
    code, out = _verify(data_dir, capsys)  # central's answer says so
    assert code != 0 and "Server pusat menandai" in out
