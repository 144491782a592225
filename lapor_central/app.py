"""The FastAPI application: the sync protocol under /api/v1 plus tus uploads.

Endpoints doing database work are plain ``def`` (FastAPI runs them in its thread pool).
Request bodies pass through :class:`BodyGuard` first: size limits (compressed and
decompressed), gzip decoding with a bomb guard, so handlers only see bounded JSON.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lapor_central import (
    API_PREFIX,
    PROTOCOL_NAME,
    PROTOCOL_VERSION,
    TUS_PATH,
    desk,
    schemas,
    service,
)
from lapor_central.anchors import add_routes as add_anchor_routes
from lapor_central.api_body import (
    ENROLL_MAX_BYTES,
    HAVE_ENTRY_BYTES,
    MAX_ERRORS,
    ApiError,
    json_response,
    parse_json,
    request_body_doc,
    validate,
)
from lapor_central.central_key import add_routes as add_central_key_routes
from lapor_central.db import Database, iso_utc, utcnow
from lapor_central.deadlines import deadline_for
from lapor_central.http_util import header_int
from lapor_central.service import DeviceAuth, Limits
from lapor_central.storage import Storage, open_storage
from lapor_central.tus.routes import add_tus_routes
from lapor_central.tus.store import UploadStore
from lapor_protocol.domain import RemoteStatus

log = logging.getLogger(__name__)

PROTOCOL_HEADER = "X-Lapor-Protocol"
# A body larger than this is not even drained before answering 413.
DRAIN_LIMIT = 64 * 1024 * 1024
# What FastAPI raises (HTTPException 400) when parsing a JSON body fails other than by a
# JSONDecodeError (RecursionError on deep nesting): the protocol calls that invalid_json.
FASTAPI_BODY_PARSE_ERROR = "There was an error parsing the body"


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   errors: list[dict[str, str]] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, "errors": errors or []},
                        status_code=status, headers=headers)


@dataclass
class Central:
    """What the request handlers share: database, limits, storage and catalogue."""

    db: Database
    storage: Storage
    limits: Limits
    catalog: service.Catalog = field(init=False)
    uploads: UploadStore = field(init=False)

    def __post_init__(self) -> None:
        self.catalog = service.load_catalog(self.db)
        self.uploads = UploadStore(self.db, self.storage)


# --------------------------------------------------------------------------- middleware

async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    resp = error_response(status, code, message, headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)})
    resp.headers["Connection"] = "close"
    await resp({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - JSONResponse never reads
    return {"type": "http.disconnect"}


class BodyGuard:
    """Bound request bodies before any handler runs; decode ``Content-Encoding: gzip``.

    Both the bytes on the wire and the decompressed bytes count against
    ``max_batch_bytes``; decompression stops as soon as the limit is passed, so a gzip
    bomb costs at most that much memory.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity", "gzip"):
            await _send_error(send, 415, "unsupported_encoding",
                              "Content-Encoding hanya boleh gzip atau identity.")
            return
        too_large = ("Badan permintaan melebihi batas server ("
                     f"{self.max_bytes} bita); kirim dalam kelompok yang lebih kecil.")
        declared = header_int(headers.get("content-length"))
        if declared is not None and declared > DRAIN_LIMIT:
            await _send_error(send, 413, "too_large", too_large)
            return
        body = bytearray()
        over = False
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            if not over:
                body += chunk
                if len(body) > self.max_bytes:
                    over = True
                    body.clear()
            if not message.get("more_body", False):
                break
        if over:
            await _send_error(send, 413, "too_large", too_large)
            return
        if encoding == "gzip":
            try:
                raw = bytes(body)
                # Inflating up to max_batch_bytes takes tens of ms: not on the event loop.
                data = await run_in_threadpool(self._gunzip, raw) if len(raw) > 16_384 \
                    else self._gunzip(raw)
            except OverflowError:
                await _send_error(send, 413, "too_large", too_large)
                return
            except (zlib.error, EOFError):
                await _send_error(send, 400, "bad_encoding",
                                  "Badan permintaan bukan data gzip yang utuh.")
                return
        else:
            data = bytes(body)
        new_headers = MutableHeaders(scope={"type": "http", "headers": [
            (k, v) for k, v in scope["headers"]
            if k.lower() not in (b"content-encoding", b"content-length")]})
        new_headers["content-length"] = str(len(data))
        scope = dict(scope, headers=new_headers.raw)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _gunzip(self, raw: bytes) -> bytes:
        d = zlib.decompressobj(wbits=31)
        out = d.decompress(raw, self.max_bytes + 1)
        if len(out) > self.max_bytes or d.unconsumed_tail:
            raise OverflowError
        if not d.eof:
            raise EOFError
        if d.unused_data:
            raise zlib.error("trailing data after gzip member")
        return out


# Answers that refuse a request; an address collecting too many is refused for a while.
REFUSED_STATUSES = frozenset({400, 401, 403, 413, 415, 422})
REFUSED_PER_MINUTE = 600


class CentralMiddleware:
    """Protocol header on every response; body guard and response gzip outside tus routes;
    under /api/v1, an address whose requests were refused ``refused_per_minute`` times in
    the last minute gets 429 before its next body is read (the limit is per process)."""

    def __init__(self, app: ASGIApp, max_bytes: int,
                 refused_per_minute: int = REFUSED_PER_MINUTE) -> None:
        self.raw = app
        self.guarded = GZipMiddleware(BodyGuard(app, max_bytes), minimum_size=1024)
        self.refused = service.AttemptLimiter(refused_per_minute, 60.0) \
            if refused_per_minute > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.raw(scope, receive, send)
            return
        limiter = self.refused if scope["path"].startswith(API_PREFIX) else None
        addr = (scope.get("client") or ("?", 0))[0]
        if limiter is not None and (wait := limiter.blocked(addr)):
            resp = error_response(429, "too_many_refused", "Terlalu banyak permintaan yang "
                                  "ditolak dari alamat ini; coba lagi nanti.",
                                  {PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                                   "Retry-After": str(wait), "Connection": "close"})
            await resp(scope, _no_receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
                if limiter is not None and message["status"] in REFUSED_STATUSES:
                    limiter.failed(addr)
            await send(message)

        if scope["path"].startswith(TUS_PATH.rstrip("/")):
            # tus handlers stream their own bodies, after authentication (tus/routes.py).
            await self.raw(scope, receive, send_with_header)
            return
        await self.guarded(scope, receive, send_with_header)


# --------------------------------------------------------------------------- app

bearer = HTTPBearer(auto_error=False, description="Device token from POST /api/v1/enroll")


async def body_bytes(request: Request) -> bytes:
    """The request body (BodyGuard has bounded and buffered it already): parsing and
    validation happen in the handler, off the event loop (lapor_central/api_body.py)."""
    return await request.body()


def get_central(request: Request) -> Central:
    return request.app.state.central


def require_device(request: Request,
                   creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> DeviceAuth:
    unauthorized = {"WWW-Authenticate": "Bearer"}
    if creds is None or not creds.credentials:
        raise ApiError(401, "unauthorized", "Token perangkat tidak ada. Daftarkan perangkat "
                       "dengan kode pendaftaran.", unauthorized)
    device = service.authenticate(get_central(request).db, creds.credentials)
    if device is None:
        raise ApiError(401, "unauthorized", "Token perangkat tidak dikenal atau sudah dicabut. "
                       "Daftarkan ulang perangkat.", unauthorized)
    return device


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorResponse, "description": desc} for code, desc in {
        400: "Malformed body (not JSON, bad gzip) or bad parameter",
        401: "Missing, unknown or revoked token",
        413: "Body over max_batch_bytes (wire or decompressed) or more than max_batch_count "
             "items",
        415: "Unsupported Content-Encoding",
        422: "Wrong types, missing or unknown members",
    }.items()
}


ENV_DB, ENV_STORAGE, ENV_LIMITS, ENV_REFUSED = (
    "LAPOR_CENTRAL_DB", "LAPOR_CENTRAL_STORAGE", "LAPOR_CENTRAL_LIMITS",
    "LAPOR_CENTRAL_REFUSED_PER_MINUTE")
ENV_THREADS = "LAPOR_CENTRAL_THREADS"
ENV_WORK_DIR = "LAPOR_CENTRAL_WORK_DIR"


def app_from_env() -> FastAPI:
    """The app of one worker process under ``serve --workers N`` (uvicorn factory): the
    parent has migrated the database and passes its settings in the environment."""
    limits = Limits(**json.loads(os.environ.get(ENV_LIMITS) or "{}"))
    return create_app(os.environ[ENV_DB], os.environ[ENV_STORAGE], limits, migrate=False,
                      refused_per_minute=int(os.environ.get(ENV_REFUSED) or
                                             REFUSED_PER_MINUTE),
                      threads=int(os.environ.get(ENV_THREADS) or 0),
                      work_dir=os.environ.get(ENV_WORK_DIR) or None)


def create_app(db_url: str, storage: str | Path | Storage, limits: Limits | None = None,
               migrate: bool = True, work_dir: str | Path | None = None,
               refused_per_minute: int = REFUSED_PER_MINUTE, threads: int = 0) -> FastAPI:
    """``storage``: a directory or ``s3://BUCKET/PREFIX`` (lapor_central/storage.py);
    ``work_dir``: this process's scratch directory (default: see ``open_storage``)."""
    limits = limits or Limits()
    if not isinstance(storage, Storage):
        storage = open_storage(storage, work_dir)
    db = Database(db_url)
    if migrate:
        db.migrate()
    central = Central(db=db, storage=storage, limits=limits)
    removed = central.uploads.expire() + central.uploads.remove_orphans()
    if removed:
        log.info("removed %d expired or abandoned uploads", removed)
    # Load the region table and the holiday calendar now: the first push of every worker
    # would otherwise spend seconds importing them, with a morning's villages waiting.
    service.valid_enrol_region("61.05")
    deadline_for(RemoteStatus.DITERIMA.value, utcnow(), utcnow())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if threads:
            # Handlers are CPU-bound Python sharing one interpreter lock: fewer threads
            # keep a transaction that holds the counter rows from waiting behind dozens
            # of validations (anyio's default is 40).
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(title="LAPOR central (reference server)", version="1", lifespan=lifespan,
                  description="Sync protocol lapor-sync v1; see docs/sync-protocol.md.",
                  docs_url=f"{API_PREFIX}/docs", redoc_url=None,
                  openapi_url=f"{API_PREFIX}/openapi.json")
    app.state.central = central
    app.add_middleware(CentralMiddleware, max_bytes=limits.max_batch_bytes,
                       refused_per_minute=refused_per_minute)
    _install_error_handlers(app)
    _add_routes(app, central)
    add_tus_routes(app, central, require_device)
    add_anchor_routes(app, central, require_device)
    add_central_key_routes(app, central, require_device)
    desk.mount(app, central)  # the agency desk at /desk/
    _custom_openapi(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = exc.errors()[:MAX_ERRORS]  # an error body stays small
        if any(e.get("type") == "json_invalid" for e in errs):
            return error_response(400, "invalid_json", "Badan permintaan bukan JSON yang sah.")
        fields = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or
                   ".".join(str(p) for p in e.get("loc", ())),
                   "code": str(e.get("type", "invalid")),
                   "message": str(e.get("msg", ""))} for e in errs]
        return error_response(422, "invalid_request",
                              "Permintaan tidak sesuai skema protokol (jenis isian salah, "
                              "isian wajib kosong, atau isian tidak dikenal).",
                              errors=jsonable_encoder(fields))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 304:
            return Response(status_code=304, headers=headers)
        if exc.status_code == 400 and exc.detail == FASTAPI_BODY_PARSE_ERROR:
            # e.g. JSON nested deeper than the parser's recursion limit
            return error_response(400, "invalid_json", "Badan permintaan bukan JSON yang sah.")
        return error_response(exc.status_code, f"http_{exc.status_code}", str(exc.detail),
                              headers)

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", type(exc).__name__)
        return error_response(500, "internal", "Kesalahan di server; coba lagi nanti.")


def _add_enrol_route(app: FastAPI, central: Central) -> None:
    tags = ["sync"]

    @app.post(f"{API_PREFIX}/enroll", response_model=schemas.EnrollResponse, tags=tags,
              summary="Exchange a one-time enrolment code for a device token (no auth)",
              responses={403: {"model": schemas.ErrorResponse,
                               "description": "Unknown, used or expired code"},
                         409: {"model": schemas.ErrorResponse,
                               "description": "device_exists: the device id is enrolled and "
                                              "the code does not replace it"},
                         429: {"model": schemas.ErrorResponse,
                               "description": "Too many refused attempts from this address "
                                              "(Retry-After)"},
                         **{k: v for k, v in ERRORS.items() if k != 401}},
              openapi_extra=request_body_doc(schemas.EnrollRequest))
    def enroll(request: Request, raw: bytes = Depends(body_bytes)) -> Response:
        body = validate(schemas.EnrollRequest, parse_json(raw, ENROLL_MAX_BYTES))
        addr = request.client.host if request.client else "?"
        wait = service.claim_enrol_attempt(central.db, addr)
        if wait:
            raise ApiError(429, "too_many_attempts", "Terlalu banyak percobaan pendaftaran "
                           "yang ditolak dari alamat ini; coba lagi nanti.",
                           {"Retry-After": str(wait)})
        try:
            # A success gives the attempt back in its own transaction: only refusals count.
            out = service.enroll(central.db, body.code, body.device_id, body.device_name,
                                 address=addr)
        except service.DeviceExists as exc:
            raise ApiError(409, "device_exists", str(exc)) from None
        except service.EnrollmentRefused as exc:
            raise ApiError(403, "enrollment_refused", str(exc)) from None
        return json_response(out)


def _add_routes(app: FastAPI, central: Central) -> None:
    tags = ["sync"]
    _add_enrol_route(app, central)

    @app.get(f"{API_PREFIX}/ping", response_model=schemas.PingResponse, tags=tags,
             summary="Preflight: protocol, server time and limits (no auth)")
    def ping(response: Response) -> dict[str, Any]:
        response.headers["Cache-Control"] = "no-store"
        return {"protocol": PROTOCOL_NAME, "version": PROTOCOL_VERSION,
                "server_time": iso_utc(utcnow()),
                "limits": {"max_batch_count": central.limits.max_batch_count,
                           "max_batch_bytes": central.limits.max_batch_bytes,
                           "max_attachment_bytes": central.limits.max_attachment_bytes},
                "tus_path": TUS_PATH}

    @app.get(f"{API_PREFIX}/catalog", response_model=schemas.CatalogResponse, tags=tags,
             summary="Categories, agencies and routing rules",
             responses={304: {"description": "If-None-Match names the current version"},
                        401: ERRORS[401]})
    def catalog(request: Request, _device: DeviceAuth = Depends(require_device)) -> Any:
        cat = central.catalog
        etag = f'"{cat.version}"'
        inm = request.headers.get("if-none-match")
        if inm is not None:
            tags_seen = [t.strip().removeprefix("W/") for t in inm.split(",")]
            if "*" in tags_seen or etag in tags_seen:
                return Response(status_code=304, headers={"ETag": etag})
        return JSONResponse(cat.to_dict(), headers={"ETag": etag})

    @app.post(f"{API_PREFIX}/reports/have", response_model=schemas.HaveResponse, tags=tags,
              summary="Which of these reports does central lack?", responses=ERRORS,
              openapi_extra=request_body_doc(schemas.HaveRequest))
    def reports_have(raw: bytes = Depends(body_bytes),
                     device: DeviceAuth = Depends(require_device)) -> Response:
        cap = central.limits.max_batch_count
        too_many = f"Paling banyak {cap} laporan per permintaan."
        if len(raw) > 64 + cap * HAVE_ENTRY_BYTES:  # more entries than allowed, unparsed
            raise ApiError(413, "too_many", too_many)
        body = validate(schemas.HaveRequest, parse_json(raw), {"reports": (cap, too_many)})
        return json_response(service.have(central.db, device,
                                          [(r.id, r.content_hash) for r in body.reports]))

    @app.post(f"{API_PREFIX}/reports/batch", response_model=schemas.BatchResponse, tags=tags,
              summary="Push finalised reports; one result per item, in order",
              responses=ERRORS, openapi_extra=request_body_doc(schemas.BatchRequest))
    def reports_batch(raw: bytes = Depends(body_bytes),
                      device: DeviceAuth = Depends(require_device)) -> Response:
        cap = central.limits.max_batch_count
        body = validate(schemas.BatchRequest, parse_json(raw), {"reports": (
            cap, f"Paling banyak {cap} laporan per kelompok; tidak ada yang disimpan.")})
        results = service.push_batch(central.db, device, body.reports, central.catalog,
                                     central.limits)
        return json_response({"results": results})

    @app.get(f"{API_PREFIX}/status-changes", response_model=schemas.StatusChangesResponse,
             tags=tags, summary="Status changes of this device's reports since a cursor",
             responses=ERRORS)
    def status_changes(device: DeviceAuth = Depends(require_device),
                       cursor: str | None = Query(None, max_length=64, pattern=r"^[A-Za-z0-9_-]*$",
                                                  description="Opaque cursor from the last "
                                                  "answer; absent or empty = from the start"),
                       limit: int = Query(200, ge=1, le=1000)) -> dict[str, Any]:
        try:
            return service.status_changes(central.db, device, cursor, limit)
        except service.BadCursor as exc:
            raise ApiError(400, "bad_cursor", str(exc)) from None


def _custom_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description,
                          routes=app.routes)
        comps = doc.setdefault("components", {}).setdefault("schemas", {})
        for model in (*schemas.DOC_MODELS, *schemas.BODY_MODELS):
            js = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in js.pop("$defs", {}).items():
                comps.setdefault(name, sub)
            comps[model.__name__] = js
        comps["BatchRequest"] = schemas.BATCH_REQUEST_SCHEMA
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
