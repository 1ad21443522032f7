"""The saga engine's retries (backoff, jitter, the attempt limit) and RetryPolicy.delay, with a
fake clock recording every backoff wait."""

from __future__ import annotations

import random

import pytest

from contracts.common import derived_id
from supervisors.retry import RetryPolicy
from tests.support import FakeClock
from tests.unit.saga_fakes import (
    DO,
    QUICK,
    SAGA,
    UNAVAILABLE,
    ScriptedTransport,
    definition,
    engine,
    fresh_run,
    undo_order,
)

pytestmark = pytest.mark.usefixtures("each_store")


class HighRng(random.Random):
    """Jitter always at the top of its band."""

    def uniform(self, a: float, b: float) -> float:
        return b


class LowRng(random.Random):
    """Jitter always at the bottom of its band."""

    def uniform(self, a: float, b: float) -> float:
        return a


# --- retries ----------------------------------------------------------------------------


async def test_retryable_errors_are_retried_with_exponential_backoff_up_to_the_cap(log):
    policy = RetryPolicy(max_attempts=6, base_delay=0.1, factor=2.0, max_delay=0.25,
                         jitter=0.0)
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 4 + [None]}), FakeClock()
    saga_engine = engine(transport, log, clock, defn=definition(second_policy=policy))

    run = await saga_engine.run(fresh_run())

    assert clock.slept == pytest.approx([0.1, 0.2, 0.25, 0.25])
    assert run.outcome == "finished"
    assert saga_engine.retries == 4 and run.retries == 4


async def test_retries_resend_the_same_message_id(log):
    transport = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 3 + [None]})

    await engine(transport, log, FakeClock()).run(fresh_run())  # QUICK allows 3 attempts

    assert transport.ids("beta", DO) == [derived_id(SAGA, "second", "do")] * 3


async def test_retry_waits_are_jittered_within_the_policy_band(log):
    policy = RetryPolicy(max_attempts=6, base_delay=0.1, factor=2.0, max_delay=0.5, jitter=0.5)
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 5 + [None]}), FakeClock()

    await engine(transport, log, clock, defn=definition(second_policy=policy),
                 rng=random.Random(11)).run(fresh_run())

    raws = [0.1, 0.2, 0.4, 0.5, 0.5]
    assert len(clock.slept) == len(raws)
    for slept, raw in zip(clock.slept, raws, strict=True):
        assert raw * 0.5 <= slept <= raw * 1.5
    assert clock.slept != pytest.approx(raws)  # the jitter really spreads them


async def test_no_retry_wait_exceeds_the_policy_cap(log):
    policy = RetryPolicy(max_attempts=6, base_delay=0.1, factor=2.0, max_delay=0.25, jitter=0.5)
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 5 + [None]}), FakeClock()

    await engine(transport, log, clock, defn=definition(second_policy=policy),
                 rng=HighRng()).run(fresh_run())

    assert clock.slept and max(clock.slept) <= policy.max_delay


async def test_a_step_still_failing_after_its_last_attempt_fails_the_saga(log):
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE]}), FakeClock()

    run = await engine(transport, log, clock).run(fresh_run())

    assert len(transport.ids("beta", DO)) == QUICK.max_attempts
    assert len(clock.slept) == QUICK.max_attempts - 1
    assert run.failure is not None and run.failure.startswith("second: unavailable")
    assert (run.outcome, transport.sent()[-2:]) == ("undone", undo_order("beta", "alpha"))


# --- RetryPolicy.delay ----------------------------------------------------------------------


def test_delay_grows_by_the_factor_from_the_base_until_the_cap():
    policy = RetryPolicy(base_delay=0.05, factor=3.0, max_delay=1.0, jitter=0.0)
    rng = random.Random(0)
    assert [policy.delay(a, rng) for a in range(1, 6)] == pytest.approx(
        [0.05, 0.15, 0.45, 1.0, 1.0])


def test_delay_jitter_stays_within_plus_or_minus_the_jitter_fraction():
    policy = RetryPolicy(base_delay=0.2, factor=2.0, max_delay=10.0, jitter=0.25)
    assert policy.delay(2, HighRng()) == pytest.approx(0.5)
    assert policy.delay(2, LowRng()) == pytest.approx(0.3)
    rng = random.Random(5)
    draws = [policy.delay(2, rng) for _ in range(200)]
    assert all(0.3 <= d <= 0.5 for d in draws)
    assert len({round(d, 6) for d in draws}) > 100


def test_delay_is_never_negative():
    policy = RetryPolicy(base_delay=1.0, jitter=2.0)
    assert policy.delay(1, LowRng()) == 0.0


def test_delay_never_exceeds_max_delay():
    policy = RetryPolicy(base_delay=0.5, factor=2.0, max_delay=2.0, jitter=0.5)
    rng = random.Random(1)
    assert max(policy.delay(a, rng) for a in range(1, 12) for _ in range(20)) <= 2.0
