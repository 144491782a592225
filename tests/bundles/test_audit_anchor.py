"""The village's audit chain anchored at the kecamatan by every bundle (in the signed
manifest): a cut chain is flagged on import and in ``kecamatan summary``; a growing chain,
an older bundle arriving late and a bundle of an older desktop are not."""

from __future__ import annotations

import json
import sqlite3
import zipfile

from lapor_desktop import anchors, audit, bundles, intake
from lapor_desktop.cli import main
from lapor_desktop.store.models import AuditAnchor
from lapor_protocol.anchors import FIRST, OK, OLD, TRUNCATED
from tests.bundles.conftest import add_reports, fp
from tests.bundles.test_tamper import refused, remanifest
from tests.support.factories import PASSWORD


def _export(village, tmp_path, name: str):
    path = tmp_path / "usb" / f"{name}.lapor"
    bundles.export_bundle(village.ws, village.actor, path)
    return path


def _import(kecamatan, village, path) -> str | None:
    return bundles.import_bundle(kecamatan.ws, kecamatan.actor, path,
                                 trust=fp(village)).audit_anchor


def _manifest(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def _problems(kecamatan):
    with kecamatan.ws.db.read() as s:
        return anchors.problems(s)


def _count(site) -> int:
    with site.ws.db.read() as s:
        return audit.count(s)


def _cut_after(site, keep: int) -> None:
    con = sqlite3.connect(site.ws.paths.database)
    try:
        con.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        con.execute("DELETE FROM audit_event WHERE id NOT IN "
                    "(SELECT id FROM audit_event ORDER BY id LIMIT ?)", (keep,))
        con.commit()
    finally:
        con.close()


def test_bundles_carry_the_head_and_a_growing_chain_is_never_flagged(paired, tmp_path):
    village, kecamatan = paired
    add_reports(village, tmp_path, 1, attachments=0)
    b1 = _export(village, tmp_path, "b1")
    head = _manifest(b1)["audit_anchor"]
    with village.ws.db.read() as s:
        assert head["count"] >= 1 and head["head"] == audit.hash_at(s, head["count"])
    assert _import(kecamatan, village, b1) == FIRST
    add_reports(village, tmp_path, 1, attachments=0, start=1)
    b2 = _export(village, tmp_path, "b2")
    assert _import(kecamatan, village, b2) == OK
    # Two sticks, the newer one arrives first: the older is recognised, not a cut.
    add_reports(village, tmp_path, 1, attachments=0, start=2)
    b3 = _export(village, tmp_path, "b3")
    add_reports(village, tmp_path, 1, attachments=0, start=3)
    b4 = _export(village, tmp_path, "b4")
    assert _import(kecamatan, village, b4) == OK
    assert _import(kecamatan, village, b3) == OLD
    assert _import(kecamatan, village, b4) == OK  # a re-import changes nothing
    assert _problems(kecamatan) == []
    with kecamatan.ws.db.read() as s:
        kept = s.get(AuditAnchor, village.ws.device_id)
        assert kept.count == _manifest(b4)["audit_anchor"]["count"]
        assert kept.region_code == village.ws.region_code


def test_truncation_after_a_bundle_is_flagged_by_the_kecamatan(paired, tmp_path, monkeypatch,
                                                               capsys):
    village, kecamatan = paired
    ids = add_reports(village, tmp_path, 2, attachments=0)
    assert _import(kecamatan, village, _export(village, tmp_path, "b1")) == FIRST
    intake.get_report(village.ws, village.actor, ids[0], reveal=True, reason="verifikasi")
    b2 = _export(village, tmp_path, "b2")
    anchored = _manifest(b2)["audit_anchor"]["count"]
    assert _import(kecamatan, village, b2) == OK

    _cut_after(village, anchored - 1)  # the reveal and everything after it
    b3 = _export(village, tmp_path, "b3")
    assert _manifest(b3)["audit_anchor"]["count"] < anchored
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    code = main(["--data-dir", str(kecamatan.root), "bundle", "import", str(b3),
                 "--operator", "camat"])
    out = capsys.readouterr()
    assert code == 0  # the reports are never held back by it
    assert "PERINGATAN" in out.err and "lebih pendek" in out.err
    [problem] = _problems(kecamatan)
    assert problem.device_id == village.ws.device_id and problem.problem == TRUNCATED

    code = main(["--data-dir", str(kecamatan.root), "kecamatan", "summary"])
    out = capsys.readouterr().out
    assert code == 0 and "PERINGATAN jejak audit desa" in out
    assert village.ws.region_code in out and "lebih pendek" in out
    code = main(["--data-dir", str(kecamatan.root), "kecamatan", "summary", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert [p["problem"] for p in doc["audit_anchor_problems"]] == [TRUNCATED]


def test_a_bundle_from_an_older_desktop_without_an_anchor_still_imports(paired, tmp_path):
    village, kecamatan = paired
    add_reports(village, tmp_path, 2, attachments=1)
    old = remanifest(village, _export(village, tmp_path, "b1"), tmp_path / "old.lapor",
                     lambda m: m.pop("audit_anchor"))
    res = bundles.import_bundle(kecamatan.ws, kecamatan.actor, old, trust=fp(village))
    assert res.imported == 2 and res.audit_anchor is None
    with kecamatan.ws.db.read() as s:
        assert s.get(AuditAnchor, village.ws.device_id) is None


def test_a_malformed_anchor_in_a_signed_manifest_is_refused(paired, tmp_path):
    village, kecamatan = paired
    add_reports(village, tmp_path, 1, attachments=0)
    bad = remanifest(village, _export(village, tmp_path, "b1"), tmp_path / "bad.lapor",
                     lambda m: m["audit_anchor"].update(count=-1))
    refused(kecamatan, bad, "Jangkar audit tidak sah")
