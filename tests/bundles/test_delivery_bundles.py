"""Delivery copies across a bundle: a village that knows central's and the kecamatan's keys
exports in an operator's session without reading any identity; the kecamatan relays the
village's box for central unchanged; the kecamatan's bundle key opens only for its holders."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lapor_desktop import bundles, delivery, intake, report_view, rolekeys
from lapor_desktop import kecamatan as kec
from lapor_desktop.store.models import Meta, Report
from lapor_desktop.sync.service import enroll_device, make_engine
from tests.bundles.conftest import add_reports, fp
from tests.support.factories import KECAMATAN, PASSWORD, REGION

OP_PW = "kopi-hujan-jembatan-7"


def test_an_operator_exports_sealed_copies_and_the_kecamatan_relays_them(
        paired, central, tmp_path):
    village, kecamatan = paired
    enroll_device(village.ws, village.actor, central.url, central.enroll_code(REGION))
    enroll_device(kecamatan.ws, kecamatan.actor, central.url, central.enroll_code(KECAMATAN))
    village.ws.add_operator(village.actor, "ops", "Petugas", "operator", OP_PW)
    op = village.ws.login("ops", OP_PW)
    ops_site = type(village)(village.ws, op, village.root)
    ids = add_reports(ops_site, tmp_path, 2)
    with village.ws.db.read() as s:
        rows = list(s.scalars(select(Report).where(Report.id.in_(ids))))
        assert not any(rolekeys.has_work_copy(r) for r in rows)
        village_boxes = {r.id: delivery.central_box(r) for r in rows}
        assert all(village_boxes.values())
    for rid in ids:
        assert intake.get_report(village.ws, op, rid).identity == report_view.Identity()

    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, op, bundle)  # reads no identity
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    with kecamatan.ws.db.read() as s:
        for row in s.scalars(select(Report).where(Report.id.in_(ids))):
            assert delivery.central_box(row) == village_boxes[row.id]  # unchanged
            assert not rolekeys.has_work_copy(row) and row.sealed_identity is not None
    shown = intake.get_report(kecamatan.ws, kecamatan.actor, ids[0], reveal=True,
                              reason="verifikasi")
    assert shown.identity.name == "Warga Nomor 0"
    # The kecamatan delivers the village's boxes; central opens them, the hashes hold.
    summary = make_engine(kecamatan.ws, kecamatan.actor).run_once()
    assert summary.outcome == "ok" and summary.sent == 2, summary.message
    assert sorted(r["id"] for r in central.export()) == sorted(ids)


def test_the_kecamatan_bundle_key_opens_only_for_its_holders(paired, tmp_path):
    village, kecamatan = paired
    add_reports(village, tmp_path, 1)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    with kecamatan.ws.db.read() as s:
        assert s.get(Meta, kec.META_PRIVATE) is None  # never under the data key
        assert s.get(Meta, kec.META_SEALED) is not None
    kecamatan.ws.add_operator(kecamatan.actor, "ops", "Petugas", "operator", OP_PW)
    op = kecamatan.ws.login("ops", OP_PW)
    with pytest.raises(kec.KeyFileError):
        kec.private_key(kecamatan.ws, op)
    with pytest.raises(kec.KeyFileError):
        bundles.import_bundle(kecamatan.ws, op, bundle, trust=fp(village))
    assert bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle,
                                 trust=fp(village)).imported == 1


def test_an_older_kecamatan_store_moves_its_key_under_the_role_key_at_login(kecamatan):
    ws, actor = kecamatan.ws, kecamatan.actor
    private = kec.private_key(ws, actor)
    with ws.db.write() as s:  # as written before revision 0009: under the data key
        s.delete(s.get(Meta, kec.META_SEALED))
        from lapor_desktop.security import b64e

        s.add(Meta(key=kec.META_PRIVATE, value=b64e(actor.cipher.encrypt_bytes(
            private, context=kec.PRIVATE_CONTEXT))))
    again = ws.login("camat", PASSWORD)
    assert kec.private_key(ws, again) == private
    with ws.db.read() as s:
        assert s.get(Meta, kec.META_PRIVATE) is None
