"""Per-step retry policy: exponential backoff with jitter, a cap, a bounded attempt count."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 0.05  # seconds before the second attempt
    factor: float = 2.0
    max_delay: float = 2.0  # the cap on any one wait
    jitter: float = 0.5  # +/- this fraction of the delay, so retries from many sagas spread
    timeout: float = 30.0  # each attempt's deadline, from when it is sent

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        raw = min(self.max_delay, self.base_delay * self.factor ** (attempt - 1))
        spread = raw * self.jitter
        return min(self.max_delay, max(0.0, raw + rng.uniform(-spread, spread)))


DEFAULT_POLICY = RetryPolicy()

# Compensations must eventually succeed: more attempts, a longer cap.
COMPENSATION_POLICY = RetryPolicy(max_attempts=10, base_delay=0.1, max_delay=5.0)

# Saga log commits that fail on the database itself (disk full, locked, I/O): a short
# burst inside the log; a saga whose write still fails is queued again by the supervisor.
LOG_WRITE_POLICY = RetryPolicy(max_attempts=5, base_delay=0.05, max_delay=1.0)
