"""Telling the citizen of progress by SMS (issue 21, part 3), as leaf modules.

* :mod:`.gsm7`: the GSM 03.38 alphabet, septet counting, making text fit one SMS;
* :mod:`.messages`: the Indonesian status messages, the ``CEK`` parser and its replies;
* :mod:`.gateway`: SMS Gateway for Android's local API (send, state, reconcile);
* :mod:`.webhook`: the signed ``sms:received`` webhook and the ``CEK`` round trip.

See docs/one-door.md.
"""

from lapor_central.sms.gateway import (
    ENV_PASSWORD,
    ENV_USER,
    WEBHOOK_ID,
    SendKind,
    SendOutcome,
    SmsConfigError,
    SmsGateway,
    SmsGatewayError,
    message_id,
    to_e164,
)
from lapor_central.sms.gsm7 import fits_one_sms, gsm7_length, is_gsm7, to_gsm7
from lapor_central.sms.messages import (
    SMS_EVENT_FOR_STATUS,
    CaseStatus,
    CekQuery,
    SmsEvent,
    SmsSettings,
    compose,
    is_cek,
    parse_cek,
    reply_not_found,
    reply_status,
    reply_usage,
)
from lapor_central.sms.webhook import (
    IncomingSms,
    WebhookResult,
    handle_incoming,
    parse_incoming,
    verify_signature,
)

__all__ = [
    "ENV_PASSWORD",
    "ENV_USER",
    "SMS_EVENT_FOR_STATUS",
    "WEBHOOK_ID",
    "CaseStatus",
    "CekQuery",
    "IncomingSms",
    "SendKind",
    "SendOutcome",
    "SmsConfigError",
    "SmsEvent",
    "SmsGateway",
    "SmsGatewayError",
    "SmsSettings",
    "WebhookResult",
    "compose",
    "fits_one_sms",
    "gsm7_length",
    "handle_incoming",
    "is_cek",
    "is_gsm7",
    "message_id",
    "parse_cek",
    "parse_incoming",
    "reply_not_found",
    "reply_status",
    "reply_usage",
    "to_e164",
    "to_gsm7",
    "verify_signature",
]
