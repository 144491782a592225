"""Open311 documents against JSON Schemas written from the spec, parameters, and the
``georeport`` client (written by others) reading our renderings over HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from defusedxml.ElementTree import fromstring
from georeport import GeoReport
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from lapor_central.open311 import (
    CreatedRequest,
    NewRequest,
    NotPublic,
    Open311Error,
    PublicCase,
    RequestQuery,
    TokenAnswer,
    definition,
    open311_status,
    parse_new_request,
    parse_request_query,
    render,
    render_errors,
    service_request,
    services,
    statuses_for,
)
from lapor_protocol.catalog import parse_catalog, seed_document
from lapor_protocol.domain import Privacy, RemoteStatus

SCHEMAS = Path(__file__).with_name("schemas")
CATALOG = parse_catalog(seed_document())
CODES = set(CATALOG.categories)
T0 = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)


def schema(name: str) -> Draft202012Validator:
    doc = json.loads((SCHEMAS / f"{name}.json").read_text("utf-8"))
    Draft202012Validator.check_schema(doc)
    return Draft202012Validator(doc)


def valid(name: str, body: bytes) -> Any:
    doc = json.loads(body)
    errors = sorted(schema(name).iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors]
    return doc


def cases() -> list[PublicCase]:
    return [
        PublicCase("1000001", "diteruskan", "listrik", "Listrik dan Penerangan",
                   "Tiang listrik miring di depan SDN 3 sejak hujan deras.", "publik",
                   "PT PLN (Persero) UP3 Sintang", T0, T0 + timedelta(hours=5),
                   T0 + timedelta(days=9), "Baning Kota", "61.05.01.2008",
                   "Petugas dijadwalkan meninjau lokasi."),
        PublicCase("1000002", "selesai", "kesehatan", "Kesehatan dan Puskesmas",
                   "Puskesmas tutup pada jam layanan <Senin> & Selasa.", "anonim",
                   "Dinas Kesehatan Kabupaten Sintang", T0 - timedelta(days=20), None, None,
                   None, None, None),
    ]


# ------------------------------------------------------------------ documents

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_services_are_the_catalogue_categories(fmt):
    out = render(services(CATALOG, group="LAPOR! Sintang"), fmt)
    if fmt == "json":
        doc = valid("services", out.body)
        assert [s["service_code"] for s in doc] == list(CATALOG.categories)
        assert doc[0]["metadata"] is True and doc[0]["type"] == "realtime"
        assert out.content_type == "application/json; charset=utf-8"
    else:
        assert out.body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        root = fromstring(out.body)
        assert root.tag == "services" and {c.tag for c in root} == {"service"}
        assert [c.tag for c in root[0]] == ["service_code", "service_name", "description",
                                           "metadata", "type", "keywords", "group"]
        assert root[0].findtext("metadata") == "true"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_service_definition_names_the_lapor_fields(fmt):
    out = render(definition("listrik"), fmt)
    if fmt == "json":
        doc = valid("service_definition", out.body)
        assert [a["code"] for a in doc["attributes"]] == [
            "judul", "klasifikasi", "kerahasiaan", "tanggal_kejadian"]
        privacy = doc["attributes"][2]
        assert privacy["required"] is True and \
            [v["key"] for v in privacy["values"]] == ["publik", "anonim", "rahasia"]
    else:
        root = fromstring(out.body)
        assert root.tag == "service_definition" and root.findtext("service_code") == "listrik"
        attr = root.find("attributes")[2]
        assert attr.tag == "attribute" and attr.findtext("datatype") == "singlevaluelist"
        assert [v.findtext("key") for v in attr.find("values")] == ["publik", "anonim", "rahasia"]


def test_statuses_map_to_open_and_closed():
    assert {s: open311_status(s) for s in RemoteStatus} == {
        s: ("closed" if s in ("selesai", "diarsipkan", "ditolak") else "open")
        for s in RemoteStatus}
    assert statuses_for("closed") | statuses_for("open") == set(RemoteStatus)
    assert not statuses_for("closed") & statuses_for("open")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_requests_show_the_public_parts_only(fmt):
    out = render([service_request(c) for c in cases()], fmt)
    if fmt == "json":
        doc = valid("service_requests", out.body)
        first = doc[0]
        assert first["service_request_id"] == "1000001" and first["status"] == "open"
        assert first["requested_datetime"] == "2026-12-01T08:30:00+07:00"
        assert first["expected_datetime"] == "2026-12-10T08:30:00+07:00"
        assert first["status_notes"] == "Petugas dijadwalkan meninjau lokasi."
        assert first["agency_responsible"] == "PT PLN (Persero) UP3 Sintang"
        assert doc[1]["status"] == "closed" and doc[1]["updated_datetime"]
    else:
        root = fromstring(out.body)
        assert root.tag == "service_requests" and len(root) == 2
        assert root[1].findtext("description") == \
            "Puskesmas tutup pada jam layanan <Senin> & Selasa."
        assert root[1].find("zipcode").text is None            # empty element
    for word in (b"complainant", b"nik", b"phone", b"email", b"first_name"):
        assert word not in out.body


def test_a_due_date_of_the_case_clock_is_the_end_of_that_day_in_wib():
    c = PublicCase(**{**cases()[0].__dict__, "expected_at": date(2026, 12, 10)})
    assert service_request(c).expected_datetime == "2026-12-10T23:59:59+07:00"


def test_a_rahasia_case_is_never_a_request():
    c = cases()[0]
    with pytest.raises(NotPublic):
        service_request(PublicCase(**{**c.__dict__, "privacy": Privacy.RAHASIA.value}))


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_answer_and_token_answer(fmt):
    created = render([CreatedRequest("1000003", service_notice="Diteruskan ke Dinkes.")], fmt)
    token = render([CreatedRequest(token="tok-1")], fmt)
    lookup = render([TokenAnswer("1000003", "tok-1")], fmt)
    if fmt == "json":
        assert valid("post_requests", created.body) == [
            {"service_request_id": "1000003", "service_notice": "Diteruskan ke Dinkes.",
             "account_id": None}]
        valid("post_requests", token.body)
        valid("tokens", lookup.body)
    else:
        root = fromstring(created.body)
        assert [c.tag for c in root[0]] == ["service_request_id", "service_notice", "account_id"]
        assert fromstring(token.body)[0][0].tag == "token"
        assert [c.tag for c in fromstring(lookup.body)[0]] == ["service_request_id", "token"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_in_the_spec_format(fmt):
    out = render_errors([Open311Error(403, "api_key wajib.")], fmt)
    assert out.status == 403
    if fmt == "json":
        assert valid("errors", out.body) == [{"code": 403, "description": "api_key wajib."}]
    else:
        root = fromstring(out.body)
        assert root.tag == "errors" and root[0].tag == "error"
        assert (root[0].findtext("code"), root[0].findtext("description")) == \
            ("403", "api_key wajib.")


def test_an_empty_list_has_its_root():
    assert fromstring(render([], "xml").body).tag == "service_requests"
    assert render([], "json").body == b"[]"


# ------------------------------------------------------------------ parameters

GOOD = {"api_key": ["k"], "service_code": ["listrik"], "address_id": ["61.05.01.2008"],
        "description": ["Tiang listrik miring di depan SDN 3 sejak hujan deras."],
        "first_name": ["Siti"], "last_name": ["Aminah"], "phone": ["0812-3456-7890"],
        "attribute[judul]": ["Tiang listrik miring"], "attribute[kerahasiaan]": ["anonim"],
        "attribute[tanggal_kejadian]": ["2026-11-30T07:00:00+07:00"]}


def post(**changes: list[str] | None) -> NewRequest | list[Open311Error]:
    params = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    return parse_new_request(params, service_codes=CODES, jurisdiction_id="61.05")


def test_a_good_post_becomes_a_lapor_report():
    req = post()
    assert isinstance(req, NewRequest)
    assert (req.service_code, req.title, req.privacy, req.kind.value) == (
        "listrik", "Tiang listrik miring", Privacy.ANONIM, "pengaduan")
    assert (req.name, req.phone, req.address_id) == ("Siti Aminah", "+6281234567890",
                                                     "61.05.01.2008")
    assert req.incident_date.isoformat() == "2026-11-30"


@pytest.mark.parametrize(("changes", "code", "words"), [
    ({"api_key": None}, 403, "api_key"),
    ({"jurisdiction_id": ["62.01"]}, 404, "jurisdiction_id"),
    ({"service_code": ["nuklir"]}, 404, "service_code"),
    ({"service_code": None}, 400, "service_code"),
    ({"address_id": None}, 400, "Lokasi"),
    ({"address_id": ["61.05"]}, 400, "address_id"),
    ({"lat": ["0.07"]}, 400, "lat dan long"),
    ({"lat": ["91"], "long": ["111.5"]}, 400, "koordinat"),
    ({"description": ["pendek"]}, 400, "description"),
    ({"phone": ["12345"]}, 400, "phone"),
    ({"first_name": None, "last_name": None}, 400, "first_name"),
    ({"email": ["bukan-email"]}, 400, "email"),
    ({"attribute[kerahasiaan]": None}, 400, "kerahasiaan"),
    ({"attribute[kerahasiaan]": ["terbuka"]}, 400, "kerahasiaan"),
    ({"attribute[warna]": ["merah"]}, 400, "warna"),
    ({"attribute[tanggal_kejadian]": ["30-11-2026"]}, 400, "W3C"),
    ({"media_url": ["javascript:alert(1)"]}, 400, "media_url"),
])
def test_bad_posts_get_errors_in_the_spec_format(changes, code, words):
    errors = post(**changes)
    assert isinstance(errors, list) and errors[0].code == code
    assert any(words in e.description for e in errors), errors
    valid("errors", render_errors(errors, "json").body)


def test_a_post_with_coordinates_or_an_address_string_is_placed():
    req = post(address_id=None, lat=["0.0735"], long=["111.4953"])
    assert isinstance(req, NewRequest) and (req.lat, req.long) == (0.0735, 111.4953)
    req = post(address_id=None, address_string=["Jl. Lintas Melawi, Baning Kota"])
    assert isinstance(req, NewRequest) and req.address_string.startswith("Jl.")


NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def q(**params: str) -> RequestQuery | list[Open311Error]:
    return parse_request_query({k: [v] for k, v in params.items()}, now=NOW)


def test_query_defaults_to_the_last_90_days():
    query = q()
    assert isinstance(query, RequestQuery)
    assert (query.start, query.end) == (NOW - timedelta(days=90), NOW)
    half = q(start_date="2026-11-01T00:00:00+07:00")
    assert half.end - half.start == timedelta(days=90)


def test_query_dates_are_w3c_and_at_most_90_days_apart():
    ok = q(start_date="2026-09-04T10:00:00Z", end_date="2026-12-03T10:00:00Z")
    assert isinstance(ok, RequestQuery)
    for bad in ({"start_date": "2026-09-03T09:59:59Z", "end_date": "2026-12-03T10:00:00Z"},
                {"start_date": "2026-12-03", "end_date": "2026-12-04T00:00:00Z"},
                {"start_date": "2026-12-03T10:00:00", "end_date": "2026-12-04T00:00:00Z"},
                {"start_date": "2026-12-05T00:00:00Z", "end_date": "2026-12-04T00:00:00Z"},
                {"status": "pending"}):
        errors = q(**bad)
        assert isinstance(errors, list) and errors[0].code == 400, bad


def test_ids_override_the_other_filters():
    query = q(service_request_id="1000001,1000002", status="nonsense")
    assert query == RequestQuery(ids=("1000001", "1000002"))
    assert isinstance(q(service_request_id="1,<x>"), list)
    assert q(status="open,closed", service_code="listrik,air_bersih").statuses == (
        "open", "closed")


# ------------------------------------------------------------------ georeport over HTTP

class _Open311:
    """A read-only Open311 endpoint made of this package's pieces, for georeport."""

    def __init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                out = outer.answer(self.path)
                self.send_response(out.status)
                self.send_header("Content-Type", out.content_type)
                self.send_header("Content-Length", str(len(out.body)))
                self.end_headers()
                self.wfile.write(out.body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.root = f"http://127.0.0.1:{self.server.server_port}/open311/v2"
        self.seen: list[str] = []

    def answer(self, path: str):
        parts = urlsplit(path)
        params = parse_qs(parts.query)
        self.seen.append(path)
        tail, _, fmt = parts.path.removeprefix("/open311/v2/").rpartition(".")
        if params.get("jurisdiction_id") not in (None, ["61.05"]) or fmt not in ("json", "xml"):
            return render_errors([Open311Error(404, "Tidak ada.")], "json")
        if tail == "services":
            return render(services(CATALOG), fmt)
        if tail.startswith("services/"):
            return render(definition(tail.split("/", 1)[1]), fmt)
        if tail.startswith("requests/"):
            found = [service_request(c) for c in cases() if c.tracking_id == tail[9:]]
            return render(found, fmt) if found else \
                render_errors([Open311Error(404, "Tidak ada.")], fmt)
        query = parse_request_query(params, now=T0 + timedelta(days=1))
        if isinstance(query, list):
            return render_errors(query, fmt)
        wanted = set().union(*(statuses_for(s) for s in query.statuses)) if query.statuses \
            else set(RemoteStatus)
        return render([service_request(c) for c in cases() if c.status in wanted], fmt)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def endpoint() -> Iterator[_Open311]:
    e = _Open311()
    yield e
    e.close()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_services_definitions_and_requests(endpoint, fmt):
    client = GeoReport(endpoint.root, jurisdiction="61.05", output_format=fmt)
    listed = client.get_service_list()
    assert [s["service_code"] for s in listed] == list(CATALOG.categories)
    definition_doc = client.get_service_definition("listrik")
    attrs = definition_doc["attributes"]
    attrs = attrs["attribute"] if fmt == "xml" else attrs
    assert [a["code"] for a in attrs][:2] == ["judul", "klasifikasi"]
    opened = client.get_service_requests(status="open")
    opened = [opened] if isinstance(opened, dict) else opened
    assert [r["service_request_id"] for r in opened] == ["1000001"]
    one = client.get_service_request("1000002")
    assert one["status"] == "closed" and one["agency_responsible"].startswith("Dinas")
    assert all("jurisdiction_id=61.05" in p for p in endpoint.seen)


def test_georeport_meets_a_90_day_error(endpoint):
    import requests

    client = GeoReport(endpoint.root, jurisdiction="61.05")
    with pytest.raises(requests.HTTPError) as info:
        client.get_service_requests(start_date="2026-01-01T00:00:00Z",
                                    end_date="2026-12-01T00:00:00Z")
    assert info.value.response.status_code == 400
    valid("errors", info.value.response.content)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(
    st.sampled_from([*sorted(GOOD), "lat", "long", "jurisdiction_id", "email", "media_url",
                     "attribute[klasifikasi]", "attribute[x][]", "attributeX",
                     "address_string", "device_id"]) | st.text(max_size=12),
    st.lists(st.text(max_size=60), max_size=3)))
def test_any_parameters_give_a_request_or_spec_errors(junk):
    out = parse_new_request({**GOOD, **junk}, service_codes=CODES, jurisdiction_id="61.05")
    if isinstance(out, list):
        assert out and all(e.code in (400, 403, 404) and e.description for e in out)
        valid("errors", render_errors(out, "json").body)
    query = parse_request_query(junk, now=NOW)
    assert isinstance(query, (RequestQuery, list))
