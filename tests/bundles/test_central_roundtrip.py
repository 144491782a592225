"""Village → USB → kecamatan → real lapor-central → acknowledgement → village."""

from __future__ import annotations

import pytest

from lapor_desktop import bundles, intake
from tests.bundles.conftest import add_reports, fp
from tests.support.factories import KECAMATAN
from tests.support.sealed import plain_bytes

pytest.importorskip("lapor_desktop.sync.service")


def test_village_to_central_and_back(paired, central, tmp_path):
    from lapor_desktop.sync.service import enroll_device, make_engine

    village, kecamatan = paired
    ids = add_reports(village, tmp_path, 3, attachments=2)
    usb = tmp_path / "usb"
    bundles.export_bundle(village.ws, village.actor, usb / "desa.lapor")
    assert bundles.import_bundle(kecamatan.ws, kecamatan.actor,
                                 usb / "desa.lapor", trust=fp(village)).imported == 3

    # The kecamatan pushes the villages' reports as its own outbox, as usual.
    enroll_device(kecamatan.ws, kecamatan.actor, central.url, central.enroll_code(KECAMATAN))
    summary = make_engine(kecamatan.ws, kecamatan.actor).run_once()
    assert summary.outcome == "ok", summary.message
    assert summary.sent == 3

    on_central = {r["id"]: r for r in central.export()}
    assert set(on_central) == set(ids)
    for rid in ids:
        mine = intake.get_report(village.ws, village.actor, rid)
        got = on_central[rid]
        # Central holds the village's report: same hash, origin and attachments.
        assert got["content_hash"] == mine.content_hash
        assert {a["id"] for a in got["attachments"]} == {a.id for a in mine.attachments}
        for a in got["attachments"]:
            stored = central.storage / "attachments" / rid / a["id"]
            local = next(x for x in mine.attachments if x.id == a["id"])
            assert stored.read_bytes() == plain_bytes(village.ws, village.actor, local.id,
                                                      local.path)

    # Central moves one report on; the kecamatan pulls it and acknowledges to the village.
    first = intake.get_report(kecamatan.ws, kecamatan.actor, ids[0])
    central.advance(first.tracking_id, "terverifikasi", note="Sudah dicek")
    make_engine(kecamatan.ws, kecamatan.actor).run_once()
    ack = usb / "tanda-terima.json"
    res = bundles.write_ack(kecamatan.ws, kecamatan.actor, ack, village.ws.region_code)
    assert (res.reports, res.with_tracking) == (3, 3)

    got = bundles.import_ack(village.ws, village.actor, ack)
    assert (got.acknowledged, got.delivered) == (3, 3)
    for rid in ids:
        here = intake.get_report(village.ws, village.actor, rid)
        there = intake.get_report(kecamatan.ws, kecamatan.actor, rid)
        assert here.local_state == "terkirim"
        assert here.tracking_id == there.tracking_id == on_central[rid]["tracking_id"]
        assert here.remote_status == there.remote_status
        assert any(e.source == "bundle" for e in here.timeline)
    assert intake.get_report(village.ws, village.actor, ids[0]).remote_status == "terverifikasi"
    with pytest.raises(bundles.NothingToExport):
        bundles.export_bundle(village.ws, village.actor, usb / "lagi.lapor")
