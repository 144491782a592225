"""Retry pacing: exponential backoff with full jitter, capped, honouring Retry-After."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    base: float = 5.0            # seconds; the first retry waits up to this
    cap: float = 30 * 60.0       # never wait longer than this between automatic attempts
    retry_after_cap: float = 6 * 3600.0  # a server asking for more is not believed further
    in_run_base: float = 0.25    # retries inside one run (a dropped connection mid-run)
    in_run_cap: float = 5.0
    in_run_tries: int = 6

    def delay(self, attempts: int, retry_after: float | None = None,
              rng: random.Random | None = None) -> float:
        """Seconds before the next automatic attempt after ``attempts`` failures (>= 1)."""
        r = rng or random
        ceiling = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        d = r.uniform(0, ceiling)
        if retry_after is not None:
            d = max(d, min(retry_after, self.retry_after_cap))
        return d

    def in_run_delay(self, tries: int, retry_after: float | None = None,
                     rng: random.Random | None = None) -> float | None:
        """Pause before retrying inside the same run, or None to give up on this run."""
        if tries > self.in_run_tries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.in_run_cap else None
        r = rng or random
        return r.uniform(0, min(self.in_run_cap, self.in_run_base * (2 ** (tries - 1))))
