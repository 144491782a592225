"""HTTP routes of the desk under ``/desk``: sign-in, queue, report page, actions.

Pages are server-rendered Jinja2 (autoescaped); every form carries a CSRF token; every page
and action needs a session; a report outside the staff member's scope is a 404.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from lapor_central import anchors
from lapor_central.desk import queue as queue_mod
from lapor_central.desk import reports, sessions
from lapor_central.desk import staff as staff_mod
from lapor_central.desk.clock import today_wib
from lapor_central.desk.views import template_globals
from lapor_central.http_util import content_disposition
from lapor_central.models import Attachment
from lapor_central.storage import Storage

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "lapor_desk"
LOGIN_CSRF_COOKIE = "lapor_desk_login"
MESSAGES = {
    "aksi": "Tindakan tersimpan; desa menerimanya pada sinkronisasi berikutnya.",
    "dialihkan": "Laporan diteruskan ke instansi lain dan keluar dari antrean Anda.",
    "keluar": "Anda sudah keluar.",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(template_globals())


def attachment_response(storage: Storage, att: Attachment) -> Response | None:
    """A filed attachment from either storage backend, or None when it is not there."""
    inline = att.media_type in reports.INLINE_IMAGES
    media_type = att.media_type if inline else "application/octet-stream"
    disposition = "inline" if inline else "attachment"
    path = storage.local_attachment(att.report_id, att.id)
    # RFC 6266 with the name sanitised: a village may send any file name.
    header = {"Content-Disposition": content_disposition(disposition, att.file_name)}
    if path is not None:  # on this machine's disk: served with Range support
        return FileResponse(path, media_type=media_type, headers=header)
    opened = storage.open_attachment(att.report_id, att.id)
    if opened is None:
        return None
    size, chunks = opened  # object storage: streamed through, never held whole
    return StreamingResponse(chunks, media_type=media_type,
                             headers={"Content-Length": str(size), **header})


def _https(request: Request) -> bool:
    return request.url.scheme == "https" or \
        request.headers.get("x-forwarded-proto", "").lower() == "https"


def _secure(resp: Response) -> Response:
    for k, v in SECURITY_HEADERS.items():
        resp.headers.setdefault(k, v)
    return resp


def _page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    return _secure(templates.TemplateResponse(request, name, ctx, status_code=status))


def _to_login() -> Response:
    return _secure(RedirectResponse("/desk/masuk", status_code=303))


class TimedRoute(APIRoute):
    """Adds ``Server-Timing: app;dur=<ms>`` (the handler's time, no network) to responses."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def timed(request: Request) -> Response:
            started = time.perf_counter()
            response = await handler(request)
            ms = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={ms:.1f}"
            return response

        return timed


def build_router(central: Any) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False, route_class=TimedRoute)
    db = central.db

    def user_of(request: Request) -> sessions.DeskUser | None:
        return sessions.current_user(db, request.cookies.get(SESSION_COOKIE))

    def not_found(request: Request, user: sessions.DeskUser) -> Response:
        return _page(request, "not_found.html", {"user": user}, 404)

    def forbidden(request: Request) -> Response:
        return _page(request, "forbidden.html", {"user": None}, 403)

    @router.get("/masuk")
    def login_form(request: Request) -> Response:
        if user_of(request) is not None:
            return _secure(RedirectResponse("/desk/", status_code=303))
        return _login_page(request, None, 200, request.query_params.get("pesan"))

    @router.post("/masuk")
    def login(request: Request, username: str = Form("", max_length=200),
              password: str = Form("", max_length=1000),
              csrf: str = Form("", max_length=100)) -> Response:
        if not sessions.csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE), csrf):
            return _login_page(request, "Formulir kedaluwarsa; silakan coba lagi.", 403)
        try:
            who = staff_mod.sign_in(db, username, password)
        except staff_mod.LoginLocked as exc:
            return _login_page(request, str(exc), 429)
        if who is None:
            return _login_page(request, "Nama pengguna atau kata sandi salah.", 401)
        resp = RedirectResponse("/desk/", status_code=303)
        resp.set_cookie(SESSION_COOKIE, sessions.start_session(db, who), httponly=True,
                        samesite="strict", secure=_https(request), path="/desk")
        resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/desk/masuk")
        return _secure(resp)

    def _login_page(request: Request, error: str | None, status: int,
                    note: str | None = None) -> Response:
        token = secrets.token_urlsafe(32)
        resp = _page(request, "login.html", {"user": None, "csrf": token, "error": error,
                                             "message": MESSAGES.get(note or "")}, status)
        resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=_https(request), path="/desk/masuk", max_age=3600)
        return resp

    @router.post("/keluar")
    def logout(request: Request, csrf: str = Form("", max_length=100)) -> Response:
        user = user_of(request)
        if user is None:
            return _to_login()
        if not sessions.csrf_ok(user.csrf, csrf):
            return forbidden(request)
        sessions.end_session(db, user.token_hash)
        resp = RedirectResponse("/desk/masuk?pesan=keluar", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/desk")
        return _secure(resp)

    @router.get("/")
    def queue_page(request: Request) -> Response:
        user = user_of(request)
        if user is None:
            return _to_login()
        f = queue_mod.QueueFilter.parse(dict(request.query_params))
        today = today_wib()
        page = queue_mod.load_page(db, user.staff, f, today)
        return _page(request, "queue.html", {
            "user": user, "f": f, "page": page, "today": today,
            "catalog": central.catalog,
            "anchor_flags": anchors.flagged(db) if user.staff.is_kabupaten else [],
            "message": MESSAGES.get(request.query_params.get("pesan") or "")})

    _add_report_routes(router, central, user_of, not_found, forbidden)
    return router


def _add_report_routes(router: APIRouter, central: Any, user_of, not_found, forbidden) -> None:
    db = central.db

    def report_page(request: Request, user, view, error: str | None = None,
                    status: int = 200, form: dict[str, str] | None = None) -> Response:
        # ``form`` gives back what was typed when an action is refused: nothing is lost.
        return _page(request, "report.html", {
            "user": user, "v": view, "today": today_wib(), "catalog": central.catalog,
            "error": error, "form": form or {},
            "anchor_flag": anchors.flag_for(db, [view.report.origin_device_id])
            if user.staff.is_kabupaten else None,
            "message": MESSAGES.get(request.query_params.get("pesan") or "")}, status)

    @router.get("/laporan/{report_id}")
    def report_view(request: Request, report_id: str) -> Response:
        user = user_of(request)
        if user is None:
            return _to_login()
        view = reports.load(db, user.staff, report_id)
        return not_found(request, user) if view is None else report_page(request, user, view)

    @router.post("/laporan/{report_id}/identitas")
    def reveal(request: Request, report_id: str, reason: str = Form("", max_length=4000),
               csrf: str = Form("", max_length=100)) -> Response:
        user = user_of(request)
        if user is None or not sessions.csrf_ok(user.csrf, csrf):
            return forbidden(request)
        try:
            text = reports.check_reason(reason)
        except reports.ActionRefused as exc:
            view = reports.load(db, user.staff, report_id)
            if view is None:
                return not_found(request, user)
            return report_page(request, user, view, str(exc), 422, {"reason": reason})
        view = reports.load(db, user.staff, report_id, reveal_reason=text)
        return not_found(request, user) if view is None else report_page(request, user, view)

    @router.post("/laporan/{report_id}/aksi")
    def act(request: Request, report_id: str, action: str = Form("", max_length=40),
            note: str = Form("", max_length=100_000), agency: str = Form("", max_length=100),
            csrf: str = Form("", max_length=100),
            seen: str = Form("", max_length=40)) -> Response:
        user = user_of(request)
        if user is None or not sessions.csrf_ok(user.csrf, csrf):
            return forbidden(request)
        try:
            reports.perform(db, user.staff, report_id, action, note, agency or None,
                            central.catalog.agencies, seen=seen or None)
        except LookupError:
            return not_found(request, user)
        except reports.ActionRefused as exc:
            view = reports.load(db, user.staff, report_id)
            if view is None:
                return not_found(request, user)
            return report_page(request, user, view, str(exc), 422,
                               {"note": note, "agency": agency})
        if not queue_mod.visible(db, user.staff, report_id):
            return _secure(RedirectResponse("/desk/?pesan=dialihkan", status_code=303))
        return _secure(RedirectResponse(f"/desk/laporan/{report_id}?pesan=aksi",
                                        status_code=303))

    @router.get("/laporan/{report_id}/lampiran/{attachment_id}")
    def attachment(request: Request, report_id: str, attachment_id: str) -> Response:
        user = user_of(request)
        if user is None:
            return _to_login()
        view = reports.load(db, user.staff, report_id)
        att = next((a for a in view.attachments if a.id == attachment_id), None) \
            if view is not None else None
        sent = attachment_response(central.storage, att) \
            if att is not None and att.received_at is not None else None
        return not_found(request, user) if sent is None else _secure(sent)
