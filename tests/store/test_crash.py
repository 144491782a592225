"""Crash safety: a writer killed with SIGKILL leaves each report whole or absent."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from lapor_desktop import intake
from lapor_desktop.attachments import sweep_orphans
from lapor_desktop.store.models import Attachment, Counter, Outbox, Report
from lapor_desktop.workspace import Workspace
from lapor_protocol import wire
from tests.support.factories import PASSWORD, REGION, png_bytes, report_data, write_file
from tests.support.sealed import plain_bytes

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

WRITER = r"""
import json, os, sys
from pathlib import Path
from lapor_desktop import intake
from lapor_desktop.workspace import Workspace

data_dir, item_json, pic = sys.argv[1:4]
item = json.loads(item_json)
ws = Workspace.open(data_dir)
actor = ws.login(None, os.environ["LAPOR_DESKTOP_PASSWORD"])
intake.validate(ws, item)  # warm the region list so the loop writes at full speed
print("ready", flush=True)
i = 0
while True:
    if i % 2:
        intake.create_reports(ws, actor, [dict(item, attachments=[pic]), item])
    else:
        rid = intake.save_draft(ws, actor, item)
        intake.add_attachment(ws, actor, rid, Path(pic))
        intake.finalise(ws, actor, rid)
    i += 1
    print("wrote", flush=True)
"""


def _check_store(data_dir):
    con = sqlite3.connect(data_dir / "lapor.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    with Workspace.open(data_dir) as ws:
        actor = ws.login("admin", PASSWORD)
        with ws.db.read() as s:
            final = list(s.scalars(select(Report).where(Report.local_state == "siap_kirim")
                                   .order_by(Report.local_number)))
            seqs = sorted(int(r.local_number.rsplit("/", 1)[1]) for r in final)
            assert seqs == list(range(1, len(final) + 1))  # gapless, unique
            counter = s.scalar(select(Counter.value))
            assert counter == len(final) or (counter is None and not final)
            outbox = set(s.scalars(select(Outbox.report_id)))
            known = set()
            for r in final:
                assert r.id in outbox
                assert r.content_hash == wire.content_hash(intake.to_wire(r, actor.cipher))
            for att in s.scalars(select(Attachment)):
                path = ws.paths.root / att.stored_path
                known.add(att.stored_path)
                # Stored files are sealed at rest: the row's hash and size are the plaintext's.
                plain = plain_bytes(ws, actor, att.id, att.stored_path)
                assert hashlib.sha256(plain).hexdigest() == att.sha256
                assert len(plain) == att.size
            drafts = s.scalar(select(Report.id).where(Report.local_state == "draf")
                              .limit(1))
        # Files whose rows never committed are orphans; the sweep removes only those.
        sweep_orphans(ws.paths.root, ws.paths.attachments, known)
        left = {p.relative_to(ws.paths.root).as_posix()
                for p in ws.paths.attachments.rglob("*") if p.is_file()}
        assert left == known
        return len(final), drafts


@pytest.mark.slow
def test_sigkill_during_finalise_leaves_whole_reports(tmp_path):
    data_dir = tmp_path / "data"
    with Workspace.open(data_dir) as ws:
        ws.initialise(REGION, "admin", PASSWORD)
    pic = write_file(tmp_path, "foto.png", png_bytes(16, 16))
    item = report_data()
    env = {**os.environ, "LAPOR_DESKTOP_PASSWORD": PASSWORD}
    rng = random.Random(20261128)
    total = 0
    for trial in range(12):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir),
                                 json.dumps(item), str(pic)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            assert line.strip() == "ready", proc.stderr.read()
            # Kill it while it writes, but only after a first round is committed, so a slow
            # (loaded) machine still exercises a kill in the middle of finalising.
            assert proc.stdout.readline().strip() == "wrote", proc.stderr.read()
            time.sleep(rng.uniform(0.0, 0.4))
            assert proc.poll() is None, proc.stderr.read()  # still writing when killed
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
            proc.stdout.close()
            proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        count, _ = _check_store(data_dir)
        assert count >= total  # nothing committed was lost
        total = count
    assert total >= 12  # every writer committed at least one round before it was killed
