"""When to try a transient failure again: exponential backoff with full jitter and a cap.

Full jitter (a uniform draw between zero and the exponential ceiling) spreads the retries
of many outbox rows that failed together (LAPOR! was down for an hour), so they do not
all come back at the same second. A ``Retry-After`` from the far side is a floor. After
``max_attempts`` the row stops retrying by itself and waits for a person.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class BackoffPolicy:
    base_s: float = 60.0          # ceiling of the first retry
    cap_s: float = 6 * 3600.0     # no wait is ever longer than this
    max_attempts: int = 12        # failed attempts after which a person decides

    def __post_init__(self) -> None:
        if self.base_s <= 0 or self.cap_s < self.base_s or self.max_attempts < 1:
            raise ValueError("backoff: base > 0, cap >= base, max_attempts >= 1")

    def ceiling(self, attempt: int) -> float:
        """The exponential ceiling after failed attempt number ``attempt`` (1-based)."""
        if attempt < 1:
            raise ValueError("attempt counts from 1")
        # min() before the power would overflow for large attempt numbers
        exponent = min(attempt - 1, 62)
        return min(self.cap_s, self.base_s * (2.0 ** exponent))

    def delay(self, attempt: int, *, retry_after: float | None = None,
              rng: Callable[[], float] = random.random) -> float | None:
        """Seconds to wait after failed attempt ``attempt``, or ``None`` when the
        attempts are spent. ``rng`` returns a float in [0, 1) (tests pass their own)."""
        if attempt >= self.max_attempts:
            return None
        wait = rng() * self.ceiling(attempt)
        if retry_after is not None and retry_after > wait:
            wait = min(retry_after, self.cap_s)
        return wait


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """A ``Retry-After`` header (seconds or an HTTP date) as seconds from now; ``None``
    for a missing or unreadable value, never negative."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), 10**7))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds)
