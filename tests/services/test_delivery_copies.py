"""Delivery copies (revision 0009): once central's key is known, a finalised report's
identity is sealed to central (and the kecamatan) and its work copy erased at once, so an
operator's session reads no identity of a finalised report, delivered or not."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import select

from lapor_central.models import Report as CentralReport
from lapor_desktop import delivery, intake, report_view, rolekeys
from lapor_desktop.store.models import Meta, Report
from lapor_desktop.sync.http import LaporHttpGateway
from lapor_desktop.sync.service import enroll_device, make_engine
from lapor_desktop.workspace import Workspace
from lapor_protocol import identity_box
from lapor_protocol.wire import content_hash
from tests.support.factories import NIK, PASSWORD, REGION, report_data

OP_PW = "kopi-hujan-jembatan-7"
EMPTY = report_view.Identity()


def _no_identity(ws: Workspace, op, rid: str) -> None:
    """Everything an operator's session offers, on one finalised report."""
    with ws.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        assert not rolekeys.has_work_copy(row)
        assert report_view.identity_of(row, op.cipher) == EMPTY
        assert report_view.salt_of(row, op.cipher) is None
        assert intake.to_wire(row, op.cipher)["complainant"] == {
            n: None for n in report_view.IDENTITY_FIELDS}
        assert delivery.central_box(row) is not None
    assert intake.get_report(ws, op, rid).identity == EMPTY


def test_an_operator_reads_no_identity_after_finalising_before_and_after_sync(
        workspace, actor, data_dir, central):
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    op = workspace.login("ops", OP_PW)
    draft = intake.save_draft(workspace, op, report_data())
    with workspace.db.read() as s:
        work_nik = s.scalar(select(Report.enc_nik).where(Report.id == draft))
    rid = intake.finalise(workspace, op, draft).id
    batch = intake.create_reports(workspace, op, [report_data(title="Jalan desa rusak")])[0].id
    workspace.close()
    for target in (rid, batch):  # a fresh store, opened by the operator through the API
        with Workspace.open(data_dir) as ws:
            _no_identity(ws, ws.login("ops", OP_PW), target)
    with Workspace.open(data_dir) as ws:
        op = ws.login("ops", OP_PW)
        summary = make_engine(ws, op).run_once()
        assert summary.outcome == "ok" and summary.sent == 2, summary.message
        for target in (rid, batch):
            _no_identity(ws, op, target)
        with ws.db.engine.connect() as con:
            con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        # The draft's work copy, erased at finalising, left no bytes (secure_delete).
        assert work_nik not in ws.paths.database.read_bytes()
        # A kepala desa or admin still reveals it (the role key's sealed copy).
        admin = ws.login("admin", PASSWORD)
        shown = intake.get_report(ws, admin, rid, reveal=True, reason="verifikasi")
        assert shown.identity.nik == NIK and shown.identity.phone
    # Central opened the box: it holds the identity, and the hash held over it.
    with central.database.read() as s:
        row = s.scalar(select(CentralReport).where(CentralReport.id == rid))
        wire = json.loads(row.wire_json)
    assert wire["complainant"]["nik"] == NIK and identity_box.MEMBER not in wire
    assert content_hash(wire) == row.content_hash


def test_before_central_is_known_the_work_copy_stays_then_goes(workspace, actor, central):
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    op = workspace.login("ops", OP_PW)
    rid = intake.create_reports(workspace, op, [report_data()])[0].id
    with workspace.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        assert rolekeys.has_work_copy(row) and row.delivery_boxes is None
        assert report_view.identity_of(row, op.cipher).nik == NIK  # the documented window
    # Enrolling learns central's key: waiting reports are sealed and lose the work copy.
    enroll_device(workspace, op, central.url, central.enroll_code(REGION))
    _no_identity(workspace, op, rid)


def test_an_installation_enrolled_before_central_had_a_key_fetches_it(
        workspace, actor, central):
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    with workspace.db.write() as s:  # as enrolled by an older version
        s.delete(s.get(Meta, delivery.CENTRAL_META))
    workspace.add_operator(actor, "ops", "Petugas", "operator", OP_PW)
    op = workspace.login("ops", OP_PW)
    rid = intake.create_reports(workspace, op, [report_data()])[0].id
    with workspace.db.read() as s:
        assert rolekeys.has_work_copy(s.scalar(select(Report).where(Report.id == rid)))
    summary = make_engine(workspace, op).run_once()
    assert summary.outcome == "ok" and summary.sent == 1, summary.message
    _no_identity(workspace, op, rid)
    with workspace.db.read() as s:
        assert s.get(Meta, delivery.CENTRAL_META) is not None


def _push(central, token: str, item: dict) -> dict:
    gw = LaporHttpGateway(central.url)
    gw.set_token(token)
    try:
        gw.ping()
        return gw.push_batch([item]).results[0].__dict__
    finally:
        gw.close()


def _clear_wire(ws, actor, rid: str) -> dict:
    with ws.db.read() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        return intake.to_wire(row, actor.cipher)


def test_central_refuses_a_forged_or_moved_box_and_accepts_a_true_one(
        workspace, actor, central):
    enrolled = central.enroll(REGION, device_id=workspace.device_id)
    token, key = enrolled["token"], base64.b64decode(enrolled["central_key"])
    a, b = (f.id for f in intake.create_reports(
        workspace, actor, [report_data(), report_data(title="Lampu jalan padam")]))
    wa, wb = _clear_wire(workspace, actor, a), _clear_wire(workspace, actor, b)

    def boxed(wire: dict, member: dict) -> dict:
        return {**{k: v for k, v in wire.items() if k != "complainant"},
                identity_box.MEMBER: member}

    forged_key = identity_box.seal(bytes(32 * [9]), a, wa["content_hash"], wa["complainant"])
    forged_key["key_id"] = identity_box.key_id(key)
    moved = identity_box.seal(key, b, wb["content_hash"], wb["complainant"])
    other_identity = identity_box.seal(key, a, wa["content_hash"],
                                       {**wa["complainant"], "name": "Budi Santoso"})
    for member in (forged_key, moved, {"alg": "x", "key_id": "y", "sealed": "!"}):
        got = _push(central, token, boxed(wa, member))
        assert got["result"] == "rejected"
        assert "identity_box.invalid" in {e["code"] for e in got["errors"]}
    got = _push(central, token, boxed(wa, other_identity))  # opens, but the hash fails
    assert got["result"] == "rejected"
    assert "content_hash.mismatch" in {e["code"] for e in got["errors"]}
    both = {**boxed(wa, moved), "complainant": wa["complainant"]}
    assert _push(central, token, both)["result"] == "rejected"
    ok = _push(central, token, boxed(wa, identity_box.seal(
        key, a, wa["content_hash"], wa["complainant"])))
    assert ok["result"] == "accepted", ok
    # An older client's clear identity is still accepted.
    assert _push(central, token, wb)["result"] == "accepted"


def test_the_identity_box_binds_report_and_hash():
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    private = X25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw,
                                                        NoEncryption())
    public = identity_box.public_of(private)
    keys = {identity_box.key_id(public): private}
    comp = {"name": "Siti", "nik": NIK, "phone": None, "email": None, "address": None,
            "salt": "ab" * 16}
    member = identity_box.seal(public, "r1", "h1", comp)
    assert len(base64.b64decode(member["sealed"])) == 32 + 12 + 512 + 16  # one padded block
    assert identity_box.open_box(keys, "r1", "h1", member) == comp
    for rid, chash in (("r2", "h1"), ("r1", "h2")):
        with pytest.raises(identity_box.IdentityBoxError):
            identity_box.open_box(keys, rid, chash, member)
    raw = bytearray(base64.b64decode(member["sealed"]))
    raw[-1] ^= 1
    with pytest.raises(identity_box.IdentityBoxError):
        identity_box.open_box(keys, "r1", "h1",
                              {**member, "sealed": base64.b64encode(bytes(raw)).decode()})
