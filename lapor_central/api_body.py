"""JSON request bodies of the sync API: parsed and validated in a worker thread, bounded.

FastAPI would parse a declared body model on the event loop (``json.loads``, then
pydantic), so one large or hostile body stalls every other request for as long as it
takes, and a model that forbids unknown members answers an object of 80,000 members with
80,000 errors. Here the handlers are plain ``def`` (run in the thread pool) and take the
raw bytes; :func:`parse_json` and :func:`validate` then

* accept UTF-8 only (the protocol says so; ``json.loads`` would also read UTF-16/32),
* count members and list lengths before pydantic sees them (``have`` ≤ the batch limit),
* stop at :data:`MAX_ERRORS` field errors, each member text cut to :data:`MAX_TEXT`,
  so an error body stays far below 16 KB.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import orjson
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

MAX_ERRORS = 10
MAX_TEXT = 200
# Byte caps of routes whose valid bodies are small: an enrolment is four short strings
# (even fully \u-escaped under 4 KB); a have entry is an id and a hash (~125 bytes).
ENROLL_MAX_BYTES = 4096
HAVE_ENTRY_BYTES = 256
M = TypeVar("M", bound=BaseModel)

MSG_INVALID_JSON = "Badan permintaan bukan JSON UTF-8 yang sah."
MSG_INVALID_REQUEST = ("Permintaan tidak sesuai skema protokol (jenis isian salah, isian wajib "
                       "kosong, atau isian tidak dikenal).")


class ApiError(Exception):
    """An error answer of the sync API: ``{"error", "message", "errors"}`` with a status."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None,
                 errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.errors = errors or []


def json_response(content: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """A JSON answer rendered with orjson where it is built (in the handler's thread)."""
    return Response(orjson.dumps(content), status_code=status, headers=headers,
                    media_type="application/json")


def _cut(text: str) -> str:
    text = text[:MAX_TEXT]
    # A lone surrogate (a valid JSON escape, not UTF-8) cannot be sent back.
    return text.encode("utf-8", "replace").decode("utf-8")


def parse_json(raw: bytes, max_bytes: int | None = None) -> Any:
    """The JSON value of a UTF-8 body; ApiError 400 ``invalid_json`` otherwise, 413
    ``too_large`` over the route's own ``max_bytes``.

    Parsing holds the interpreter lock (orjson is one C call: about 0.2 s for 80,000
    members on a loaded 2-core machine), so a route whose valid bodies are small refuses a
    large one by its length, before parsing it."""
    if max_bytes is not None and len(raw) > max_bytes:
        raise ApiError(413, "too_large", f"Badan permintaan untuk alamat ini paling banyak "
                       f"{max_bytes} bita.")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    # orjson refuses lone surrogate escapes ("\ud800"), which are valid JSON; the item
    # check rejects them one by one instead of failing the whole batch. Only bodies that
    # are valid UTF-8 get this second, slower parse.
    if b"\\u" in raw:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            pass
    raise ApiError(400, "invalid_json", MSG_INVALID_JSON)


def _field_error(loc: tuple[Any, ...] | list[Any], code: str, message: str) -> dict[str, str]:
    return {"field": _cut(".".join(str(p) for p in loc)), "code": _cut(code),
            "message": _cut(message)}


def validate(model: type[M], data: Any, caps: dict[str, tuple[int, str]] | None = None) -> M:
    """``data`` as ``model``, or ApiError: 422 with at most MAX_ERRORS field errors, or 413
    ``too_many`` when a list member named in ``caps`` (name -> (limit, message)) is longer
    than its limit. Members and lengths are counted before pydantic runs."""
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_request", MSG_INVALID_REQUEST,
                       errors=[_field_error((), "model_type", "Input should be an object")])
    unknown = [k for k in data if k not in model.model_fields]
    if unknown:
        raise ApiError(422, "invalid_request", MSG_INVALID_REQUEST, errors=[
            _field_error((k,), "extra_forbidden", "Extra inputs are not permitted")
            for k in unknown[:MAX_ERRORS]])
    for name, (limit, message) in (caps or {}).items():
        value = data.get(name)
        if isinstance(value, list) and len(value) > limit:
            raise ApiError(413, "too_many", message)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errs = exc.errors(include_url=False, include_input=False, include_context=False)
        raise ApiError(422, "invalid_request", MSG_INVALID_REQUEST, errors=[
            _field_error(e.get("loc", ()), str(e.get("type", "invalid")),
                         str(e.get("msg", ""))) for e in errs[:MAX_ERRORS]]) from None


def request_body_doc(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON body the handler reads itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}
