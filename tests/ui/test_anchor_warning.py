"""The kecamatan's batch view warns about a village whose audit chain was cut."""

from __future__ import annotations

from lapor_desktop import bundles
from lapor_desktop import kecamatan as kec
from tests.bundles.conftest import add_reports, fp

# The two installations of the bundle tests (pytest fixtures, re-exported here).
from tests.bundles.conftest import kecamatan as kecamatan
from tests.bundles.conftest import paired as paired
from tests.bundles.conftest import village as village
from tests.bundles.test_audit_anchor import _cut_after, _export, _manifest


def test_the_batch_view_warns_about_a_cut_chain(qtbot, paired, tmp_path):
    from lapor_desktop.ui.silent_villages import SilentVillagesBox

    village, kecamatan = paired
    add_reports(village, tmp_path, 1, attachments=0)
    b1 = _export(village, tmp_path, "b1")
    bundles.import_bundle(kecamatan.ws, kecamatan.actor, b1, trust=fp(village))
    box = SilentVillagesBox(kecamatan.ws)
    qtbot.addWidget(box)
    box.refresh()
    assert box.anchor_warning.isHidden()

    _cut_after(village, _manifest(b1)["audit_anchor"]["count"] - 1)
    b2 = _export(village, tmp_path, "b2")
    assert bundles.import_bundle(kecamatan.ws, kecamatan.actor, b2).audit_anchor == "truncated"
    box.refresh()
    assert not box.anchor_warning.isHidden()
    text = box.anchor_warning.text()
    assert "PERINGATAN jejak audit desa" in text
    assert kec.village_name(village.ws.region_code) in text and "lebih pendek" in text


def test_the_audit_page_checks_the_chain_against_the_sent_anchors(qtbot, paired, tmp_path):
    from lapor_desktop.ui.audit_page import AuditPage

    village, _kecamatan = paired
    add_reports(village, tmp_path, 1, attachments=0)
    b1 = _export(village, tmp_path, "b1")
    page = AuditPage(village.ws, village.actor)
    qtbot.addWidget(page)
    assert page.verify_label.text() == "Rantai audit utuh"
    _cut_after(village, _manifest(b1)["audit_anchor"]["count"] - 1)
    page.refresh()
    assert "Jejak audit RUSAK" in page.verify_label.text()
    assert "jangkar yang sudah dikirim" in page.verify_label.text()
