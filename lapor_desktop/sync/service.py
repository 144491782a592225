"""Plain functions the CLI and the UI share: enrolment and building an engine."""

from __future__ import annotations

from lapor_desktop.sync import credentials
from lapor_desktop.sync.engine import SyncEngine
from lapor_desktop.sync.summary import META_CURSOR
from lapor_desktop.sync.gateway import Enrollment, Gateway
from lapor_desktop.sync.http import LaporHttpGateway, default_device_name
from lapor_desktop.workspace import Actor, Workspace


def make_gateway(ws: Workspace, url: str | None = None) -> LaporHttpGateway:
    return LaporHttpGateway(url or ws.settings.endpoint_url)


def enroll_device(ws: Workspace, actor: Actor, url: str, code: str,
                  gateway: Gateway | None = None, device_name: str | None = None) -> Enrollment:
    """Exchange a one-time code for a device token; keep the endpoint and the token.

    The preflight runs first, so a captive portal is reported as such and the code is not
    spent on it. Raises a GatewayError subclass on failure (nothing is stored then).
    """
    url = url.strip().rstrip("/")
    previous = (ws.settings.endpoint_url or "").strip().rstrip("/")
    gw = gateway or LaporHttpGateway(url)
    try:
        gw.ping()
        result = gw.enroll(code.strip(), ws.device_id, device_name or default_device_name(),
                           ws.region_code)
    finally:
        if gateway is None:
            gw.close()
    credentials.save_token(ws, actor, result.token)
    ws.settings.endpoint_url = url
    ws.settings.save(ws.paths)
    if url != previous:
        # A status cursor is only meaningful to the server that issued it: another server
        # would take it as valid and skip its own first events.
        ws.db.set_meta(META_CURSOR, "")
    return result


def make_engine(ws: Workspace, actor: Actor, gateway: Gateway | None = None) -> SyncEngine:
    return SyncEngine(ws, actor, gateway or make_gateway(ws))
