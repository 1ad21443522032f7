"""What the campaign saga's steps read from a run: its input, fixed at intake, and the
results of earlier steps (the brief, the strategy, the latest creative and QC report,
the client's decisions), whichever step produced them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts.brief import NormalizedBrief
from contracts.campaign_input import CampaignInput
from contracts.client_review import ReviewDecision
from contracts.production import AssetsProduced, AssetsRevised
from contracts.qc import QcReport
from contracts.strategy import StrategyGenerated
from contracts.supervisor import MAX_QC_ROUNDS, ReviewSettings
from supervisors.saga_run import SagaRun

MAX_CHANGE_ROUNDS = 3  # the most times a client may send the creative back for changes

# Steps that write creative, and steps that report on it, in the order they can run: the
# latest one present in a saga's results is the current creative / report.
CREATIVE_STEPS = ("produce", *(f"revise_{k}" for k in range(1, MAX_QC_ROUNDS + 1)),
                  *(f"amend_{r}" for r in range(MAX_CHANGE_ROUNDS)))
REPORT_STEPS = ("qc", *(f"qc_{k}" for k in range(1, MAX_QC_ROUNDS + 1)),
                *(f"recheck_{r}" for r in range(MAX_CHANGE_ROUNDS)))


def read_input(data: Mapping[str, Any]) -> CampaignInput:
    """A stored input the steps can still run on: its keys are there, and the brief and the
    review settings validate as the contracts stand now (they may have tightened since the
    batch was submitted)."""
    given = CampaignInput.model_validate(data)
    given.campaign_brief()
    return given


def salvage_input(data: Mapping[str, Any]) -> CampaignInput:
    """What of a stored input that does not validate the compensations can read (the out
    dir, the routes), unchecked."""
    return CampaignInput.model_construct(**data)


def campaign_id(run: SagaRun) -> str:
    return run.campaign_id


def input_of(run: SagaRun) -> CampaignInput:
    return run.input


def brief(run: SagaRun) -> NormalizedBrief:
    """The brief as onboarding normalized it."""
    return run.results["onboard"].brief


def strategy(run: SagaRun) -> StrategyGenerated:
    return run.results["strategy"]


def qc_rounds_done(run: SagaRun) -> int:
    return sum(1 for k in range(1, MAX_QC_ROUNDS + 1) if f"revise_{k}" in run.results)


def revisions_done(run: SagaRun) -> int:
    """Every revision so far: after failed QCs and after the client's change requests."""
    return sum(1 for name in CREATIVE_STEPS[1:] if name in run.results)


def creative(run: SagaRun) -> AssetsProduced | AssetsRevised:
    """The latest creative: the last revision's, or production's first set."""
    return run.results[next(s for s in reversed(CREATIVE_STEPS) if s in run.results)]


def report(run: SagaRun) -> QcReport:
    return run.results[next(s for s in reversed(REPORT_STEPS) if s in run.results)].report


def review_settings(run: SagaRun) -> ReviewSettings:
    """The batch's review settings, as logged at intake."""
    return input_of(run).review


def decisions(run: SagaRun) -> list[ReviewDecision]:
    return [run.results[f"feedback_{r}"] for r in range(MAX_CHANGE_ROUNDS + 1)
            if f"feedback_{r}" in run.results]


def review_days(run: SagaRun) -> float:
    """Days the client took to decide, summed over the rounds."""
    spans = [(d.decided_at - d.requested_at).total_seconds() for d in decisions(run)
             if d.decided_at is not None]
    return round(sum(spans) / 86_400, 3)
