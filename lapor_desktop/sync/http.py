"""The project's own protocol (lapor-sync v1) over HTTP: :class:`LaporHttpGateway`.

One ``requests.Session`` (keep-alive, no automatic retries: the engine decides), connect and
read timeouts, gzip request bodies, strict parsing: anything that is not the protocol's
answer (HTML, truncated JSON, a missing ``X-Lapor-Protocol`` header, a wrong shape) is a
:class:`ProtocolViolation`, a transient error, never a crash.

Attachments go through a small tus 1.0.0 client over the same session (why not tuspy: see
docs/sync-engine.md). It creates the upload, hands the URL to the caller to persist before
the first byte, and sends PATCH chunks whose size follows the measured link speed; on a
resume it asks the server (HEAD) for the offset and continues from there.
"""

from __future__ import annotations

import base64
import copy
import email.utils
import gzip
import http.client
import json
import logging
import os
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

from lapor_desktop import __version__
from lapor_desktop.sync.gateway import (
    AnchorReceipt,
    AuthError,
    BatchResult,
    CaptivePortal,
    CatalogDoc,
    Enrollment,
    EnrollmentRefused,
    Gateway,
    HaveResult,
    ItemResult,
    KnownReport,
    Limits,
    PermanentError,
    ProgressFn,
    ProtocolViolation,
    ServerInfo,
    StatusChange,
    StatusPage,
    TooLarge,
    TransientError,
    Unreachable,
    UploadJob,
    UploadOutcome,
    UploadRejected,
    WireStats,
)

log = logging.getLogger(__name__)

PROTOCOL_NAME = "lapor-sync"
PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "X-Lapor-Protocol"
API = "/api/v1"
TUS_VERSION = "1.0.0"
CHECKSUM_MISMATCH = 460

MIN_CHUNK = 64 * 1024
MAX_CHUNK = 8 * 1024 * 1024
FIRST_CHUNK = 256 * 1024
CHUNK_SECONDS = 2.0  # aim for chunks that take about this long on the measured link
RATE_MIN_BYTES = 16 * 1024  # smaller chunks say little about the link's speed


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise ProtocolViolation(f"jawaban server tidak sesuai protokol ({what})")


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


class LaporHttpGateway(Gateway):
    def __init__(self, base_url: str, token: str | None = None, *,
                 connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 gzip_level: int = 6, chunk_size: int | None = None,
                 adaptive_chunks: bool = True, user_agent: str | None = None):
        base_url = base_url.strip()
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PermanentError("Alamat server harus diawali http:// atau https://.")
        self.base_url = base_url.rstrip("/")
        self._origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self.gzip_level = gzip_level
        self.chunk_size = chunk_size or FIRST_CHUNK
        self.adaptive_chunks = adaptive_chunks and chunk_size is None
        self.tus_path = f"{API}/files/"
        self.stats = WireStats()
        self._stats_lock = threading.Lock()  # shared with clones (parallel uploads)
        self.link_rate: float | None = None  # bytes/s of upload chunks, once measured
        self._user_agent = user_agent or f"lapor-desktop/{__version__}"
        self.session = self._new_session()

    def _new_session(self) -> requests.Session:
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = self._user_agent
        session.headers["Accept-Encoding"] = "gzip"
        return session

    def clone(self) -> LaporHttpGateway:
        """A gateway for one more upload worker: same server, token, timeouts, tus path and
        chunk size, its own ``requests.Session`` (a Session is not shared across threads);
        the wire statistics are shared (under a lock). ``close()`` it when done."""
        other = copy.copy(self)
        other.session = self._new_session()
        return other

    # ------------------------------------------------------------------ plumbing
    def set_token(self, token: str | None) -> None:
        self.token = token

    def close(self) -> None:
        self.session.close()

    def _url(self, path: str) -> str:
        return self.base_url + path

    def _same_origin(self, url: str) -> str:
        """Upload URLs are always sent to the enrolled origin (never leak the token)."""
        p = urlsplit(urljoin(self._origin + "/", url))
        return urlunsplit(urlsplit(self._origin)[:2] + (p.path, p.query, ""))

    def _headers(self, auth: bool) -> dict[str, str]:
        h: dict[str, str] = {}
        if auth:
            if not self.token:
                raise AuthError("Perangkat belum didaftarkan ke server.")
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def _send(self, method: str, url: str, *, kind: str, headers: Mapping[str, str],
              body: bytes | None = None, params: Mapping[str, Any] | None = None,
              timeout=None) -> requests.Response:
        try:
            resp = self.session.request(method, url, headers=dict(headers), data=body,
                                        params=params, timeout=timeout or self.timeout,
                                        allow_redirects=False)
            content = resp.content  # read it all now: a drop mid-body is transient too
        except (requests.RequestException, OSError, http.client.HTTPException) as exc:
            raise TransientError(f"{kind}: koneksi gagal ({type(exc).__name__})") from None
        head_out = len(method) + len(url) + 12 + sum(
            len(k) + len(str(v)) + 4 for k, v in resp.request.headers.items())
        head_in = 15 + sum(len(k) + len(v) + 4 for k, v in resp.headers.items()) + int(
            resp.headers.get("Content-Length") or len(content))
        with self._stats_lock:
            st = self.stats
            st.requests += 1
            st.bytes_out += head_out + (len(body) if body else 0)
            st.bytes_in += head_in
            st.by_kind[kind] = st.by_kind.get(kind, 0) + 1
        return resp

    def _check(self, resp: requests.Response, kind: str, *, protocol_header: bool = True) -> None:
        status = resp.status_code
        if status == 401:
            raise AuthError(self._message(resp) or "Token perangkat ditolak server.")
        if status == 429 or 500 <= status <= 599:
            raise TransientError(f"{kind}: server sibuk (HTTP {status})",
                                 parse_retry_after(resp.headers.get("Retry-After")), status)
        if protocol_header and resp.headers.get(PROTOCOL_HEADER) != str(PROTOCOL_VERSION):
            raise ProtocolViolation(f"{kind}: jawaban bukan dari server LAPOR (HTTP {status})")
        if status == 413:
            raise TooLarge(self._message(resp) or "Permintaan melebihi batas server.", status)
        if 300 <= status <= 399 and status != 304:
            raise ProtocolViolation(f"{kind}: pengalihan tak terduga (HTTP {status})")
        if 400 <= status <= 499:
            body = self._json_or_none(resp) or {}
            errors = body.get("errors") if isinstance(body, dict) else None
            raise PermanentError(self._message(resp) or f"{kind}: ditolak (HTTP {status})",
                                 status, [e for e in (errors or []) if isinstance(e, dict)])

    @staticmethod
    def _json_or_none(resp: requests.Response) -> Any:
        try:
            return json.loads(resp.content)
        except ValueError:
            return None

    def _message(self, resp: requests.Response) -> str | None:
        body = self._json_or_none(resp)
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            return body["message"][:500]
        return None

    def _json(self, resp: requests.Response, kind: str) -> dict[str, Any]:
        ctype = resp.headers.get("Content-Type", "")
        _need("json" in ctype, f"{kind}: bukan JSON")
        try:
            data = json.loads(resp.content)
        except ValueError:
            raise ProtocolViolation(f"{kind}: JSON terpotong atau rusak") from None
        _need(isinstance(data, dict), f"{kind}: bukan objek JSON")
        return data

    def _call(self, method: str, path: str, kind: str, *, payload: Any = None,
              auth: bool = True, params: Mapping[str, Any] | None = None,
              extra: Mapping[str, str] | None = None, expect=(200,)) -> requests.Response:
        headers = self._headers(auth)
        headers["Accept"] = "application/json"
        body = None
        if payload is not None:
            raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self.stats.payload_out += len(raw)
            headers["Content-Type"] = "application/json"
            if self.gzip_level > 0:
                body = gzip.compress(raw, self.gzip_level, mtime=0)
                headers["Content-Encoding"] = "gzip"
            else:
                body = raw
        if extra:
            headers.update(extra)
        resp = self._send(method, self._url(path), kind=kind, headers=headers, body=body,
                          params=params)
        self._check(resp, kind)
        if resp.status_code not in expect:
            raise ProtocolViolation(f"{kind}: status tak terduga HTTP {resp.status_code}")
        return resp

    # ------------------------------------------------------------------ protocol
    def ping(self) -> ServerInfo:
        try:
            resp = self._send("GET", self._url(f"{API}/ping"), kind="ping",
                              headers={"Accept": "application/json", "Cache-Control": "no-cache"})
        except TransientError as exc:
            raise Unreachable(str(exc)) from None
        if resp.status_code == 429 or resp.status_code >= 500:
            raise TransientError(f"ping: server sibuk (HTTP {resp.status_code})",
                                 parse_retry_after(resp.headers.get("Retry-After")),
                                 resp.status_code)
        if resp.headers.get(PROTOCOL_HEADER) != str(PROTOCOL_VERSION) or resp.status_code != 200:
            raise CaptivePortal("ping: yang menjawab bukan server LAPOR (mungkin halaman login "
                                "jaringan/captive portal)")
        try:
            data = self._json(resp, "ping")
            _need(data.get("protocol") == PROTOCOL_NAME, "ping: nama protokol")
            _need(data.get("version") == PROTOCOL_VERSION, "ping: versi protokol")
            lim = data.get("limits") or {}
            limits = Limits(int(lim["max_batch_count"]), int(lim["max_batch_bytes"]),
                            int(lim["max_attachment_bytes"]))
            _need(limits.max_batch_count > 0 and limits.max_batch_bytes > 0, "ping: batas")
            tus_path = str(data.get("tus_path") or f"{API}/files/")
        except (KeyError, TypeError, ValueError):
            raise CaptivePortal("ping: jawaban tidak sesuai protokol") from None
        except ProtocolViolation as exc:
            raise CaptivePortal(str(exc)) from None
        self.tus_path = tus_path if tus_path.endswith("/") else tus_path + "/"
        return ServerInfo(PROTOCOL_NAME, PROTOCOL_VERSION, _str_or_none(data.get("server_time")),
                          limits, self.tus_path)

    def enroll(self, code: str, device_id: str, device_name: str,
               region_code: str) -> Enrollment:
        try:
            resp = self._call("POST", f"{API}/enroll", "enroll", auth=False, payload={
                "code": code, "device_id": device_id, "device_name": device_name,
                "region_code": region_code})
        except PermanentError as exc:
            if exc.status in (403, 404, 409, 422, 400):
                raise EnrollmentRefused(str(exc), exc.status) from None
            raise
        data = self._json(resp, "enroll")
        try:
            token = data["token"]
            _need(isinstance(token, str) and len(token) >= 16, "enroll: token")
            key = data.get("central_key")
            return Enrollment(token, str(data.get("device_id") or device_id),
                              str(data.get("region_code") or region_code),
                              key if isinstance(key, str) else None)
        except (KeyError, TypeError):
            raise ProtocolViolation("enroll: jawaban tidak lengkap") from None

    def catalog(self, known_version: str | None) -> CatalogDoc | None:
        extra = {"If-None-Match": f'"{known_version}"'} if known_version else None
        resp = self._call("GET", f"{API}/catalog", "catalog", extra=extra, expect=(200, 304))
        if resp.status_code == 304:
            return None
        data = self._json(resp, "catalog")
        _need("version" in data and isinstance(data.get("categories"), list), "catalog")
        return CatalogDoc(str(data["version"]), data)

    def have(self, entries: Sequence[tuple[str, str]]) -> HaveResult:
        resp = self._call("POST", f"{API}/reports/have", "have", payload={
            "reports": [{"id": i, "content_hash": h} for i, h in entries]})
        data = self._json(resp, "have")
        try:
            missing = tuple(str(x) for x in data["missing"])
            known = tuple(KnownReport(str(k["id"]), _str_or_none(k.get("tracking_id")),
                                      _str_or_none(k.get("status")),
                                      tuple(str(a) for a in k.get("missing_attachments") or ()))
                          for k in data["known"])
            conflicts = tuple(str(x) for x in data.get("conflicts") or ())
        except (KeyError, TypeError, AttributeError):
            raise ProtocolViolation("have: jawaban tidak lengkap") from None
        asked = {i for i, _ in entries}
        _need(all(i in asked for i in missing + conflicts) and
              all(k.id in asked for k in known), "have: id asing")
        return HaveResult(missing, known, conflicts)

    def push_batch(self, reports: Sequence[Mapping[str, Any]]) -> BatchResult:
        resp = self._call("POST", f"{API}/reports/batch", "batch",
                          payload={"reports": list(reports)})
        data = self._json(resp, "batch")
        try:
            results = tuple(ItemResult(
                str(r["id"]), str(r["result"]), _str_or_none(r.get("tracking_id")),
                _str_or_none(r.get("status")),
                tuple({"field": str(e.get("field", "")), "code": str(e.get("code", "")),
                       "message": str(e.get("message", ""))} for e in r.get("errors") or ()))
                for r in data["results"])
        except (KeyError, TypeError, AttributeError):
            raise ProtocolViolation("batch: jawaban tidak lengkap") from None
        _need(len(results) == len(reports), "batch: jumlah hasil")
        _need(all(r.result in ("accepted", "duplicate", "conflict", "rejected")
                  for r in results), "batch: hasil tak dikenal")
        _need([r.id for r in results] == [str(r.get("id")) for r in reports], "batch: urutan id")
        _need(all(r.tracking_id for r in results if r.result in ("accepted", "duplicate")),
              "batch: nomor lacak kosong")
        date = resp.headers.get("Date")
        server_time = None
        if date:
            try:
                server_time = email.utils.parsedate_to_datetime(date).isoformat()
            except (TypeError, ValueError):
                server_time = None
        return BatchResult(results, server_time)

    def status_changes(self, cursor: str | None, limit: int = 200) -> StatusPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        try:
            resp = self._call("GET", f"{API}/status-changes", "status", params=params)
        except PermanentError as exc:
            if not cursor or exc.status != 400:
                raise
            # bad_cursor: a cursor this server no longer honours (e.g. issued before it
            # signed cursors, or by another server). Start over; event ids dedupe.
            return self.status_changes(None, limit)
        data = self._json(resp, "status")
        try:
            changes = tuple(StatusChange(
                str(c["event_id"]), str(c["report_id"]), _str_or_none(c.get("tracking_id")),
                str(c["status"]), _str_or_none(c.get("note")), _str_or_none(c.get("agency")),
                str(c["at"]), _str_or_none(c.get("deadline"))) for c in data["changes"])
            new_cursor = data["cursor"]
            more = data["more"]
        except (KeyError, TypeError, AttributeError):
            raise ProtocolViolation("status: jawaban tidak lengkap") from None
        _need(isinstance(new_cursor, str) and isinstance(more, bool), "status: cursor")
        return StatusPage(changes, new_cursor, more)

    def central_key(self) -> str | None:
        try:
            resp = self._call("GET", f"{API}/central-key", "central_key")
        except PermanentError as exc:
            if exc.status in (404, 405):
                return None  # a central from before delivery copies
            raise
        key = self._json(resp, "central_key").get("central_key")
        _need(isinstance(key, str), "central-key: kunci")
        return str(key)

    def audit_anchor(self, anchor: Mapping[str, Any]) -> AnchorReceipt | None:
        try:
            resp = self._call("POST", f"{API}/audit-anchor", "anchor", payload=dict(anchor))
        except PermanentError as exc:
            if exc.status in (404, 405):
                return None  # a central from before anchors
            raise
        data = self._json(resp, "anchor")
        try:
            last = data["anchor"]
            receipt = AnchorReceipt(str(data["result"]), int(last["count"]), str(last["hash"]),
                                    _str_or_none(last.get("received_at")),
                                    _str_or_none(data.get("problem")))
        except (KeyError, TypeError, ValueError):
            raise ProtocolViolation("anchor: jawaban tidak lengkap") from None
        _need(len(receipt.hash) == 64 and receipt.count >= 0, "anchor: jangkar")
        return receipt

    # ------------------------------------------------------------------ tus
    def _tus_headers(self) -> dict[str, str]:
        h = self._headers(True)
        h["Tus-Resumable"] = TUS_VERSION
        return h

    def _tus_offset(self, url: str) -> int | None:
        """The server's offset for an upload URL, or None when the URL is stale."""
        resp = self._send("HEAD", url, kind="tus-head", headers=self._tus_headers())
        if resp.status_code in (404, 410, 403):
            return None
        try:
            self._check(resp, "tus-head")
        except PermanentError:
            # Any other refusal of a kept URL (400 invalid upload id, 405, 412, ...) does not
            # get better by asking again: forget the URL and start a new upload.
            return None
        _need(resp.status_code == 200, "tus-head: status")
        try:
            offset = int(resp.headers["Upload-Offset"])
        except (KeyError, ValueError):
            raise ProtocolViolation("tus-head: Upload-Offset tidak ada") from None
        return offset

    def _tus_create(self, job: UploadJob) -> str | None:
        """A new upload URL, or None when central already holds this attachment."""
        meta = {"filename": job.file_name or job.attachment_id,
                "filetype": job.media_type or "application/octet-stream",
                "report_id": job.report_id, "attachment_id": job.attachment_id,
                "sha256": job.sha256}
        headers = self._tus_headers()
        headers["Upload-Length"] = str(job.size)
        headers["Upload-Metadata"] = ",".join(f"{k} {_b64(v)}" for k, v in meta.items())
        headers["Content-Length"] = "0"
        resp = self._send("POST", self._url(self.tus_path), kind="tus-create", headers=headers,
                          body=b"")
        if resp.status_code == 409:
            return None  # attachment.already_received
        try:
            self._check(resp, "tus-create")
        except PermanentError as exc:
            if isinstance(exc, TooLarge):
                raise UploadRejected(str(exc), 413) from None
            raise UploadRejected(str(exc), exc.status) from None
        _need(resp.status_code == 201 and bool(resp.headers.get("Location")),
              "tus-create: Location")
        return self._same_origin(resp.headers["Location"])

    def _next_chunk(self, sent: int, seconds: float) -> None:
        if seconds <= 0 or sent < RATE_MIN_BYTES:
            return
        rate = sent / seconds
        self.link_rate = rate if self.link_rate is None else (self.link_rate + rate) / 2
        if not self.adaptive_chunks or sent < MIN_CHUNK:
            return
        target = int(rate * CHUNK_SECONDS)
        # Smooth, and grow at most 4x per step so one fast chunk does not overshoot.
        target = min(target, self.chunk_size * 4)
        self.chunk_size = max(MIN_CHUNK, min(MAX_CHUNK, (self.chunk_size + target) // 2))

    def _tus_start(self, job: UploadJob) -> tuple[str, int] | None:
        """Where to send from: the kept upload and its offset, or a new upload at 0; None
        when central already holds the file."""
        url = self._same_origin(job.resume_url) if job.resume_url else None
        if url:
            offset = self._tus_offset(url)
            if offset is not None:
                return url, offset
            # Stale: expired, finished or never completed on this server.
            if job.on_url:
                job.on_url(None)
        url = self._tus_create(job)
        if job.on_url:
            job.on_url(url)
        return None if url is None else (url, 0)

    def upload_attachment(self, job: UploadJob, progress: ProgressFn | None = None,
                          cancel: threading.Event | None = None) -> UploadOutcome:
        start = self._tus_start(job)
        if start is None:
            return UploadOutcome(0, job.size, already_received=True)
        url, offset = start
        resumed_from = offset
        sent_total = 0
        if offset > job.size:
            raise ProtocolViolation("tus: offset server melebihi ukuran berkas")
        with (job.opener() if job.opener is not None else open(job.path, "rb")) as f:
            while True:
                if cancel is not None and cancel.is_set():
                    raise TransientError("dibatalkan")
                if offset == job.size and sent_total > 0:
                    break
                f.seek(offset)
                chunk = f.read(min(self.chunk_size, job.size - offset))
                headers = self._tus_headers()
                headers["Upload-Offset"] = str(offset)
                headers["Content-Type"] = "application/offset+octet-stream"
                started = time.monotonic()
                # A slow link needs time for the body: scale the read timeout with the chunk.
                timeout = (self.timeout[0], self.timeout[1] + len(chunk) / 16_384)
                resp = self._send("PATCH", url, kind="tus-patch", headers=headers, body=chunk,
                                  timeout=timeout)
                with self._stats_lock:
                    self.stats.payload_out += len(chunk)
                if resp.status_code == 409:  # offset mismatch: ask where the server is
                    new = self._tus_offset(url)
                    if new is None:
                        if job.on_url:
                            job.on_url(None)
                        raise TransientError("tus: unggahan hilang di server; mulai ulang")
                    if new == offset:  # refused, yet the server is there: do not loop on it
                        raise TransientError("tus: server menolak offset unggahan (HTTP 409)",
                                             status=409)
                    _need(new <= job.size, "tus-head: offset melebihi ukuran berkas")
                    offset = new
                    continue
                if resp.status_code in (404, 410):
                    if job.on_url:
                        job.on_url(None)
                    raise TransientError("tus: unggahan hilang di server; mulai ulang")
                if resp.status_code == CHECKSUM_MISMATCH:
                    if job.on_url:
                        job.on_url(None)
                    raise UploadRejected("sha256 lampiran tidak cocok di server", 460)
                try:
                    self._check(resp, "tus-patch")
                except PermanentError as exc:
                    raise UploadRejected(str(exc), exc.status) from None
                _need(resp.status_code == 204, "tus-patch: status")
                try:
                    new_offset = int(resp.headers["Upload-Offset"])
                except (KeyError, ValueError):
                    raise ProtocolViolation("tus-patch: Upload-Offset tidak ada") from None
                _need(offset < new_offset <= job.size or (offset == new_offset == job.size),
                      "tus-patch: offset")
                self._next_chunk(len(chunk), time.monotonic() - started)
                sent_total += len(chunk)
                if progress:
                    progress(new_offset - offset)
                offset = new_offset
                if job.on_offset and offset < job.size:
                    job.on_offset(offset)
                if offset == job.size:
                    break
        return UploadOutcome(sent_total, resumed_from)


def default_device_name() -> str:
    import platform

    return (platform.node() or "laptop-desa")[:100] or f"perangkat-{os.getpid()}"
