"""The report list pages from the store, searches (FTS) and filters, and marks news."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from lapor_desktop import intake
from lapor_desktop.store.models import Report
from lapor_desktop.ui.main_window import PAGE_DETAIL, PAGE_LIST
from lapor_desktop.ui.report_model import COL_REMOTE, COL_STATE, BadgeRole, ReportTableModel
from tests.support.factories import report_data


def _reports(workspace, actor):
    items = [report_data(title=f"Jalan rusak nomor {n}") for n in range(7)]
    items.append(report_data(kind="aspirasi", title="Usul taman bacaan desa"))
    return intake.create_reports(workspace, actor, items)


def test_model_pages_with_fetch_more(workspace, actor):
    _reports(workspace, actor)
    model = ReportTableModel(workspace, page_size=3)
    model.reload()
    assert model.total == 8 and model.rowCount() == 3
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 6
    model.fetchMore()
    assert model.rowCount() == 8 and not model.canFetchMore()


def test_search_and_filters(qtbot, ui_window, workspace, actor):
    fins = _reports(workspace, actor)
    intake.save_draft(workspace, actor, report_data(title="Draf belum selesai"))
    ui_window.go(PAGE_LIST)
    page = ui_window.list_page
    assert page.model.rowCount() == 9
    qtbot.keyClicks(page.search, "taman")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.rows[0].title == "Usul taman bacaan desa"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 9, timeout=3000)
    page.kind.setCurrentIndex(page.kind.findData("aspirasi"))
    assert page.model.rowCount() == 1
    page.kind.setCurrentIndex(0)
    page.state.setCurrentIndex(page.state.findData("draf"))
    assert [r.title for r in page.model.rows] == ["Draf belum selesai"]
    page.state.setCurrentIndex(page.state.findData("siap_kirim"))
    assert page.model.rowCount() == 8
    # searching a local number finds that report
    page.state.setCurrentIndex(0)
    page.search.setText(fins[2].local_number)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.rows[0].id == fins[2].id
    assert page.model.index(0, COL_STATE).data(BadgeRole)[0] == "↑"
    assert "laporan" in page.count_label.text()


def test_changed_status_is_marked_until_opened(qtbot, ui_window, workspace, actor):
    fin = _reports(workspace, actor)[0]
    with workspace.db.write() as s:
        r = s.query(Report).filter_by(id=fin.id).one()
        r.remote_status = "diteruskan"
        r.remote_status_at = datetime(2026, 1, 5, 3, tzinfo=UTC)
        r.received_at = datetime(2026, 1, 2, 3, tzinfo=UTC)
        r.status_seen = False
    ui_window.go(PAGE_LIST)
    page = ui_window.list_page
    row = next(i for i, r in enumerate(page.model.rows) if r.id == fin.id)
    index = page.model.index(row, COL_REMOTE)
    assert index.data() == "Diteruskan ke instansi"
    assert "Status baru" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert page.model.deadline(page.model.rows[row]).overdue
    page.table.setCurrentIndex(index)
    page._activated(index)
    assert ui_window.stack.currentIndex() == PAGE_DETAIL
    assert intake.get_report(workspace, None, fin.id).status_seen


def test_keyset_pages_follow_query_order(workspace, actor):
    """Pages after a cursor give the same rows, in the same order, as one big query."""
    from lapor_desktop import search

    _reports(workspace, actor)
    intake.save_draft(workspace, actor, report_data(title="Draf jalan"))
    for filters in (search.Filters(), search.Filters(text="jalan"),
                    search.Filters(state="siap_kirim")):
        whole = [r.id for r in search.query(workspace, filters, limit=100)]
        paged, after = [], None
        while True:
            page = search.query_after(workspace, filters, after, limit=2)
            if not page:
                break
            paged += [r.id for r in page]
            after = search.cursor_of(page[-1])
        assert paged == whole and whole


def test_count_is_capped_for_text_with_filters(workspace, actor):
    from lapor_desktop import search

    _reports(workspace, actor)
    text_only = search.Filters(text="jalan")
    with_state = search.Filters(text="jalan", state="siap_kirim")
    n = search.count(workspace, text_only)
    assert n >= 7 and search.count(workspace, with_state) == n
    assert search.count_upto(workspace, text_only, cap=3) == (n, True)  # exact: FTS alone
    assert search.count_upto(workspace, with_state, cap=3) == (3, False)
    assert search.count_upto(workspace, with_state) == (n, True)
    model = ReportTableModel(workspace, page_size=2)
    model.set_filters(with_state)
    assert model.total_exact and model.total == n   # under the cap of 1,000
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == n and model.total == n
