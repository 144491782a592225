"""The role key across a bundle: the kecamatan's acknowledgement erases the village's work
copy; a report whose identity is then sealed travels to central as a sealed box."""

from __future__ import annotations

from sqlalchemy import select

from lapor_desktop import bundles, intake, report_view
from lapor_desktop.store.models import Report
from tests.bundles.conftest import add_reports, fp
from tests.support.factories import REGION

OP_PW = "kopi-hujan-jembatan-7"


def test_an_acknowledged_report_is_sealed_at_the_village_and_sent_only_whole(
        paired, central, tmp_path):
    from lapor_desktop.sync.service import enroll_device, make_engine

    village, kecamatan = paired
    village.ws.add_operator(village.actor, "ops", "Petugas", "operator", OP_PW)
    ids = add_reports(village, tmp_path, 2)
    bundle = tmp_path / "b.lapor"
    bundles.export_bundle(village.ws, village.actor, bundle)
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, bundle, trust=fp(village))
    with kecamatan.ws.db.read() as s:  # sealed to the kecamatan's own role key on import
        assert all(r.sealed_identity for r in s.scalars(select(Report)))
    shown = intake.get_report(kecamatan.ws, kecamatan.actor, ids[0], reveal=True,
                              reason="verifikasi")
    assert shown.identity.name == "Warga Nomor 0"

    ack = tmp_path / "ack.json"
    bundles.write_ack(kecamatan.ws, kecamatan.actor, ack, village.ws.region_code)
    bundles.import_ack(village.ws, village.actor, ack)
    op = village.ws.login("ops", OP_PW)
    for rid in ids:
        assert intake.get_report(village.ws, op, rid).identity == report_view.Identity()

    # The kecamatan has not reached central yet. Enrolling (a holder's session) learns
    # central's key and seals the identity to it from the role key's copy; the operator's
    # sync then sends the box without reading the identity, and central takes it.
    enroll_device(village.ws, village.actor, central.url, central.enroll_code(REGION))
    assert make_engine(village.ws, op).run_once().sent == 2
    assert sorted(r["id"] for r in central.export()) == sorted(ids)
    for rid in ids:
        assert intake.get_report(village.ws, op, rid).identity == report_view.Identity()
