"""The job bench/overhead.py runs: a 5-step saga whose handlers are trivial, so what is
measured is the runtime around them.

normalize brief -> generate strategy -> produce assets -> QC -> build pack. Every step and
every compensation takes a contract (a pydantic v2 model, checked by the kernel like any
module's message), formats the brief's fields into 20 lines (about 2 KB), takes their
sha256, keeps a row in its module's own database and returns a JSON-safe dict. A campaign
whose index (the number its id ends with) is 7 modulo 10 fails QC, and the three steps
done before QC are compensated in reverse (QC only checks: it has nothing to undo).

The modules are ModuleActor subclasses with their own tables and dedupe, as durable as the
real ones; the saga is a SagaDefinition run by the real engine and supervisor.
"""

from __future__ import annotations

import hashlib
from functools import cache
from itertools import pairwise
from typing import Any

from sqlalchemy import Column, MetaData, String, Table, Text

from actors._kernel import ModuleActor, Route, Tx, processed_messages
from contracts.common import Contract
from contracts.envelope import Envelope
from contracts.supervisor import Outcome
from supervisors.campaign_reads import input_of, read_input, salvage_input
from supervisors.saga import SagaDefinition, SagaRun, Step, Verdict

STEPS = ("normalize", "strategy", "produce", "qc", "pack")
POOLED = frozenset({"produce", "qc", "pack"})  # sharded by campaign, as the heavy steps are
FAILING_INDEX = 7  # index % 10 of the campaigns that fail QC


class RunStep(Contract):
    """Do one step of a campaign."""

    campaign_id: str
    step: str
    index: int
    brief: dict[str, Any]


class UndoStep(Contract):
    """Undo a step done earlier (a compensation)."""

    campaign_id: str
    step: str
    brief: dict[str, Any]
    reason: str


class StepDone(Contract):
    """A step's result: `passed` is False when QC fails the campaign."""

    campaign_id: str
    step: str
    passed: bool = True
    result: dict[str, Any]


class StepUndone(Contract):
    campaign_id: str
    step: str
    digest: str


def brief_lines(brief: dict[str, Any]) -> list[str]:
    """The brief's fields as 20 lines of about 100 characters (2 KB together)."""
    fields = sorted(brief.items())
    picked = [fields[i % len(fields)] for i in range(20)]  # a short brief repeats fields
    return [f"{i:02d} {key}: {value!s:.90}".ljust(100) for i, (key, value) in enumerate(picked)]


def work(campaign_id: str, step: str, brief: dict[str, Any]) -> dict[str, Any]:
    """The trivial handler body: format, hash, return a JSON-safe dict."""
    text = "\n".join(brief_lines(brief))
    return {"campaign_id": campaign_id, "step": step, "chars": len(text),
            "sha256": hashlib.sha256(text.encode()).hexdigest()}


def _tables(step: str) -> tuple[MetaData, Table, Table]:
    metadata = MetaData()
    results = Table("results", metadata,
                    Column("campaign_id", String, primary_key=True),
                    Column("status", String, nullable=False),  # done | failed | undone
                    Column("digest", String, nullable=False),
                    Column("reason", Text))
    return metadata, processed_messages(metadata), results


class StepModule(ModuleActor):
    """One step's module: does it (RunStep) and undoes it (UndoStep), durably."""

    results: Table

    def routes(self) -> list[Route[Any, Contract]]:
        return [Route(RunStep, self._do_step), Route(UndoStep, self._undo_step)]

    async def _do_step(self, tx: Tx, cmd: RunStep, env: Envelope) -> StepDone:
        result = work(cmd.campaign_id, cmd.step, cmd.brief)
        passed = not (cmd.step == "qc" and cmd.index % 10 == FAILING_INDEX)
        tx.rows(self.results).put({"campaign_id": cmd.campaign_id,
                                   "status": "done" if passed else "failed",
                                   "digest": result["sha256"], "reason": None})
        return StepDone(campaign_id=cmd.campaign_id, step=cmd.step, passed=passed,
                        result=result)

    async def _undo_step(self, tx: Tx, cmd: UndoStep, env: Envelope) -> StepUndone:
        digest = work(cmd.campaign_id, f"undo {cmd.step}", cmd.brief)["sha256"]
        tx.rows(self.results).put({"campaign_id": cmd.campaign_id, "status": "undone",
                                   "digest": digest, "reason": cmd.reason})
        return StepUndone(campaign_id=cmd.campaign_id, step=cmd.step, digest=digest)


@cache
def module_classes() -> dict[str, type[StepModule]]:
    """One ModuleActor class per step (its own tables, as every module has)."""
    made = {}
    for step in STEPS:
        metadata, processed, results = _tables(step)
        made[step] = type(f"{step.title()}Module", (StepModule,), {
            "module": step, "metadata": metadata, "processed": processed,
            "results": results, "head": results})
    return made


def _index(run: SagaRun) -> int:
    return int(run.campaign_id.rsplit("-", 1)[1])


def _step(name: str, state: str) -> Step:
    def interpret(run: SagaRun, result: Any) -> Verdict:
        if not result.passed:
            return Verdict(failure=f"{name}: failed")
        if name == STEPS[-1]:
            return Verdict(states=(state,), outcome=Outcome.DELIVERED)
        return Verdict(states=(state,))

    return Step(name=name, module=name, pooled=name in POOLED,
                command=lambda r: RunStep(campaign_id=r.campaign_id, step=name,
                                          index=_index(r), brief=input_of(r).brief),
                interpret=interpret,
                compensation=None if name == "qc" else (
                    lambda r, why: UndoStep(campaign_id=r.campaign_id, step=name,
                                            brief=input_of(r).brief, reason=why)))


STATES = ("CREATED", "NORMALIZED", "PLANNED", "PRODUCED", "CHECKED", "PACKED")
_TRANSITIONS = {old: frozenset({new, "COMPENSATED", "COMPENSATION_FAILED", "CANCELLED"})
                for old, new in pairwise(STATES)}


@cache
def overhead_saga() -> SagaDefinition:
    """The 5-step saga; its input is the campaign input intake stores for any batch."""
    return SagaDefinition(
        steps=tuple(_step(name, state) for name, state in zip(STEPS, STATES[1:], strict=True)),
        initial_state="CREATED", transitions=_TRANSITIONS,
        compensated=("COMPENSATED", Outcome.COMPENSATED),
        compensation_failed=("COMPENSATION_FAILED", Outcome.COMPENSATION_FAILED),
        read_input=read_input, salvage_input=salvage_input,
        shard_of=lambda run, pool: str(input_of(run).shard(pool)),
        reply_types=lambda: _REPLIES)


_REPLIES: dict[str, type[Contract]] = {"StepDone": StepDone, "StepUndone": StepUndone}
