"""The public legacy XML shape of LAPOR!'s integration, behind :class:`NationalGateway`.

``POST <endpoint>`` (``…/api/stream/addstream``) with ``Content-Type: text/xml`` and::

    <lapor token="…">
      <pelapor><email/><telpon/><namadepan/><namabelakang/></pelapor>
      <laporan rahasia="0|1" anonim="0|1"><isi>…</isi></laporan>
    </lapor>

The answer is XML with ``trackingid`` and ``transaksiid`` elements. An ``anonim`` report
sends an empty ``pelapor``: no identity at all. The token comes from the environment
variable ``LAPOR_NASIONAL_TOKEN`` and never appears in a log line, an outcome or ``repr``.

Every failure is classified (see :mod:`lapor_central.nasional.gateway`); the rule that
matters most: once the request may have left this machine, a missing or unreadable answer
is ``UNKNOWN``, never ``TRANSIENT``, so the outbox does not send the case twice.
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
)

from lapor_central.nasional.backoff import parse_retry_after
from lapor_central.nasional.gateway import Forwarded, OutcomeKind, SubmitOutcome
from lapor_protocol.domain import KIND_LABELS

ENV_TOKEN = "LAPOR_NASIONAL_TOKEN"
TRACKING_RE = re.compile(r"^\d{1,20}$")
TRANSAKSI_RE = re.compile(r"^[A-Za-z0-9_.:{}-]{1,64}$")
XML_TYPES = ("text/xml", "application/xml")
# Characters XML 1.0 cannot carry at all; validation refuses most already.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class GatewayConfigError(ValueError):
    """The gateway cannot be built: no token, or an endpoint that is not an http(s) URL."""


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 5.0     # reaching the server: nothing was sent if this runs out
    read_s: float = 30.0       # waiting for bytes of the answer
    total_s: float = 60.0      # the whole answer, so a trickle cannot hold a worker


def compose_text(report: Forwarded) -> str:
    """The text under ``<isi>``: the legacy shape has one text field, so the title and
    the fields of LAPOR!'s web form go into it, with the case number to find it by."""
    lines = [report.title.strip(), "", report.body.strip(), "", "--"]
    lines.append(f"Klasifikasi: {KIND_LABELS.get(report.kind, str(report.kind))}")
    lines.append(f"Kategori: {report.category}")
    lines.append(f"Instansi tujuan: {report.agency}")
    if report.incident_date is not None:
        lines.append(f"Tanggal kejadian: {report.incident_date.isoformat()}")
    if report.location:
        lines.append(f"Lokasi: {report.location}")
    lines.append(f"Nomor laporan kabupaten: {report.case_ref}")
    return _xml_safe("\n".join(lines))


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub("", unicodedata.normalize("NFC", text))


def build_request_xml(report: Forwarded, token: str) -> bytes:
    """The request body for one case (UTF-8, with the XML declaration)."""
    report = report.for_privacy()
    root = ET.Element("lapor", {"token": token})
    pelapor = ET.SubElement(root, "pelapor")
    if report.reporter is not None and not report.anonim:
        first, last = report.reporter.split_name()
        ET.SubElement(pelapor, "email").text = _xml_safe(report.reporter.email or "")
        ET.SubElement(pelapor, "telpon").text = _xml_safe(report.reporter.phone or "")
        ET.SubElement(pelapor, "namadepan").text = _xml_safe(first)
        ET.SubElement(pelapor, "namabelakang").text = _xml_safe(last)
    laporan = ET.SubElement(root, "laporan", {
        "rahasia": "1" if report.rahasia else "0",
        "anonim": "1" if report.anonim else "0",
    })
    ET.SubElement(laporan, "isi").text = compose_text(report)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class AnswerError(ValueError):
    """An answer that does not name the stored complaint."""


def parse_answer(body: bytes) -> tuple[str, str | None]:
    """``(trackingid, transaksiid)`` from an answer; :class:`AnswerError` for anything
    else (garbage, entity tricks refused by defusedxml, a missing or odd tracking id)."""
    try:
        root = safe_fromstring(body)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise AnswerError(f"unreadable XML ({type(exc).__name__})") from exc
    tracking = _first_text(root, "trackingid")
    transaksi = _first_text(root, "transaksiid")
    if tracking is None or not TRACKING_RE.match(tracking):
        raise AnswerError("no numeric trackingid in the answer")
    if transaksi is not None and not TRANSAKSI_RE.match(transaksi):
        raise AnswerError("transaksiid is not a plain identifier")
    return tracking, transaksi


def _first_text(root: ET.Element, tag: str) -> str | None:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1].lower() == tag:
            return (el.text or "").strip() or None
    return None


def _outcome(kind: OutcomeKind, reason: str, detail: str = "",
             retry_after: float | None = None) -> SubmitOutcome:
    return SubmitOutcome(kind, reason, detail, retry_after=retry_after)


def request_never_left(exc: requests.ConnectionError) -> bool:
    """Whether a connection error happened before the request could leave: refused,
    unresolvable or timed out while connecting (urllib3 wraps those in MaxRetryError)."""
    inner = exc.args[0] if exc.args else None
    reason = getattr(inner, "reason", None) if isinstance(inner, MaxRetryError) else None
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError, NameResolutionError))


def classify_status(status: int, retry_after: str | None) -> SubmitOutcome | None:
    """The outcome a non-2xx status decides, or ``None`` for a 2xx (read the answer)."""
    if 200 <= status < 300:
        return None
    if status == 429 or status in (500, 502, 503, 504):
        return _outcome(OutcomeKind.TRANSIENT, f"http_{status}",
                        retry_after=parse_retry_after(retry_after))
    if status in (401, 403):
        return _outcome(OutcomeKind.PERMANENT, f"http_{status}",
                        "the token was refused: check LAPOR_NASIONAL_TOKEN")
    if 300 <= status < 400:
        return _outcome(OutcomeKind.PERMANENT, f"http_{status}",
                        "the endpoint redirects: configure the final URL")
    if 400 <= status < 500:
        return _outcome(OutcomeKind.PERMANENT, f"http_{status}", "the request was refused")
    # Any other 5xx: the server may have got far; do not guess.
    return _outcome(OutcomeKind.UNKNOWN, f"http_{status}", "unexpected server status")


class LegacyXmlGateway:
    """Forwards over the legacy XML shape. One fresh connection per submission, so a
    stale pooled connection can never turn a harmless reset into an unknown outcome."""

    def __init__(self, endpoint: str, token: str | None = None, *,
                 timeouts: Timeouts | None = None, max_answer_bytes: int = 64 * 1024) -> None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise GatewayConfigError("the LAPOR! endpoint must be an http(s) URL")
        token = token if token is not None else os.environ.get(ENV_TOKEN, "")
        if not token.strip():
            raise GatewayConfigError(f"{ENV_TOKEN} is not set")
        self.endpoint = endpoint
        self._token = token.strip()
        self.timeouts = timeouts or Timeouts()
        self.max_answer_bytes = max_answer_bytes

    def __repr__(self) -> str:  # the token stays out of every log line
        return f"LegacyXmlGateway({self.endpoint!r}, token=***)"

    def submit(self, report: Forwarded) -> SubmitOutcome:
        body = build_request_xml(report, self._token)
        started = time.monotonic()
        with requests.Session() as session:
            session.trust_env = False    # no proxy or .netrc from the environment
            try:
                resp = session.post(
                    self.endpoint, data=body, stream=True, allow_redirects=False,
                    timeout=(self.timeouts.connect_s, self.timeouts.read_s),
                    headers={"Content-Type": "text/xml; charset=UTF-8",
                             "Accept": "text/xml, application/xml",
                             # an uncompressed answer: its size limit is its real size
                             "Accept-Encoding": "identity",
                             "Connection": "close"})
            except requests.RequestException as exc:
                return _classify_exception(exc)
            with resp:
                return self._read(resp, started)

    def _read(self, resp: requests.Response, started: float) -> SubmitOutcome:
        decided = classify_status(resp.status_code, resp.headers.get("Retry-After"))
        if decided is not None:
            return decided
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype and ctype not in XML_TYPES:
            return _outcome(OutcomeKind.UNKNOWN, "wrong_content_type",
                            f"a 2xx answer of type {ctype[:40]!r}")
        try:
            data = self._bounded_body(resp, started)
        except _TooLarge:
            return _outcome(OutcomeKind.UNKNOWN, "answer_too_large",
                            f"over {self.max_answer_bytes} bytes")
        except _TooSlow:
            return _outcome(OutcomeKind.UNKNOWN, "slow_answer",
                            f"over {self.timeouts.total_s:g} s in all")
        except (requests.RequestException, OSError) as exc:
            return _outcome(OutcomeKind.UNKNOWN, "answer_interrupted", type(exc).__name__)
        try:
            tracking, transaksi = parse_answer(data)
        except AnswerError as exc:
            return _outcome(OutcomeKind.UNKNOWN, "answer_unreadable", str(exc))
        return SubmitOutcome.accepted(tracking, transaksi)

    def _bounded_body(self, resp: requests.Response, started: float) -> bytes:
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_answer_bytes:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() - started > self.timeouts.total_s:
                raise _TooSlow
            # read1 returns what has arrived, so the total deadline is checked between
            # pieces of a trickling answer.
            chunk = resp.raw.read1(8192, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise _TooLarge
            chunks.append(chunk)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _classify_exception(exc: requests.RequestException) -> SubmitOutcome:
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return _outcome(OutcomeKind.TRANSIENT, "connect_timeout", name)
    if isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.ProxyError)):
        return _outcome(OutcomeKind.TRANSIENT, "tls_or_proxy", name)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return _outcome(OutcomeKind.UNKNOWN, "read_timeout",
                        "no answer in time after the request was sent")
    if isinstance(exc, requests.ConnectionError):
        if request_never_left(exc):
            return _outcome(OutcomeKind.TRANSIENT, "connect_failed", name)
        return _outcome(OutcomeKind.UNKNOWN, "connection_dropped",
                        "the connection closed after the request was sent")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return _outcome(OutcomeKind.PERMANENT, "bad_endpoint", name)
    return _outcome(OutcomeKind.UNKNOWN, "request_failed", name)
