"""Attachments go up smallest first, after the reports' texts, so a poor link delivers as
many complete reports as it can before the next drop."""

from __future__ import annotations

from sqlalchemy import select

from lapor_desktop import intake
from tests.support.factories import REGION, pdf_bytes, report_data, write_file


def test_smallest_attachment_goes_up_first(workspace, actor, central, tmp_path):
    from lapor_central.models import Attachment as CentralAttachment
    from lapor_desktop.sync.service import enroll_device, make_engine

    sizes = {}
    for i, pad in enumerate((400_000, 2_000, 90_000)):  # largest in the oldest report
        rid = intake.save_draft(workspace, actor, report_data(title=f"Laporan urutan {i}"))
        view = intake.add_attachment(workspace, actor, rid, write_file(
            tmp_path / "src", f"lampiran-{i}.pdf", pdf_bytes(f"u{i}", pad=pad)))
        sizes[view.id] = view.size
        intake.finalise(workspace, actor, rid)
    enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
    summary = make_engine(workspace, actor).run_once()
    assert summary.outcome == "ok" and summary.sent == 3, summary.message
    with central.database.read() as s:
        received = dict(s.execute(select(CentralAttachment.id,
                                         CentralAttachment.received_at)).all())
    assert set(received) == set(sizes) and all(received.values())
    smallest = min(sizes, key=sizes.get)
    largest = max(sizes, key=sizes.get)
    # The first upload runs alone (the link is measured on it): the smallest file.
    assert received[smallest] <= min(received.values())
    assert received[smallest] < received[largest]


def test_every_text_goes_before_the_first_file_across_batches(workspace, actor, tmp_path):
    """With batches of two, the third report's text still reaches central before the first
    report's attachment starts: a link that drops mid-upload loses no report text."""
    from lapor_central.models import Attachment as CentralAttachment
    from lapor_central.models import Report as CentralReport
    from lapor_desktop.sync.service import enroll_device, make_engine
    from tests.support.central import start_central

    central = start_central(tmp_path / "central", max_batch_count=2)
    try:
        for i in range(5):
            rid = intake.save_draft(workspace, actor, report_data(title=f"Laporan batch {i}"))
            intake.add_attachment(workspace, actor, rid, write_file(
                tmp_path / "src", f"berkas-{i}.pdf", pdf_bytes(f"b{i}", pad=20_000)))
            intake.finalise(workspace, actor, rid)
        enroll_device(workspace, actor, central.url, central.enroll_code(REGION))
        summary = make_engine(workspace, actor).run_once()
        assert summary.outcome == "ok" and summary.sent == 5, summary.message
        with central.database.read() as s:
            texts = list(s.scalars(select(CentralReport.received_at)))
            files = list(s.scalars(select(CentralAttachment.received_at)))
    finally:
        central.stop()
    assert len(texts) == 5 and len(files) == 5 and all(files)
    assert max(texts) <= min(files)
