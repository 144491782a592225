"""End-to-end through the core services on a real SQLite file."""

from lapor_desktop import intake, search
from tests.support.factories import pdf_bytes, report_data, write_file


def test_draft_attach_finalise_and_find(workspace, actor, tmp_path):
    rid = intake.save_draft(workspace, actor, report_data())
    intake.add_attachment(workspace, actor, rid, write_file(tmp_path, "bukti.pdf", pdf_bytes()))
    done = intake.finalise(workspace, actor, rid)
    region, code, year, counter = done.local_number.split("/")
    assert (region, counter) == (workspace.region_code, "00001") and len(code) == 4
    view = intake.get_report(workspace, actor, rid)
    assert view.local_state == "siap_kirim"
    assert view.agency == "dpupr-sintang"  # routing suggested it
    assert view.identity.name != "Siti Aminah"  # masked by default
    assert [a.file_name for a in view.attachments] == ["bukti.pdf"]
    rows = search.query(workspace, search.Filters(text="berlubang dusun"))
    assert [r.id for r in rows] == [rid]
