"""GSM-7 counting and the Indonesian SMS texts: one SMS each, number and address always."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapor_central.sms import (
    CaseStatus,
    CekQuery,
    SmsEvent,
    SmsSettings,
    compose,
    gsm7_length,
    is_cek,
    is_gsm7,
    parse_cek,
    reply_not_found,
    reply_status,
    reply_usage,
    to_gsm7,
)
from lapor_central.sms.gsm7 import BASIC, EXTENSION, truncate
from lapor_protocol.domain import RemoteStatus

URL = "lapor.sintang.go.id/lacak"


def test_the_alphabet_is_gsm_03_38():
    assert len(BASIC) == 127 and "\x1b" not in BASIC     # 128 code points less the escape
    assert len(EXTENSION) == 10
    assert gsm7_length("Halo @ £5") == 9
    assert gsm7_length("[Desa]€") == 10                  # three extension characters
    assert gsm7_length("Jalan rusak – parah") is None    # en dash is not GSM-7
    assert gsm7_length("ç") is None and gsm7_length("Ç") == 1


def test_to_gsm7_keeps_meaning_and_drops_what_cannot_travel():
    assert to_gsm7("“Sudah” diperbaiki – terima kasih…") == '"Sudah" diperbaiki - terima kasih...'
    assert to_gsm7("Café Müller ñ") == "Café Müller ñ"   # é, ü, ñ are in the basic set
    assert to_gsm7("Kantor Camat ê 日本") == "Kantor Camat e ??"
    assert is_gsm7(to_gsm7("emoji 👍 ok"))


def test_truncate_counts_extension_characters_twice_and_marks_the_cut():
    assert truncate("abc", 3) == "abc"
    cut = truncate("satu dua tiga empat lima enam", 15)
    assert cut.endswith("...") and gsm7_length(cut) <= 15
    assert gsm7_length(truncate("{" * 50, 21)) <= 21
    with pytest.raises(ValueError):
        truncate("–", 5)


@pytest.mark.parametrize("event", list(SmsEvent))
def test_every_event_fits_one_sms_with_number_and_address(event):
    text = compose(event, "1000001", agency="PT PLN (Persero) UP3 Sintang",
                   note="Tiang sudah ditegakkan kembali oleh petugas pada 2 Desember.")
    assert is_gsm7(text) and gsm7_length(text) <= 160
    assert "1000001" in text and URL in text


def test_the_texts_read_as_intended():
    assert compose(SmsEvent.DITERIMA, "1000001") == (
        "LAPOR! Sintang: Laporan Anda diterima, no. lacak 1000001. Pantau di "
        "lapor.sintang.go.id/lacak atau SMS CEK 1000001 <kode di tanda terima>")
    assert compose(SmsEvent.DITERUSKAN, "1000001", agency="Dinas Kesehatan Kabupaten Sintang") \
        == ("LAPOR! Sintang: Laporan 1000001 diteruskan ke Dinas Kesehatan Kabupaten Sintang. "
            "Pantau di lapor.sintang.go.id/lacak")
    assert compose(SmsEvent.DITINDAKLANJUTI, "7", note="Jalan  ditambal\nhari ini.") == (
        'LAPOR! Sintang: Laporan 7 ditindaklanjuti: "Jalan ditambal hari ini." '
        "Pantau di lapor.sintang.go.id/lacak")
    assert compose(SmsEvent.SELESAI, "7").startswith("LAPOR! Sintang: Laporan 7 selesai.")


def test_a_long_note_is_cut_with_dots_not_split_into_two_sms():
    note = "Petugas telah meninjau lokasi dan " * 20
    text = compose(SmsEvent.DITINDAKLANJUTI, "1000001", note=note)
    assert gsm7_length(text) <= 160 and '..." Pantau di' in text


@settings(max_examples=300, deadline=None)
@given(event=st.sampled_from(list(SmsEvent)),
       number=st.from_regex(r"[0-9]{1,20}", fullmatch=True),
       agency=st.none() | st.text(max_size=300), note=st.none() | st.text(max_size=2000))
def test_any_note_and_agency_still_fit(event, number, agency, note):
    text = compose(event, number, agency=agency, note=note)
    assert is_gsm7(text) and gsm7_length(text) <= 160
    assert number in text and URL in text


def test_settings_refuse_what_would_not_fit():
    with pytest.raises(ValueError):
        SmsSettings(label="LAPOR — Sintang")                   # not GSM-7
    with pytest.raises(ValueError):
        SmsSettings(track_url="x" * 80)
    custom = SmsSettings(label="LAPOR! Melawi", track_url="lapor.melawikab.go.id/lacak")
    assert compose(SmsEvent.SELESAI, "1", custom).endswith("lapor.melawikab.go.id/lacak")


def test_the_address_is_the_one_the_receipt_prints():
    s = SmsSettings.for_public_url("https://lapor.sintang.go.id/")
    assert s.track_url == "lapor.sintang.go.id/lacak"
    assert compose(SmsEvent.SELESAI, "1", s).endswith(" lapor.sintang.go.id/lacak")


def test_a_bad_tracking_number_is_refused():
    for bad in ("", "1" * 21, "12 34"):
        with pytest.raises(ValueError):
            compose(SmsEvent.SELESAI, bad)


# ------------------------------------------------------------------ CEK

@pytest.mark.parametrize(("text", "expected"), [
    ("CEK 1000001 ABCD-EFGH", CekQuery("1000001", "ABCD-EFGH")),
    ("cek 1000001 abcd efgh", CekQuery("1000001", "ABCD-EFGH")),
    ("  Cek   1000001   abcdefgh  ", CekQuery("1000001", "ABCD-EFGH")),
    ("CEK#1000001#ABCD-EFGH", CekQuery("1000001", "ABCD-EFGH")),
    ("CEK1000001 ABCD-EFGH", CekQuery("1000001", "ABCD-EFGH")),
    ("CEK 1000001 AB0D-EF1H.", CekQuery("1000001", "ABOD-EFIH")),      # 0 and 1 typed
    ("CEK 61.05.01.2008/K7Q2/2026/00001 QWER-TY23",
     CekQuery("61.05.01.2008/K7Q2/2026/00001", "QWER-TY23")),
])
def test_cek_is_read_tolerantly(text, expected):
    assert is_cek(text) and parse_cek(text) == expected


@pytest.mark.parametrize("text", ["CEK", "CEK 1000001", "CEK 1000001 ABC-DEFG",
                                  "CEK 1000001 ABCD-EFG9", "cek " + "1" * 300 + " ABCD-EFGH"])
def test_malformed_cek_gets_the_usage_line(text):
    assert is_cek(text) and parse_cek(text) is None


@pytest.mark.parametrize("text", ["Cekung jalan", "Halo", "STOP", "", "CEKABCD ABCD-EFGH"])
def test_other_texts_are_not_cek(text):
    assert not is_cek(text)


def test_replies_fit_and_never_tell_unknown_from_wrong():
    case = CaseStatus("1000001", "diteruskan", "PT PLN (Persero) UP3 Sintang",
                      date(2026, 12, 10))
    text = reply_status(case)
    assert text == ("LAPOR! Sintang: Laporan 1000001: Diteruskan ke instansi (PT PLN (Persero) "
                    "UP3 Sintang). Batas tahap ini 10-12-2026. Info: lapor.sintang.go.id/lacak")
    secret = reply_status(CaseStatus("1000001", "diteruskan", "PT PLN", None, rahasia=True))
    assert "PLN" not in secret and "Diteruskan" in secret
    for t in (text, secret, reply_not_found(), reply_usage()):
        assert is_gsm7(t) and gsm7_length(t) <= 160 and URL in t
    long_agency = reply_status(CaseStatus("1" * 20, "ditindaklanjuti", "Dinas " * 40,
                                          date(2026, 12, 10)))
    assert gsm7_length(long_agency) <= 160


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=250) | st.from_regex(r"\s*[cC][eE][kK][\s#:]*[0-9A-Za-z./-]{0,30}"
                                              r"[\s#]*[A-Za-z0-9 -]{0,12}", fullmatch=True))
def test_any_text_is_read_or_refused_without_a_crash(text):
    query = parse_cek(text)
    if query is not None:
        assert is_cek(text) and len(query.code) == 9 and query.code[4] == "-"


GSM_LINE = st.text(alphabet=st.sampled_from([*sorted(BASIC - {"\n", "\r"}), "€", "["]),
                   min_size=1)


@settings(max_examples=300, deadline=None)
@given(label=GSM_LINE.filter(lambda t: t.strip() and gsm7_length(t) <= 30),
       url=GSM_LINE.filter(lambda t: t.strip() and gsm7_length(t) <= 45),
       number=st.from_regex(r"[0-9]{1,20}", fullmatch=True),
       agency=st.none() | st.text(max_size=200), note=st.none() | st.text(max_size=400),
       status=st.sampled_from([s.value for s in RemoteStatus]) | st.text(max_size=40),
       due=st.none() | st.dates(), rahasia=st.booleans())
def test_every_text_fits_at_the_limits_settings_allow(label, url, number, agency, note, status,
                                                       due, rahasia):
    s = SmsSettings(label=label, track_url=url)
    texts = [compose(e, number, s, agency=agency, note=note) for e in SmsEvent]
    texts += [reply_status(CaseStatus(number, status, agency, due, rahasia), s),
              reply_not_found(s), reply_usage(s)]
    for text in texts:
        assert is_gsm7(text) and gsm7_length(text) <= 160
        assert url in text
    assert all(number in t for t in texts[:5])
