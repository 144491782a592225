"""The role key across a bundle: the kecamatan's acknowledgement erases the village's work
copy, and a report whose identity is then sealed is never sent without it."""

from __future__ import annotations

from sqlalchemy import select

from lapor_desktop import bundles, intake, report_view
from lapor_desktop.store.models import Report
from tests.bundles.conftest import add_reports, fp
from tests.support.factories import PASSWORD, REGION

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

    # The kecamatan has not reached central yet. The operator's sync cannot form the wire
    # (the identity is sealed) and sends nothing rather than a report without it.
    enroll_device(village.ws, village.actor, central.url, central.enroll_code(REGION))
    assert make_engine(village.ws, op).run_once().sent == 0
    assert central.export() == []
    with village.ws.db.read() as s:
        assert {r.local_state for r in s.scalars(select(Report))} == {"siap_kirim"}
    # A holder's session opens the sealed identity: the hash matches and central takes it.
    admin = village.ws.login("operator", PASSWORD)
    assert make_engine(village.ws, admin).run_once().sent == 2
    assert sorted(r["id"] for r in central.export()) == sorted(ids)
