"""Plain functions the CLI and the UI share: enrolment, building an engine, one run."""

from __future__ import annotations

import threading

from lapor_desktop import credentials, delivery
from lapor_desktop.sync import state as sync_state
from lapor_desktop.sync.engine import ProgressCallback, SyncEngine, SyncSummary
from lapor_desktop.sync.gateway import Enrollment, Gateway
from lapor_desktop.sync.http import LaporHttpGateway, default_device_name
from lapor_desktop.sync.summary import META_CURSOR, MSG_NOT_CONFIGURED, MSG_NOT_ENROLLED
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
    raw = delivery.parse_central_key(result.central_key)
    if raw is not None and delivery.remember_central_key(ws, raw):
        # From now on finalised identities are sealed to central; waiting ones at once.
        delivery.seal_pending(ws, actor)
    ws.settings.endpoint_url = url
    ws.settings.save(ws.paths)
    sync_state.forget_enrolment_errors(ws)
    if url != previous:
        # A status cursor is only meaningful to the server that issued it: another server
        # would take it as valid and skip its own first events.
        ws.db.set_meta(META_CURSOR, "")
    return result


def make_engine(ws: Workspace, actor: Actor, gateway: Gateway | None = None) -> SyncEngine:
    return SyncEngine(ws, actor, gateway or make_gateway(ws))


def not_ready(ws: Workspace) -> SyncSummary | None:
    """The summary of a run that cannot start (no server address, no device token), before
    any gateway is built; None when a run may start."""
    if not ws.settings.endpoint_url:
        return SyncSummary(outcome="not_enrolled", message=MSG_NOT_CONFIGURED)
    if not sync_state.is_enrolled(ws):
        return SyncSummary(outcome="not_enrolled", message=MSG_NOT_ENROLLED)
    return None


def run_sync(ws: Workspace, actor: Actor, *, progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None, manual: bool = True) -> SyncSummary:
    """One run with the configured server, or the reason it cannot start."""
    early = not_ready(ws)
    if early is not None:
        return early
    engine = make_engine(ws, actor)
    try:
        return engine.run_once(progress=progress, cancel=cancel, manual=manual)
    finally:
        engine.gateway.close()
