"""Intake: drafts, finalising (hash, numbering, outbox), freezing and corrections."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lapor_desktop import audit, intake
from lapor_desktop.store.models import Counter, Outbox, Report
from lapor_desktop.workspace import Workspace
from lapor_protocol import wire
from tests.support.factories import NIK, PASSWORD, PHONE, png_bytes, report_data, write_file


def _row(ws, rid) -> Report:
    with ws.db.read() as s:
        r = s.scalar(select(Report).where(Report.id == rid))
        r.attachments  # load while the session is open
        return r


def _seq(local_number: str) -> int:
    return int(local_number.rsplit("/", 1)[1])


def test_draft_round_trip_keeps_content_and_identity(workspace, actor):
    data = report_data()
    rid = intake.save_draft(workspace, actor, data)
    back = intake.draft_data(workspace, actor, rid)
    expected = {k: v for k, v in data.items() if k != "attachments"}
    assert back == expected
    changed = report_data(title="Judul baru yang lebih jelas", complainant={"phone": None})
    assert intake.save_draft(workspace, actor, changed, report_id=rid) == rid
    back = intake.draft_data(workspace, actor, rid)
    assert back["title"] == "Judul baru yang lebih jelas"
    assert back["complainant"]["phone"] is None
    assert [d[0] for d in intake.list_drafts(workspace)] == [rid]
    assert _row(workspace, rid).local_number is None


def test_incomplete_draft_is_saved_but_not_finalised(workspace, actor):
    rid = intake.save_draft(workspace, actor, {"title": "baru mulai"})
    with pytest.raises(intake.ValidationFailed) as exc:
        intake.finalise(workspace, actor, rid)
    fields = {i.field for i in exc.value.result.errors}
    assert {"body", "incident_date", "region_code", "category", "complainant.name",
            "complainant.phone"} <= fields
    assert _row(workspace, rid).local_state == "draf"


def test_finalise_freezes_numbers_hashes_and_queues(workspace, actor):
    rid = intake.save_draft(workspace, actor, report_data())
    done = intake.finalise(workspace, actor, rid)
    code, year = done.local_number.split("/")[1:3]
    assert re.fullmatch(r"61\.05\.01\.2008/[0-9A-HJKMNP-TV-Z]{4}/\d{4}/\d{5}", done.local_number)
    assert done.local_number == f"61.05.01.2008/{code}/{year}/00001"
    row = _row(workspace, rid)
    assert row.local_state == "siap_kirim" and row.finalised_at is not None
    assert row.content_hash == done.content_hash
    wire_doc = intake.to_wire(row, actor.cipher)
    assert wire.content_hash(wire_doc) == done.content_hash == wire_doc["content_hash"]
    # The phone is normalised to e164 in the frozen content.
    assert wire_doc["complainant"]["phone"] == "+6281234567890"
    assert wire_doc["complainant"]["nik"] == NIK
    assert wire_doc["agency"] == "dpupr-sintang"
    with workspace.db.read() as s:
        box = s.get(Outbox, rid)
        assert box is not None and box.state == "pending" and box.attempts == 0
        assert s.scalar(select(func.count()).select_from(Outbox)) == 1


def test_content_hash_is_stable_across_reopen_and_other_operators(workspace, actor, data_dir):
    rid = intake.save_draft(workspace, actor, report_data())
    done = intake.finalise(workspace, actor, rid)
    workspace.add_operator(actor, "kades", "Kepala Desa", "kepala_desa", "durian-kades-99")
    workspace.close()
    ws2 = Workspace.open(data_dir)
    try:
        other = ws2.login("kades", "durian-kades-99")
        row = _row(ws2, rid)
        assert wire.content_hash(intake.to_wire(row, other.cipher)) == done.content_hash
        assert wire.content_hash(intake.to_wire(row, other.cipher)) == done.content_hash
    finally:
        ws2.close()


def test_hash_depends_on_content(workspace, actor):
    a = intake.create_reports(workspace, actor, [report_data()])[0]
    row = _row(workspace, a.id)
    doc = intake.to_wire(row, actor.cipher)
    doc["body"] += "!"
    assert wire.content_hash(doc) != a.content_hash
    assert wire.canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()


def test_local_numbers_gapless_even_when_finalise_fails(workspace, actor):
    numbers = []
    for i in range(3):
        rid = intake.save_draft(workspace, actor, report_data(title=f"Laporan {i}"))
        numbers.append(intake.finalise(workspace, actor, rid).local_number)
        bad = intake.save_draft(workspace, actor, report_data(body="pendek"))
        with pytest.raises(intake.ValidationFailed):
            intake.finalise(workspace, actor, bad)
    # A batch whose third item is bad writes nothing and uses no number.
    with pytest.raises(intake.BatchValidationFailed) as exc:
        intake.create_reports(workspace, actor, [report_data(), report_data(),
                                                 report_data(category="xx")])
    assert [i for i, _ in exc.value.errors] == [2]
    numbers += [f.local_number for f in intake.create_reports(
        workspace, actor, [report_data(), report_data()])]
    assert [_seq(n) for n in numbers] == [1, 2, 3, 4, 5]
    assert len(set(numbers)) == 5
    with workspace.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == 5
        assert s.scalar(select(func.count()).select_from(Report)
                        .where(Report.local_state == "siap_kirim")) == 5
        assert [c.value for c in s.scalars(select(Counter))] == [5]


def test_finalised_report_is_never_edited_in_place(workspace, actor, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    done = intake.finalise(workspace, actor, rid)
    with pytest.raises(intake.ReportFrozen):
        intake.save_draft(workspace, actor, report_data(title="diubah"), report_id=rid)
    with pytest.raises(intake.ReportFrozen):
        intake.finalise(workspace, actor, rid)
    with pytest.raises(intake.ReportFrozen):
        intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "a.png", png_bytes()))
    with pytest.raises(intake.ReportFrozen):
        intake.delete_draft(workspace, actor, rid)
    row = _row(workspace, rid)
    assert row.title == report_data()["title"]
    assert row.content_hash == done.content_hash
    assert list((workspace.paths.attachments).rglob("*")) == []


def test_correction_is_a_new_report_naming_the_old_one(workspace, actor, tmp_path):
    src = write_file(tmp_path, "foto.png", png_bytes(seed=3))
    rid = intake.save_draft(workspace, actor, report_data())
    att = intake.add_attachment(workspace, actor, rid, src)
    old = intake.finalise(workspace, actor, rid)
    new_id = intake.start_correction(workspace, actor, rid)
    assert new_id != rid
    draft = intake.draft_data(workspace, actor, new_id)
    assert draft["title"] == report_data()["title"]
    # The carried identity is not handed to the form, but it is kept for finalising.
    assert draft["identity_carried"] and draft["complainant"]["nik"] is None
    carried = intake.with_carried_identity(workspace, actor, new_id, draft)
    assert carried["complainant"]["nik"] == NIK
    intake.save_draft(workspace, actor, {**draft, "title": "Judul yang dikoreksi"},
                      report_id=new_id)
    new = intake.finalise(workspace, actor, new_id)
    assert _seq(new.local_number) == _seq(old.local_number) + 1
    old_view = intake.get_report(workspace, actor, rid)
    new_view = intake.get_report(workspace, actor, new_id)
    assert old_view.superseded_by == new_id and old_view.title == report_data()["title"]
    assert old_view.content_hash == old.content_hash
    assert new_view.supersedes == rid and new_view.title == "Judul yang dikoreksi"
    assert [a.sha256 for a in new_view.attachments] == [att.sha256]
    assert [a.file_name for a in new_view.attachments] == ["foto.png"]
    assert intake.get_report(workspace, actor, new_id, reveal=True,
                             reason="verifikasi").identity.nik == NIK
    assert intake.to_wire(_row(workspace, new_id), actor.cipher)["supersedes"] == rid
    with pytest.raises(intake.WorkspaceError):
        intake.start_correction(workspace, actor, rid)  # already corrected
    draft_id = intake.save_draft(workspace, actor, report_data())
    with pytest.raises(intake.WorkspaceError):
        intake.start_correction(workspace, actor, draft_id)


def test_routing_suggests_agency_unless_given(workspace, actor):
    a, b, c = intake.create_reports(workspace, actor, [
        report_data(), report_data(agency="dinkes-sintang"),
        report_data(category="pelayanan_publik")])
    assert intake.get_report(workspace, actor, a.id).agency == "dpupr-sintang"
    assert intake.get_report(workspace, actor, b.id).agency == "dinkes-sintang"
    assert intake.get_report(workspace, actor, c.id).agency == "kec-sintang"


def test_identity_masked_by_default_and_audited_on_reveal(workspace, actor):
    rid = intake.create_reports(workspace, actor, [report_data()])[0].id
    masked = intake.get_report(workspace, actor, rid)
    assert masked.identity.nik != NIK and masked.identity.nik.endswith(NIK[-4:])
    assert masked.identity.phone != "+6281234567890"
    assert not masked.identity_revealed
    shown = intake.get_report(workspace, actor, rid, reveal=True, reason="verifikasi")
    assert shown.identity.nik == NIK and shown.identity.name == "Siti Aminah"
    with workspace.db.read() as s:
        actions = [e.action for e in s.scalars(select(audit.AuditEvent)
                                              .order_by(audit.AuditEvent.id))]
    assert actions[-1] == "reveal_identity"
    assert actions.count("finalise") == 1 and "create" in actions
    assert PHONE  # the factory's phone is a local form; stored form is e164


def test_delete_draft_removes_row_and_files(workspace, actor, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    att = intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "a.png",
                                                                  png_bytes()))
    assert att.path.exists()
    intake.delete_draft(workspace, actor, rid)
    assert not att.path.exists()
    with pytest.raises(intake.ReportNotFound):
        intake.get_report(workspace, actor, rid)


def test_second_workspace_open_sees_committed_reports(workspace, actor, data_dir):
    done = intake.create_reports(workspace, actor, [report_data()])[0]
    with Workspace.open(data_dir) as other:
        me = other.login("admin", PASSWORD)
        assert intake.get_report(other, me, done.id).local_number == done.local_number
