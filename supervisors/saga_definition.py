"""What a saga is: its steps, each with its compensation, the verdicts their results give,
and the states it may move through. The engine that runs them is supervisors.saga."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from contracts.common import Contract
from contracts.registry import reply_types
from supervisors.retry import DEFAULT_POLICY, RetryPolicy
from supervisors.saga_run import SagaRun


class IllegalTransition(Exception):
    """A step tried to move a saga to a state its definition does not allow from here."""


@dataclass(frozen=True)
class Verdict:
    """What a step's result means for the saga."""

    states: tuple[str, ...] = ()  # states entered, in order
    outcome: str | None = None  # the saga ends here without compensation
    failure: str | None = None  # the saga fails here: compensate what was done
    reason: str | None = None  # why it ended, when `outcome` is set
    # The step's answer is "not yet" (a client has not decided): park the saga. It holds no
    # task while parked; `SagaEngine.run` asks again when someone wakes it.
    wait: bool = False
    # With `failure`: the input itself was refused (a brief onboarding rejected). Undo what
    # was done, and end as the definition's `rejected`, not as compensated.
    rejected: bool = False
    # With `failure`: a retryable error outlasted the retries (a poison message). Where the
    # engine keeps dead letters, the saga parks for an operator instead of compensating.
    dead_letter: bool = False


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of a saga: the command it sends to `module`, what the reply means, and the
    compensation that undoes it once it has run."""

    name: str
    module: str  # the module it talks to
    command: Callable[[SagaRun], Contract]
    interpret: Callable[[SagaRun, Any], Verdict]
    compensation: Callable[[SagaRun, str], Contract] | None = None
    policy: RetryPolicy = DEFAULT_POLICY
    # A step that may not apply (a revision round after a passing QC) says so here; the
    # answer depends only on earlier results, so a resumed saga skips the same steps.
    when: Callable[[SagaRun], bool] | None = None
    # The module runs as a pool of shards: the definition's `shard_of` says which one.
    pooled: bool = False


@dataclass(frozen=True)
class SagaDefinition:
    steps: tuple[Step, ...]
    initial_state: str
    transitions: Mapping[str, frozenset[str]]
    compensated: tuple[str, str]  # (state, outcome) after a clean unwind
    compensation_failed: tuple[str, str]  # (state, outcome) when an undo kept failing
    # (state, outcome) after an operator's cancel was cleanly undone
    cancelled: tuple[str, str] = ("CANCELLED", "cancelled")
    # (state, outcome) after a refused input was cleanly undone
    rejected: tuple[str, str] = ("CANCELLED", "rejected")
    summarize: Callable[[SagaRun], dict[str, Any]] = lambda run: {}  # facts kept at the end
    # A saga's input (`run.input`) from its stored form. Raises (a ValidationError, or a
    # ValueError naming what is wrong) when it no longer holds what the steps read: called
    # when a saga is rebuilt from the log, so bad input parks that saga instead of failing
    # a step mid-run.
    read_input: Callable[[Mapping[str, Any]], Any] = dict
    # The input kept when `read_input` refuses the stored form: whatever of it can be read,
    # unchecked, for the compensations. Never raises.
    salvage_input: Callable[[Mapping[str, Any]], Any] = dict
    # The shard of a pool (`Step.module`) that owns a saga's rows, as its destination.
    shard_of: Callable[[SagaRun, str], str] = lambda run, pool: pool
    # The reply models its steps' modules answer with, by wire type name: how a reply, and
    # a step result read back from the log, becomes a model again. Every module's replies
    # by default; a saga over other modules (bench/overhead.py) names its own.
    reply_types: Callable[[], Mapping[str, type[Contract]]] = reply_types

    def check(self, old: str, new: str) -> None:
        if new not in self.transitions.get(old, frozenset()):
            raise IllegalTransition(f"{old} -> {new} is not allowed")

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def destination(self, run: SagaRun, step: Step) -> str:
        """Where `step` of this saga goes: its module, or the saga's shard of its pool."""
        return self.shard_of(run, step.module) if step.pooled else step.module
