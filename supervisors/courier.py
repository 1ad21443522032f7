"""Sending one command and retrying it while its error is retryable: shared by the saga
engine and the supervisor's desks. The message id stays the same on every attempt, so a
receiver that already applied it answers with its stored reply."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from contracts.common import Contract
from contracts.envelope import SCHEMA_VERSION, Envelope, ReplyEnvelope
from contracts.registry import reply_types
from infra.clock import Clock
from supervisors.errors import SupervisorError
from supervisors.ports import MessagePort
from supervisors.retry import DEFAULT_POLICY, RetryPolicy


async def deliver(port: MessagePort, clock: Clock, rng: random.Random, destination: str,
                  command: Contract, *, message_id: str, correlation_id: str,
                  causation_id: str | None = None, policy: RetryPolicy = DEFAULT_POLICY,
                  on_attempt: Callable[[int], None] = lambda attempt: None) -> ReplyEnvelope:
    """The reply to `command`: a success, a non-retryable error, or the last retryable
    error once `policy.max_attempts` are spent."""
    attempt = 0
    while True:
        attempt += 1
        on_attempt(attempt)
        now = clock.now()
        # Envelopes are built from validated commands: trust inside, no re-check.
        envelope = Envelope.model_construct(
            message_id=message_id, type=type(command).__name__, schema_version=SCHEMA_VERSION,
            correlation_id=correlation_id, causation_id=causation_id, sent_at=now,
            deadline=now + timedelta(seconds=policy.timeout),
            payload=command.model_dump(mode="python"))
        reply = await port.send(destination, envelope, now)
        if reply.ok or not reply.error or not reply.error.retryable:
            return reply
        if attempt >= policy.max_attempts:
            return reply
        await clock.sleep(policy.delay(attempt, rng))


class Asker:
    """One request from a desk to a module: its result, or its error as a SupervisorError
    (passed on to whoever asked the supervisor)."""

    def __init__(self, port: MessagePort, clock: Clock, rng: random.Random):
        self._port, self._clock, self._rng = port, clock, rng

    async def __call__(self, destination: str, message: Contract, message_id: str,
                       correlation_id: str) -> Any:
        reply = await deliver(self._port, self._clock, self._rng, destination, message,
                              message_id=message_id, correlation_id=correlation_id)
        if not reply.ok:
            assert reply.error is not None
            raise SupervisorError.passed_on(reply.error)
        return reply_types()[reply.type].model_validate(reply.payload)
