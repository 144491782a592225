"""The gateway interface: what the sync engine needs from any central endpoint.

The engine speaks only to :class:`Gateway`. The project's own protocol (``lapor-sync`` v1,
docs/sync-protocol.md) is the first implementation (:mod:`lapor_desktop.sync.http`); an
adapter for the national SP4N-LAPOR! API or Open311 GeoReport v2 implements the same
methods (see docs/sync-engine.md for the mapping).

Errors are classified once, here, so the engine's retry policy does not depend on the
transport: :class:`TransientError` (try again later, maybe with ``retry_after``),
:class:`AuthError` (token missing or revoked: stop, keep everything queued),
:class:`PermanentError` (this request will never succeed as sent).
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from lapor_protocol.wire import Limits

# ----------------------------------------------------------------------------- errors

class GatewayError(Exception):
    """Base of every error a gateway raises. ``str(exc)`` is safe to log (no personal data)."""


class TransientError(GatewayError):
    """Connection error, timeout, 429, 5xx, garbage or non-protocol answer: try later."""

    def __init__(self, message: str, retry_after: float | None = None,
                 status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class Unreachable(TransientError):
    """The preflight did not reach central (no route, timeout, refused)."""


class CaptivePortal(Unreachable):
    """Something answered the preflight, but not central (hotel/portal login page, proxy)."""


class ProtocolViolation(TransientError):
    """An answer that is not the protocol's (HTML, truncated or wrongly shaped JSON)."""


class AuthError(GatewayError):
    """The device token is missing, unknown or revoked (HTTP 401)."""


class PermanentError(GatewayError):
    def __init__(self, message: str, status: int | None = None,
                 errors: Sequence[Mapping[str, str]] = ()):
        super().__init__(message)
        self.status = status
        self.errors = list(errors)


class TooLarge(PermanentError):
    """413: the request is over a server limit (the engine splits batches on it)."""


class EnrollmentRefused(PermanentError):
    pass


class UploadRejected(PermanentError):
    """The server refused an attachment (unknown, too large, size or checksum mismatch)."""


# ----------------------------------------------------------------------------- values

@dataclass(frozen=True)
class ServerInfo:
    protocol: str
    version: int
    server_time: str | None
    limits: Limits
    tus_path: str


@dataclass(frozen=True)
class Enrollment:
    token: str
    device_id: str
    region_code: str
    central_key: str | None = None  # base64 X25519 public key (centrals from revision c0009)


@dataclass(frozen=True)
class CatalogDoc:
    version: str
    document: dict[str, Any]


@dataclass(frozen=True)
class KnownReport:
    id: str
    tracking_id: str | None
    status: str | None
    missing_attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class HaveResult:
    missing: tuple[str, ...] = ()
    known: tuple[KnownReport, ...] = ()
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemResult:
    id: str
    result: str  # accepted | duplicate | conflict | rejected
    tracking_id: str | None = None
    status: str | None = None
    errors: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class BatchResult:
    results: tuple[ItemResult, ...]
    server_time: str | None = None  # central's clock when it answered (HTTP Date)


@dataclass(frozen=True)
class StatusChange:
    event_id: str
    report_id: str
    tracking_id: str | None
    status: str
    note: str | None
    agency: str | None
    at: str
    deadline: str | None = None


@dataclass(frozen=True)
class StatusPage:
    changes: tuple[StatusChange, ...]
    cursor: str
    more: bool


@dataclass
class UploadJob:
    """One attachment to deliver. ``resume_url`` is the upload URL kept from an earlier try."""

    report_id: str
    attachment_id: str
    path: str
    size: int
    sha256: str
    file_name: str
    media_type: str
    resume_url: str | None = None
    # Called with the new upload URL before any byte is sent, so a restart can resume.
    on_url: Callable[[str | None], None] | None = None
    # Called with the server-acknowledged offset after each chunk.
    on_offset: Callable[[int], None] | None = None
    # Opens the plaintext as a seekable binary stream (attachments are sealed at rest);
    # without it ``path`` is read as it is.
    opener: Callable[[], BinaryIO] | None = None


@dataclass(frozen=True)
class UploadOutcome:
    bytes_sent: int  # payload bytes this call put on the wire
    resumed_from: int
    already_received: bool = False


@dataclass(frozen=True)
class AnchorReceipt:
    """Central's answer to an audit anchor: its verdict and its last anchor for the device."""

    result: str  # lapor_protocol.anchors verdict: first | ok | old | truncated | ...
    count: int
    hash: str
    received_at: str | None = None
    problem: str | None = None  # set once central flagged this device's chain


ProgressFn = Callable[[int], None]  # payload bytes just acknowledged


# ----------------------------------------------------------------------------- interface

class Gateway(abc.ABC):
    """A central endpoint. Implementations must be usable from one worker thread."""

    @abc.abstractmethod
    def ping(self) -> ServerInfo: ...

    @abc.abstractmethod
    def enroll(self, code: str, device_id: str, device_name: str,
               region_code: str) -> Enrollment: ...

    def set_token(self, token: str | None) -> None:  # pragma: no cover - trivial default
        self.token = token

    @abc.abstractmethod
    def catalog(self, known_version: str | None) -> CatalogDoc | None:
        """The catalogue, or None when ``known_version`` is current."""

    @abc.abstractmethod
    def have(self, entries: Sequence[tuple[str, str]]) -> HaveResult:
        """Which of these (id, content_hash) does central lack?"""

    @abc.abstractmethod
    def push_batch(self, reports: Sequence[Mapping[str, Any]]) -> BatchResult: ...

    @abc.abstractmethod
    def upload_attachment(self, job: UploadJob, progress: ProgressFn | None = None,
                          cancel: threading.Event | None = None) -> UploadOutcome: ...

    @abc.abstractmethod
    def status_changes(self, cursor: str | None, limit: int = 200) -> StatusPage: ...

    def central_key(self) -> str | None:
        """Central's current X25519 public key (base64) that identities are sealed to;
        None when this endpoint has none (an older central, another adapter)."""
        return None

    def audit_anchor(self, anchor: Mapping[str, Any]) -> AnchorReceipt | None:
        """Hand central the audit chain's head (docs/sync-protocol.md); None when this
        endpoint does not keep anchors (an older central, another adapter)."""
        return None

    def close(self) -> None:
        pass


@dataclass
class WireStats:
    """Bytes a gateway put on / took off the wire (request and response, headers included)."""

    requests: int = 0
    bytes_out: int = 0
    bytes_in: int = 0
    payload_out: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
