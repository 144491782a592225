"""Forwarding cases to SP4N-LAPOR! nasional (issue 21, part 1), as leaf modules.

* :mod:`.gateway`: :class:`Forwarded` (what is sent), :class:`SubmitOutcome` (classified
  result), the :class:`NationalGateway` interface and the outbox state for each outcome;
* :mod:`.legacy_xml`: the public legacy XML shape (``…/api/stream/addstream``);
* :mod:`.manual`: a file per case for kabupaten without an endpoint;
* :mod:`.backoff`: exponential backoff with full jitter for transient failures.

See docs/one-door.md.
"""

from lapor_central.nasional.backoff import BackoffPolicy, parse_retry_after
from lapor_central.nasional.gateway import (
    OUTBOX_STATE_FOR,
    Forwarded,
    NationalGateway,
    OutcomeKind,
    Reporter,
    SubmitOutcome,
)
from lapor_central.nasional.legacy_xml import (
    ENV_TOKEN,
    GatewayConfigError,
    LegacyXmlGateway,
    Timeouts,
)
from lapor_central.nasional.manual import ManualGateway, RecordedId, read_recorded_ids

__all__ = [
    "ENV_TOKEN",
    "OUTBOX_STATE_FOR",
    "BackoffPolicy",
    "Forwarded",
    "GatewayConfigError",
    "LegacyXmlGateway",
    "ManualGateway",
    "NationalGateway",
    "OutcomeKind",
    "RecordedId",
    "Reporter",
    "SubmitOutcome",
    "Timeouts",
    "parse_retry_after",
    "read_recorded_ids",
]
