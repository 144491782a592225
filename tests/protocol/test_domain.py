"""Domain rules: validation of every field (messages in Bahasa Indonesia) and transitions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lapor_protocol import domain
from lapor_protocol.domain import (
    LOCAL_TRANSITIONS,
    REMOTE_TRANSITIONS,
    LocalState,
    RemoteStatus,
    TransitionError,
    can_transition_local,
    can_transition_remote,
    check_local_transition,
    check_remote_transition,
    validate_report,
)
from tests.support.factories import NIK, report_data

CATEGORIES = {"infrastruktur", "kesehatan"}
AGENCIES = {"dpupr-sintang"}
TODAY = date(2026, 11, 28)


def check(data, **kw):
    return validate_report(data, category_exists=CATEGORIES.__contains__,
                           agency_exists=AGENCIES.__contains__, today=TODAY, **kw)


def errors(data, **kw) -> dict[str, list[str]]:
    return {i.field: i.code for i in check(data, **kw).errors}


def test_valid_report_passes_with_no_warnings():
    result = check(report_data())
    assert result.ok, result.errors
    assert result.warnings == []


@pytest.mark.parametrize("title,code", [
    (None, "required"), ("", "required"), ("   ", "required"),
    ("x" * 151, "title.too_long"), ("baris satu\nbaris dua", "title.newline"),
    (123, "type"),
])
def test_title_rules(title, code):
    assert errors(report_data(title=title)) == {"title": code}


def test_title_of_exactly_150_chars_is_accepted():
    assert check(report_data(title="a" * 150)).ok


def test_body_minimum_is_counted_without_surrounding_spaces():
    assert errors(report_data(body="x" * 19)) == {"body": "body.too_short"}
    assert errors(report_data(body="   " + "x" * 19 + "   ")) == {"body": "body.too_short"}
    assert check(report_data(body="x" * 20)).ok
    assert errors(report_data(body="")) == {"body": "required"}
    assert errors(report_data(body="x" * 20_001)) == {"body": "body.too_long"}


def test_body_may_span_lines_but_not_hold_control_characters():
    assert check(report_data(body="baris pertama cukup panjang\nbaris kedua\tdengan tab")).ok
    assert errors(report_data(body="isi laporan yang cukup panjang \x07")) == {
        "body": "text.control"}


def test_incident_date_rules():
    assert errors(report_data(incident_date=None)) == {"incident_date": "required"}
    assert errors(report_data(incident_date="20/10/2026")) == {"incident_date": "date.invalid"}
    assert errors(report_data(incident_date="20261020")) == {"incident_date": "date.invalid"}
    assert errors(report_data(incident_date="2026-02-30")) == {"incident_date": "date.invalid"}
    assert errors(report_data(incident_date=20261020)) == {"incident_date": "date.invalid"}
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert errors(report_data(incident_date=tomorrow)) == {"incident_date": "date.future"}
    assert check(report_data(incident_date=TODAY.isoformat())).ok


def test_incident_date_defaults_to_the_real_today():
    future = (date.today() + timedelta(days=2)).isoformat()
    result = validate_report(report_data(incident_date=future),
                             category_exists=CATEGORIES.__contains__)
    assert {i.field: i.code for i in result.errors} == {"incident_date": "date.future"}


@pytest.mark.parametrize("region", [
    "61.05.01",            # a kecamatan, not a village
    "61.05",               # a kabupaten
    "61.05.01.9999",       # well formed, not in the Kemendagri list
    "6105012008",          # no dots
    "61.05.01.2008 ",      # trailing space
    ["61.05.01.2008"],     # wrong type
])
def test_region_must_be_an_existing_village(region):
    assert errors(report_data(region_code=region)) == {"region_code": "region.invalid"}


def test_region_other_existing_village_passes_and_missing_is_required():
    assert check(report_data(region_code="61.05.01.1001")).ok  # Kelurahan Ladang
    assert errors(report_data(region_code="")) == {"region_code": "required"}
    assert domain.region_exists("61.05.01.2008")
    assert not domain.region_exists("61.05.01")


def test_category_and_agency_must_be_in_the_catalogue():
    assert errors(report_data(category="tidak-ada")) == {"category": "category.unknown"}
    assert errors(report_data(category=None)) == {"category": "required"}
    assert errors(report_data(category={"a": 1})) == {"category": "category.unknown"}
    assert errors(report_data(agency="instansi-palsu")) == {"agency": "agency.unknown"}
    assert check(report_data(agency="dpupr-sintang")).ok


def test_name_and_phone_are_required():
    data = report_data()
    data["complainant"] = {}
    assert errors(data) == {"complainant.name": "required", "complainant.phone": "required"}
    data["complainant"] = None
    assert errors(data) == {"complainant.name": "required", "complainant.phone": "required"}
    assert errors(report_data(complainant={"name": "  "})) == {"complainant.name": "required"}


@pytest.mark.parametrize("phone", ["0812", "12345", "telepon saya", "+1 202 555 0100",
                                   "0812345678901234567890123"])
def test_phone_must_parse_as_indonesian(phone):
    assert errors(report_data(complainant={"phone": phone})) == {
        "complainant.phone": "phone.invalid"}


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "6281234567890",
                                   "0812-3456-7890"])
def test_phone_forms_accepted_and_normalised_to_e164(phone):
    data = report_data(complainant={"phone": phone})
    assert check(data).ok
    assert domain.normalise_report(data)["complainant"]["phone"] == "+6281234567890"


def test_nik_optional():
    assert check(report_data(complainant={"nik": None})).ok
    assert check(report_data(complainant={"nik": ""})).ok


@pytest.mark.parametrize("nik,code", [
    ("610501500590000", "nik.format"),      # 15 digits
    ("61050150059000012", "nik.format"),    # 17 digits
    ("61050150059O0001", "nik.format"),     # letter O
    (6105015005900001, "nik.format"),       # a number, not text
    ("6105017205900001", "nik.birth_date"),  # day 72 = woman born on the 32nd
    ("6105010005900001", "nik.birth_date"),  # day 00
    ("6105013002900001", "nik.birth_date"),  # 30 February
    ("6105011013900001", "nik.birth_date"),  # month 13
])
def test_nik_errors(nik, code):
    assert errors(report_data(complainant={"nik": nik})) == {"complainant.nik": code}


def test_nik_women_day_plus_40_and_men_plain_day_are_valid():
    assert NIK[6:8] == "50"
    assert check(report_data(complainant={"nik": NIK})).ok            # woman, 10 May 1990
    assert check(report_data(complainant={"nik": "6105011005900001"})).ok  # man, same day
    assert check(report_data(complainant={"nik": "6105017105900001"})).ok  # woman, 31st


@pytest.mark.parametrize("nik", ["9905015005900001", "6199015005900001"])
def test_unknown_nik_region_prefix_is_a_warning_not_an_error(nik):
    result = check(report_data(complainant={"nik": nik}))
    assert result.ok
    assert [(w.field, w.code) for w in result.warnings] == [
        ("complainant.nik", "nik.region_unknown")]
    assert "tetap boleh disimpan" in result.warnings[0].message


@pytest.mark.parametrize("email", ["siti", "siti@", "@example.org", "siti@example",
                                   "si ti@example.org"])
def test_email_rules(email):
    assert errors(report_data(complainant={"email": email})) == {
        "complainant.email": "email.invalid"}


def test_email_optional_and_valid():
    assert check(report_data(complainant={"email": None})).ok
    assert check(report_data(complainant={"email": "warga.desa@mail.example.id"})).ok


@pytest.mark.parametrize("fld,value,code", [
    ("kind", "keluhan", "kind.invalid"), ("kind", None, "required"),
    ("kind", ["pengaduan"], "kind.invalid"), ("kind", {"x": 1}, "kind.invalid"),
    ("privacy", "terbuka", "privacy.invalid"), ("privacy", None, "required"),
    ("privacy", ["anonim"], "privacy.invalid"),
    ("channel", "email", "channel.invalid"), ("channel", ["surat"], "channel.invalid"),
    ("attachments", "bukti.pdf", "attachments.type"),
    ("attachments", [1, 2], "attachments.type"),
])
def test_unknown_enum_values_and_wrong_types(fld, value, code):
    assert errors(report_data(**{fld: value})) == {fld: code}


def test_all_enum_values_accepted():
    for kind in domain.Kind:
        for privacy in domain.Privacy:
            for channel in domain.Channel:
                assert check(report_data(kind=kind.value, privacy=privacy.value,
                                         channel=channel.value)).ok


def test_strict_fields_reports_unknown_members():
    data = report_data(warna="merah")
    data["complainant"]["umur"] = 40
    assert errors(data, strict_fields=True) == {"warna": "unknown_field",
                                                "complainant.umur": "unknown_field"}


def test_not_a_mapping_is_one_error():
    for junk in (None, [], "laporan", 42):
        result = check(junk)
        assert [(i.field, i.code) for i in result.errors] == [("", "type")]


def test_every_error_has_an_indonesian_message_per_field():
    data = {"kind": "x", "title": "", "body": "pendek", "incident_date": "besok",
            "region_code": "1", "category": "zz", "privacy": "q", "channel": "w",
            "complainant": {"name": "", "phone": "1", "nik": "12", "email": "e"}}
    by_field = check(data).by_field()
    assert set(by_field) == {"kind", "title", "body", "incident_date", "region_code",
                             "category", "privacy", "channel", "complainant.name",
                             "complainant.phone", "complainant.nik", "complainant.email"}
    indonesian = ("wajib", "harus", "tidak", "paling", "bukan", "pilih", "tanggal", "kode")
    for fld, messages in by_field.items():
        for m in messages:
            assert any(w in m.lower() for w in indonesian), (fld, m)
    assert domain.MESSAGES["title.too_long"] == "Judul paling banyak 150 karakter."
    assert domain.MESSAGES["body.too_short"] == "Isi laporan paling sedikit 20 karakter."


# ---------------------------------------------------------------------- transitions

def test_local_transitions_only_allowed_ones_pass():
    allowed = {("draf", "siap_kirim"), ("siap_kirim", "terkirim"),
               ("siap_kirim", "perlu_perbaikan")}
    for a in LocalState:
        for b in LocalState:
            assert can_transition_local(a, b) == ((a.value, b.value) in allowed)
            if (a.value, b.value) in allowed:
                check_local_transition(a, b)
            else:
                with pytest.raises(TransitionError, match="tidak diizinkan"):
                    check_local_transition(a, b)
    assert not can_transition_local("draf", "dihapus")
    assert not can_transition_local("entah", "draf")


def test_remote_transitions_follow_the_table():
    for a in RemoteStatus:
        for b in RemoteStatus:
            assert can_transition_remote(a, b) == (b in REMOTE_TRANSITIONS[a])
    assert can_transition_remote(None, "diterima")
    assert not can_transition_remote(None, "selesai")
    assert not can_transition_remote("diterima", "selesai")
    assert not can_transition_remote("diterima", "bukan-status")
    for final in ("selesai", "diarsipkan", "ditolak"):
        assert REMOTE_TRANSITIONS[RemoteStatus(final)] == frozenset()
    with pytest.raises(TransitionError):
        check_remote_transition("selesai", "diterima")
    check_remote_transition("diteruskan", "ditindaklanjuti")
    assert set(LOCAL_TRANSITIONS) == set(LocalState)


# --------------------------------------------------------------------------- shared refusals
# (issue 22 §4: accepted before, refused by the desktop and by central from now on)

DIRECTION_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                      "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("ch", DIRECTION_CONTROLS)
def test_direction_overrides_are_refused_in_titles_and_names(ch):
    assert errors(report_data(title=f"Jalan rusak {ch}kejam")) == {"title": "text.direction"}
    assert errors(report_data(complainant={"name": f"Siti {ch}Aminah"})) == {
        "complainant.name": "text.direction"}
    assert not domain.file_name_ok(f"foto{ch}gpj.exe")
    assert domain.has_direction_control(f"a{ch}b")


def test_direction_marks_that_do_not_override_are_still_accepted():
    # U+200E/U+200F (marks) and Arabic-script letters are not direction overrides.
    assert check(report_data(title="Jalan rusak \u200e di dusun")).ok
    assert domain.file_name_ok("surat-\u0645-desa.pdf")


@pytest.mark.parametrize("value", ["1949-12-31", "1900-01-01", "0001-01-01"])
def test_incident_dates_before_1950_are_refused(value):
    assert errors(report_data(incident_date=value)) == {"incident_date": "date.too_old"}


def test_incident_date_of_1950_is_accepted():
    assert check(report_data(incident_date="1950-01-01")).ok


@pytest.mark.parametrize("value", ["2026-W47-3", "2026W473", "2026-332", "2026-11-2\u0668"])
def test_iso_week_and_ordinal_dates_are_refused(value):
    assert errors(report_data(incident_date=value)) == {"incident_date": "date.invalid"}


def test_nik_with_serial_0000_is_refused():
    assert errors(report_data(complainant={"nik": NIK[:12] + "0000"})) == {
        "complainant.nik": "nik.serial"}
    assert check(report_data(complainant={"nik": NIK[:12] + "0001"})).ok
