"""Sending through SMS Gateway for Android (capcom6, Apache-2.0), local server mode.

The phone runs the app's local HTTP API (basic auth): ``POST /messages`` with
``{"id", "textMessage": {"text"}, "phoneNumbers": ["+62…"], "withDeliveryReport", "ttl"}``
answers ``202`` with the message state; ``GET /messages/{id}`` answers the state
(``Pending``, ``Processed``, ``Sent``, ``Delivered``, ``Failed``) or ``404``. We drive it
with the project's own Python client (``android-sms-gateway`` on PyPI), given a
``requests`` session with bounded timeouts, because the client sets none itself.

Never twice for one event: each message carries an id derived from the event
(:func:`message_id`). The app refuses a second message with an id it knows, so sending
again is harmless, and after an unknown outcome :meth:`SmsGateway.reconcile` asks the
phone whether it has the id before anything is sent again. Credentials come from
``LAPOR_SMS_USER`` / ``LAPOR_SMS_PASSWORD`` and are never logged or shown in ``repr``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from android_sms_gateway import APIClient, Message, TextMessage, Webhook, errors
from android_sms_gateway.enums import WebhookEvent
from android_sms_gateway.http import RequestsHttpClient

from lapor_central.nasional.legacy_xml import request_never_left
from lapor_central.sms.gsm7 import fits_one_sms
from lapor_protocol.domain import normalise_phone

ENV_USER = "LAPOR_SMS_USER"
ENV_PASSWORD = "LAPOR_SMS_PASSWORD"
MESSAGE_TTL_S = 24 * 3600   # a status SMS older than a day is worse than none
WEBHOOK_ID = "lapor-sms-received"


class SmsConfigError(ValueError):
    """No URL, or no credentials in the environment."""


class SmsGatewayError(RuntimeError):
    """The phone refused or did not answer a configuration call (``register_webhook``)."""


class SendKind(StrEnum):
    QUEUED = "queued"          # the phone has the message (any state, Failed included)
    TRANSIENT = "transient"    # the phone does not have it: send again later
    PERMANENT = "permanent"    # refused (bad number, bad credentials): a person fixes it
    UNKNOWN = "unknown"        # may have arrived: reconcile() before sending again


@dataclass(frozen=True)
class SendOutcome:
    kind: SendKind
    reason: str
    state: str | None = None          # the app's state when known
    detail: str = ""


def message_id(event_key: str) -> str:
    """The gateway id for one SMS event (e.g. ``"<case>:<status event id>"``): the same
    event always gives the same id, 32 characters of ``[a-z0-9-]``."""
    return "lapor-" + hashlib.sha256(event_key.encode()).hexdigest()[:26]


def to_e164(phone: str) -> str | None:
    """An Indonesian mobile number in E.164 (``+628…``) via lokal-id, or ``None``: a
    landline or foreign number cannot receive our SMS."""
    e164 = normalise_phone(phone)
    return e164 if e164 is not None and e164.startswith("+628") else None


class _TimeoutSession(requests.Session):
    """A session whose every request has the gateway's timeouts and ignores proxies
    from the environment (the phone is on the office LAN)."""

    def __init__(self, timeout: tuple[float, float]) -> None:
        super().__init__()
        self.trust_env = False
        self._timeout = timeout

    def request(self, method: str, url: str,  # type: ignore[override]
                *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        kwargs.setdefault("allow_redirects", False)
        return super().request(method, url, *args, **kwargs)


class SmsGateway:
    def __init__(self, base_url: str, user: str | None = None, password: str | None = None,
                 *, connect_s: float = 5.0, read_s: float = 20.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SmsConfigError("the SMS gateway URL must be http(s)://<phone>:<port>")
        user = user if user is not None else os.environ.get(ENV_USER, "")
        password = password if password is not None else os.environ.get(ENV_PASSWORD, "")
        if not user or not password:
            raise SmsConfigError(f"{ENV_USER} and {ENV_PASSWORD} must be set")
        self.base_url = base_url.rstrip("/")
        self._user, self._password = user, password
        self._timeout = (connect_s, read_s)

    def __repr__(self) -> str:
        return f"SmsGateway({self.base_url!r}, user=***)"

    def _client(self, session: requests.Session) -> APIClient:
        return APIClient(self._user, self._password, base_url=self.base_url,
                         http=RequestsHttpClient(session))

    def send(self, msg_id: str, phone: str, text: str) -> SendOutcome:
        """Queue one SMS on the phone. ``text`` must already fit one GSM-7 SMS."""
        if not fits_one_sms(text):
            raise ValueError("compose the text with lapor_central.sms.messages first")
        e164 = to_e164(phone)
        if e164 is None:
            return SendOutcome(SendKind.PERMANENT, "bad_phone",
                               detail="not an Indonesian mobile number")
        message = Message(phone_numbers=[e164], text_message=TextMessage(text), id=msg_id,
                          with_delivery_report=True, ttl=MESSAGE_TTL_S)
        session = _TimeoutSession(self._timeout)
        try:
            state = self._client(session).send(message)
        except errors.APIError as exc:
            if _is_duplicate(exc):
                return self.reconcile(msg_id)
            return _from_api_error(exc)
        except requests.RequestException as exc:
            return _from_request_error(exc)
        except (KeyError, ValueError, TypeError) as exc:
            return SendOutcome(SendKind.UNKNOWN, "answer_unreadable", detail=type(exc).__name__)
        finally:
            session.close()
        return SendOutcome(SendKind.QUEUED, "queued", state=state.state.value)

    def state(self, msg_id: str) -> SendOutcome:
        """Where the phone is with a message: ``QUEUED`` with its state, ``TRANSIENT``
        ``not_found`` when the phone does not know the id, else as for :meth:`send`."""
        session = _TimeoutSession(self._timeout)
        try:
            got = self._client(session).get_state(quote(msg_id, safe=""))
        except errors.APIError as exc:
            if exc.status_code == 404:
                return SendOutcome(SendKind.TRANSIENT, "not_found")
            return _from_api_error(exc)
        except requests.RequestException as exc:
            out = _from_request_error(exc)
            # A GET changes nothing: whatever went wrong, the answer is just not known yet.
            return SendOutcome(SendKind.UNKNOWN, out.reason, detail=out.detail)
        except (KeyError, ValueError, TypeError) as exc:
            return SendOutcome(SendKind.UNKNOWN, "answer_unreadable", detail=type(exc).__name__)
        finally:
            session.close()
        return SendOutcome(SendKind.QUEUED, "known", state=got.state.value)

    def register_webhook(self, url: str, webhook_id: str = WEBHOOK_ID) -> str:
        """Point the phone's ``sms:received`` webhook at ``url`` (central's route). The
        app replaces a webhook posted with a known id, so calling this at every start
        leaves one registration. :class:`SmsGatewayError` when the phone refuses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SmsConfigError("the webhook URL must be http(s)")
        session = _TimeoutSession(self._timeout)
        try:
            hook = self._client(session).create_webhook(
                Webhook(id=webhook_id, url=url, event=WebhookEvent.SMS_RECEIVED))
        except errors.APIError as exc:
            raise SmsGatewayError(f"http_{exc.status_code}") from exc
        except requests.RequestException as exc:
            raise SmsGatewayError(type(exc).__name__) from exc
        except (KeyError, ValueError, TypeError) as exc:
            raise SmsGatewayError("answer_unreadable") from exc
        finally:
            session.close()
        return str(hook.id)

    def reconcile(self, msg_id: str) -> SendOutcome:
        """After an unknown outcome: ``QUEUED`` if the phone has the message (do not send
        again), ``TRANSIENT`` if it certainly does not (safe to send), else ``UNKNOWN``."""
        return self.state(msg_id)


def _is_duplicate(exc: errors.APIError) -> bool:
    """The app answers a known id with 409, or (older versions) with a 500 whose message
    says the id exists."""
    message = str((exc.response or {}).get("message", "")).lower()
    return exc.status_code == 409 or (exc.status_code == 500 and "already exists" in message)


def _from_api_error(exc: errors.APIError) -> SendOutcome:
    status = exc.status_code or 0
    if status in (401, 403):
        return SendOutcome(SendKind.PERMANENT, f"http_{status}",
                           detail=f"check {ENV_USER} / {ENV_PASSWORD}")
    if status == 429 or 500 <= status < 600:
        return SendOutcome(SendKind.TRANSIENT, f"http_{status}")
    if 400 <= status < 500:
        return SendOutcome(SendKind.PERMANENT, f"http_{status}", detail="refused by the phone")
    return SendOutcome(SendKind.UNKNOWN, f"http_{status}")


def _from_request_error(exc: requests.RequestException) -> SendOutcome:
    if isinstance(exc, requests.exceptions.ConnectTimeout) or (
            isinstance(exc, requests.ConnectionError) and request_never_left(exc)):
        return SendOutcome(SendKind.TRANSIENT, "unreachable", detail=type(exc).__name__)
    return SendOutcome(SendKind.UNKNOWN, "no_answer", detail=type(exc).__name__)


__all__ = ["ENV_PASSWORD", "ENV_USER", "WEBHOOK_ID", "SendKind", "SendOutcome",
           "SmsConfigError", "SmsGateway", "SmsGatewayError", "message_id", "to_e164"]
