"""tus 1.0.0 over HTTP: every request but OPTIONS is authenticated (the device token) and,
for an existing upload, its owner checked, before a byte of the body is read.

Handlers are ``async`` and never block: database work, file writes and storage calls run
in worker threads; the body is read in pieces and spooled in blocks of ``WRITE_BLOCK``. A
PATCH holds the upload's row lease (see store.py) while it streams, so a second PATCH to
the same upload answers 409 at once, whichever worker process or machine it reaches; its
bytes count only through the fenced ``record`` (a PATCH that lost its lease changes
nothing).
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import time
from collections.abc import Callable
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from lapor_central import TUS_PATH, service
from lapor_central.http_util import header_int
from lapor_central.models import UploadPart
from lapor_central.tus import CHECKSUM_ALGORITHMS, TUS_EXTENSIONS, TUS_VERSION
from lapor_central.tus.store import (
    LEASE_SECONDS,
    WRITE_BLOCK,
    ChunkWriter,
    Lease,
    UploadError,
    UploadState,
    UploadStore,
)

log = logging.getLogger(__name__)

CHECKSUM_MISMATCH = 460  # tus checksum extension: the body does not match Upload-Checksum
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
RENEW_EVERY_S = LEASE_SECONDS / 3
METADATA_KEYS = ("filename", "filetype", "report_id", "attachment_id", "sha256")
LEASE_LOST = (409, "upload.lease_lost", "Unggahan ini diambil alih oleh permintaan lain "
              "selagi isi PATCH ini masih dikirim; isi ini tidak dipakai. Tanyakan offset "
              "dengan HEAD lalu lanjutkan.")


def tus_error(status: int, code: str, message: str,
              headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, "errors": []}, status_code=status,
                        headers={"Tus-Resumable": TUS_VERSION, **(headers or {})})


def _expires(state: UploadState) -> str:
    return format_datetime(state.expires_at.replace(tzinfo=UTC), usegmt=True)


def parse_metadata(header: str) -> dict[str, str]:
    """``key base64,key base64`` → dict; ValueError on anything malformed."""
    out: dict[str, str] = {}
    if not header.strip():
        return out
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if len(parts) not in (1, 2) or not parts[0] or parts[0] in out:
            raise ValueError("bad pair")
        try:
            value = base64.b64decode(parts[1], validate=True).decode("utf-8") \
                if len(parts) == 2 else ""
        except (binascii.Error, UnicodeDecodeError):
            raise ValueError("bad base64") from None
        out[parts[0]] = value
    return out


def _check_version(request: Request) -> Response | None:
    if request.headers.get("tus-resumable") != TUS_VERSION:
        return tus_error(412, "tus.version", "Header Tus-Resumable: 1.0.0 wajib ada.",
                         {"Tus-Version": TUS_VERSION})
    return None


def _parse_checksum(header: str | None) -> bytes | None:
    if header is None:
        return None
    algo, _, value = header.strip().partition(" ")
    if algo.lower() != "sha256":
        raise UploadError(400, "checksum.algorithm",
                          "Upload-Checksum hanya mendukung sha256.")
    try:
        digest = base64.b64decode(value.strip(), validate=True)
    except binascii.Error:
        digest = b""
    if len(digest) != 32:
        raise UploadError(400, "checksum.invalid", "Upload-Checksum bukan sha256 base64.")
    return digest


class TusApi:
    """The handlers, free of routing: each takes the request and the authenticated device."""

    def __init__(self, central: Any) -> None:
        self.central = central
        self.store: UploadStore = central.uploads

    def options(self) -> Response:
        return Response(status_code=204, headers={
            "Tus-Resumable": TUS_VERSION, "Tus-Version": TUS_VERSION,
            "Tus-Extension": TUS_EXTENSIONS, "Tus-Checksum-Algorithm": CHECKSUM_ALGORITHMS,
            "Tus-Max-Size": str(self.central.limits.max_attachment_bytes)})

    # ------------------------------------------------------------------ creation
    async def create(self, request: Request, device: service.DeviceAuth) -> Response:
        if (bad := _check_version(request)) is not None:
            return bad
        h = request.headers
        length = header_int(h.get("content-length", "0"))
        if "transfer-encoding" in h or length is None or length > 0:
            return tus_error(400, "upload.body_not_allowed", "Buat unggahan dengan POST tanpa "
                             "isi, lalu kirim berkas dengan PATCH.")
        if "upload-defer-length" in h or "upload-concat" in h:
            return tus_error(400, "upload.length", "Upload-Defer-Length dan Upload-Concat "
                             "tidak didukung; kirim Upload-Length.")
        size = header_int(h.get("upload-length"))
        if size is None:
            return tus_error(400, "upload.length", "Upload-Length wajib berupa bilangan bulat "
                             "(ukuran berkas harus diketahui di awal).")
        if size > self.central.limits.max_attachment_bytes:
            return tus_error(413, "attachment.too_large",
                             service.MESSAGES["attachment.too_large"])
        header = h.get("upload-metadata", "")
        try:
            meta = parse_metadata(header)
        except ValueError:
            return tus_error(400, "upload.metadata", "Upload-Metadata rusak (pasangan kunci "
                             "dan nilai base64 dipisah koma).")
        try:
            await run_in_threadpool(service.check_upload, self.central.db, device, meta, size,
                                    self.central.limits)
        except service.UploadRefused as exc:
            return tus_error(exc.status, exc.code, exc.message)
        state = await run_in_threadpool(self.store.create, device.device_id, meta["report_id"],
                                        meta["attachment_id"], size, header[:4000])
        if size == 0:  # nothing to send: finished at creation, under a lease like any other
            lease = await run_in_threadpool(self.store.acquire, device.device_id, state.id)
            try:
                done = await run_in_threadpool(self._complete, lease)
                if done.status_code != 204:
                    return done
            finally:
                await run_in_threadpool(self.store.release, lease)
        location = str(request.base_url).rstrip("/") + f"{TUS_PATH}{state.id}"
        return Response(status_code=201, headers={
            "Location": location, "Tus-Resumable": TUS_VERSION,
            "Upload-Expires": _expires(state)})

    def _complete(self, lease: Lease, key: str | None = None, size: int = 0) -> Response:
        """Verify and file a fully received upload (worker thread): the recorded parts plus
        the last one, ``key`` of ``size`` bytes at the lease's offset, stored but not yet
        recorded (it counts only if the upload is filed)."""
        state = lease.state
        parts = self.store.parts(state.id)
        if key is not None:
            parts.append(UploadPart(upload_id=state.id, offset=state.offset, size=size, key=key))
        try:
            service.complete_upload(self.central.db, self.store.storage, state.id, lease.token,
                                    state.report_id, state.attachment_id, parts, state.offset)
        except service.ChecksumMismatch:
            if not self.store.discard(lease):
                if key is not None:
                    self.store.storage.delete_part(key)
                return tus_error(*LEASE_LOST)
            return tus_error(CHECKSUM_MISMATCH, "checksum_mismatch",
                             "sha256 berkas tidak cocok dengan yang dicatat di laporan; berkas "
                             "dibuang. Unggah ulang dari awal.")
        except service.LeaseLost:
            if key is not None:
                self.store.storage.delete_part(key)
            return tus_error(*LEASE_LOST)
        self.store.drop_parts(state.id)
        return _done(state, state.length)

    # ------------------------------------------------------------------ HEAD, DELETE
    async def head(self, upload_id: str, request: Request,
                   device: service.DeviceAuth) -> Response:
        if (bad := _check_version(request)) is not None:
            return Response(status_code=bad.status_code, headers=dict(bad.headers))
        try:
            if not UPLOAD_ID.match(upload_id):
                raise UploadError(404, "upload.not_found", "")
            state = await run_in_threadpool(self.store.get, device.device_id, upload_id)
        except UploadError as exc:
            return Response(status_code=exc.status, headers={"Tus-Resumable": TUS_VERSION,
                                                             "Cache-Control": "no-store"})
        return Response(status_code=200, headers={
            "Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store",
            "Upload-Offset": str(state.offset), "Upload-Length": str(state.length),
            "Upload-Metadata": state.metadata_header, "Upload-Expires": _expires(state)})

    async def delete(self, upload_id: str, request: Request,
                     device: service.DeviceAuth) -> Response:
        if (bad := _check_version(request)) is not None:
            return bad
        try:
            if not UPLOAD_ID.match(upload_id):
                raise UploadError(404, "upload.not_found", "Unggahan tidak ditemukan.")
            await run_in_threadpool(self.store.terminate, device.device_id, upload_id)
        except UploadError as exc:
            return tus_error(exc.status, exc.code, exc.message)
        return Response(status_code=204, headers={"Tus-Resumable": TUS_VERSION})

    # ------------------------------------------------------------------ PATCH
    async def patch(self, upload_id: str, request: Request,
                    device: service.DeviceAuth) -> Response:
        if (bad := _check_version(request)) is not None:
            return bad
        h = request.headers
        try:
            if not UPLOAD_ID.match(upload_id):
                raise UploadError(404, "upload.not_found", "Unggahan tidak ditemukan.")
            if h.get("content-type", "").split(";")[0].strip().lower() != \
                    "application/offset+octet-stream":
                raise UploadError(415, "upload.content_type", "Content-Type PATCH harus "
                                  "application/offset+octet-stream.")
            offset = header_int(h.get("upload-offset"))
            if offset is None:
                raise UploadError(400, "upload.offset", "Upload-Offset wajib bilangan bulat.")
            checksum = _parse_checksum(h.get("upload-checksum"))
            lease = await run_in_threadpool(self.store.acquire, device.device_id, upload_id)
        except UploadError as exc:
            return tus_error(exc.status, exc.code, exc.message)
        try:
            return await self._patch(request, lease, offset, checksum)
        finally:
            await run_in_threadpool(self.store.release, lease)

    async def _patch(self, request: Request, lease: Lease, offset: int,
                     checksum: bytes | None) -> Response:
        state = lease.state
        if offset != state.offset:
            return tus_error(409, "upload.offset_mismatch",
                             f"Upload-Offset {offset} berbeda dari offset server "
                             f"{state.offset}; tanyakan dengan HEAD lalu lanjutkan.")
        room = state.length - state.offset
        declared = header_int(request.headers.get("content-length"))
        if declared is not None and declared > room:
            return tus_error(413, "upload.too_large", "Isi PATCH melebihi Upload-Length.")
        if state.finished:
            return _done(state, state.offset)
        if room == 0:  # every byte recorded (an upload older than this layout): file it
            return await run_in_threadpool(self._complete, lease)
        spool = self.store.storage.spool_path(f"{state.id}-{lease.token}")
        writer = await run_in_threadpool(ChunkWriter, spool, checksum is not None)
        try:
            outcome = await self._stream(request, lease, writer, room)
            await run_in_threadpool(writer.close)
            refused = _refusal(outcome, checksum, writer)
            if refused is not None:
                return refused
            # A checksummed chunk counts whole or not at all; a plain one keeps what came.
            keep = checksum is None or outcome == "ok"
            if keep and writer.written:
                key = await run_in_threadpool(self.store.storage.put_part, state.id,
                                              state.offset, lease.token, spool)
                if outcome == "ok" and writer.written == room:  # the last bytes: file it
                    return await run_in_threadpool(self._complete, lease, key, writer.written)
                if not await run_in_threadpool(self._record_part, lease, key, writer.written):
                    return tus_error(*LEASE_LOST)
        finally:
            await run_in_threadpool(writer.drop)
        if outcome != "ok":
            return Response(status_code=400)  # the client is gone; nobody reads this
        return _done(state, state.offset + writer.written)

    def _record_part(self, lease: Lease, key: str, size: int) -> bool:
        """Count a stored part under the lease (worker thread); a part the lease no longer
        covers is deleted again and changes nothing."""
        if self.store.record(lease, lease.state.offset, key, size):
            return True
        self.store.storage.delete_part(key)
        log.info("upload %s: a PATCH whose lease was lost changed nothing", lease.state.id)
        return False

    async def _stream(self, request: Request, lease: Lease, writer: ChunkWriter,
                      room: int) -> str:
        """Read the body into ``writer``: "ok", "too_large", "disconnected" or "lost" (the
        lease passed to another request: stop, nothing of this body may count)."""
        buf = bytearray()
        renewed = time.monotonic()
        try:
            async for chunk in request.stream():
                if writer.written + len(buf) + len(chunk) > room:
                    return "too_large"
                buf += chunk
                if len(buf) >= WRITE_BLOCK:
                    await run_in_threadpool(writer.write, bytes(buf))
                    buf.clear()
                if time.monotonic() - renewed > RENEW_EVERY_S:
                    if not await run_in_threadpool(self.store.renew, lease):
                        return "lost"
                    renewed = time.monotonic()
        except ClientDisconnect:
            if buf:
                await run_in_threadpool(writer.write, bytes(buf))
            return "disconnected"
        if buf:
            await run_in_threadpool(writer.write, bytes(buf))
        return "ok"


def _refusal(outcome: str, checksum: bytes | None, writer: ChunkWriter) -> Response | None:
    """The answer to a PATCH whose body does not count, or None."""
    if outcome == "too_large":
        return tus_error(413, "upload.too_large", "Isi PATCH melebihi Upload-Length.")
    if outcome == "lost":
        return tus_error(*LEASE_LOST)
    if checksum is not None and outcome == "ok" and writer.hash is not None \
            and writer.hash.digest() != checksum:
        return tus_error(CHECKSUM_MISMATCH, "checksum_mismatch",
                         "Upload-Checksum tidak cocok dengan isi PATCH; potongan ini dibuang.")
    return None


def _done(state: UploadState, offset: int) -> Response:
    return Response(status_code=204, headers={
        "Tus-Resumable": TUS_VERSION, "Upload-Offset": str(offset),
        "Upload-Expires": _expires(state)})


def _headers_doc(*names: str) -> dict[str, Any]:
    """OpenAPI description of a tus request's headers for clients and fuzzers; the handlers
    check them themselves, with the statuses of docs/sync-protocol.md. (The PATCH body,
    application/offset+octet-stream, is left out: schema tools cannot generate it.)"""
    schemas = {
        "Tus-Resumable": {"type": "string", "enum": [TUS_VERSION]},
        "Upload-Length": {"type": "string", "pattern": "^[0-9]{1,18}$"},
        "Upload-Metadata": {"type": "string"},
        "Upload-Offset": {"type": "string", "pattern": "^[0-9]{1,18}$"},
        "Upload-Checksum": {"type": "string"},
    }
    return {"parameters": [
        {"in": "header", "name": n, "required": n != "Upload-Checksum", "schema": schemas[n]}
        for n in names]}


def add_tus_routes(app: FastAPI, central: Any, require_device: Callable[..., Any]) -> None:
    api = TusApi(central)
    base = TUS_PATH.rstrip("/")
    tags = ["tus"]
    auth = Depends(require_device)

    @app.options(base + "/", tags=tags, summary="tus capabilities (no auth)",
                 status_code=204, response_class=Response)
    async def tus_options() -> Response:
        return api.options()

    @app.options(base + "/{upload_id}", tags=tags, include_in_schema=False)
    async def tus_options_upload(upload_id: str) -> Response:
        return api.options()

    @app.post(base + "/", tags=tags, status_code=201, response_class=Response,
              summary="Create an upload for an attachment central asked for (no body)",
              openapi_extra=_headers_doc("Tus-Resumable", "Upload-Length", "Upload-Metadata"))
    async def tus_create(request: Request, device: service.DeviceAuth = auth) -> Response:
        return await api.create(request, device)

    @app.head(base + "/{upload_id}", tags=tags, response_class=Response,
              summary="Offset of an upload (200 also for a finished one: offset = length)",
              openapi_extra=_headers_doc("Tus-Resumable"))
    async def tus_head(upload_id: str, request: Request,
                       device: service.DeviceAuth = auth) -> Response:
        return await api.head(upload_id, request, device)

    @app.delete(base + "/{upload_id}", tags=tags, status_code=204, response_class=Response,
                summary="Terminate an upload of this device",
                openapi_extra=_headers_doc("Tus-Resumable"))
    async def tus_delete(upload_id: str, request: Request,
                         device: service.DeviceAuth = auth) -> Response:
        return await api.delete(upload_id, request, device)

    @app.patch(base + "/{upload_id}", tags=tags, status_code=204, response_class=Response,
               summary="Append bytes at Upload-Offset (application/offset+octet-stream)",
               openapi_extra=_headers_doc("Tus-Resumable", "Upload-Offset", "Upload-Checksum"))
    async def tus_patch(upload_id: str, request: Request,
                        device: service.DeviceAuth = auth) -> Response:
        return await api.patch(upload_id, request, device)
