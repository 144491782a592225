"""Hypothesis junk through validation, drafts and batches: rejected or stored faithfully."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapor_desktop import intake
from lapor_protocol.domain import normalise_report, validate_report
from tests.support.factories import report_data

SQL = ["'; DROP TABLE report; --", "\" OR 1=1 --", "Robert'); DELETE FROM outbox;--",
       "report_fts MATCH '*'", "%_%", "NULL", "0x00"]
nasty_chars = st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x07", "\x1b", "\u202e", "\ufeff", "\ud800", "\udfff", "😀", "\n", "\r",
     "\t", "\u0301"])
junk_text = st.one_of(
    st.text(nasty_chars, max_size=40),
    st.sampled_from(SQL + ["👩🏽‍🌾 petani", "baris\r\nbaru"]),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "😀", " "]),
              st.integers(100, 30_000)),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    junk_text)
junk = st.recursive(scalars, lambda kids: st.lists(kids, max_size=3)
                    | st.dictionaries(st.text(max_size=5), kids, max_size=3), max_leaves=6)

REPORT_KEYS = ["kind", "title", "body", "incident_date", "region_code", "location_detail",
               "category", "agency", "privacy", "channel", "complainant", "attachments"]
COMP_KEYS = ["name", "nik", "phone", "email", "address"]


@st.composite
def junk_reports(draw):
    data = report_data()
    for key in draw(st.lists(st.sampled_from(REPORT_KEYS), max_size=4, unique=True)):
        data[key] = draw(junk)
    if isinstance(data.get("complainant"), dict):
        for key in draw(st.lists(st.sampled_from(COMP_KEYS), max_size=3, unique=True)):
            data["complainant"][key] = draw(junk)
    if draw(st.booleans()):
        # Plausible but odd text that a person could really type: must be kept as typed.
        data["title"] = draw(st.text(st.characters(codec="utf-8", exclude_categories=(
            "Cc", "Cs")), min_size=1, max_size=150).filter(str.strip))
        data["body"] = "Isi: " + draw(st.sampled_from(SQL + ["😀" * 30, "é" * 40])) * 3
    return data


CATS = {"infrastruktur", "kesehatan", "listrik"}


@settings(max_examples=100, deadline=None)
@given(junk | junk_reports())
def test_validate_never_raises(data):
    result = validate_report(data, category_exists=CATS.__contains__,
                             agency_exists=lambda a: False, today=date(2026, 11, 28))
    for issue in result.errors:
        assert isinstance(issue.field, str) and issue.message


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(junk_reports())
def test_batch_rejects_or_stores_faithfully(workspace, actor, data):
    try:
        done = intake.create_reports(workspace, actor, [data])
    except intake.BatchValidationFailed as exc:
        assert exc.errors and all(r.errors for _, r in exc.errors)
        return
    stored = intake.draft_data(workspace, actor, done[0].id)
    expected = normalise_report(data)
    if expected["agency"] is None:
        expected["agency"] = stored["agency"]
    assert stored == expected


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(junk_reports())
def test_draft_rejects_or_stores_faithfully(workspace, actor, data):
    try:
        rid = intake.save_draft(workspace, actor, data)
    except intake.ValidationFailed as exc:
        assert exc.result.errors
        return
    back = intake.draft_data(workspace, actor, rid)
    for key in ("title", "body"):
        if isinstance(data.get(key), str) and data[key].strip():
            assert back[key] == data[key]
    comp = data.get("complainant")
    if isinstance(comp, dict):
        for key in COMP_KEYS:
            value = comp.get(key)
            if isinstance(value, str) and value.strip():
                assert back["complainant"][key] == value


def test_unencodable_text_in_a_draft_is_a_field_error(workspace, actor):
    for bad, fld in ((dict(title="a\ud800b"), "title"),
                     (dict(complainant={"name": "\udfff"}), "complainant.name"),
                     (dict(body="x" * 30 + "\ud83d"), "body")):
        try:
            intake.save_draft(workspace, actor, report_data(**bad))
        except intake.ValidationFailed as exc:
            assert [(i.field, i.code) for i in exc.result.errors] == [(fld, "text.control")]
        else:
            raise AssertionError(f"accepted {bad!r}")
    try:
        intake.save_draft(workspace, actor, ["bukan", "objek"])  # type: ignore[arg-type]
    except intake.ValidationFailed as exc:
        assert exc.result.errors[0].code == "type"
    else:
        raise AssertionError("accepted a list")
    assert intake.list_drafts(workspace) == []


def test_draft_keeps_long_titles_and_nul_bytes_as_typed(workspace, actor):
    title = "Judul yang sangat panjang " * 20
    body = "isi dengan karakter NUL \x00 di tengah dan emoji 👩🏽‍🌾"
    rid = intake.save_draft(workspace, actor, report_data(title=title, body=body))
    back = intake.draft_data(workspace, actor, rid)
    assert back["title"] == title and back["body"] == body
    # And it cannot be finalised until fixed (title too long, control character).
    try:
        intake.finalise(workspace, actor, rid)
    except intake.ValidationFailed as exc:
        assert {i.field for i in exc.result.errors} == {"title", "body"}
    else:
        raise AssertionError("finalised an invalid draft")
