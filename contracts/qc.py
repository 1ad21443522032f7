"""QC: rules run over the actual creative; a failed blocker fails the campaign's assets."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from contracts.common import Contract, Severity
from contracts.production import Asset


class QcStatus(StrEnum):
    PASS = "PASS"
    WARN = "WARN"  # only non-blocking checks failed
    FAIL = "FAIL"  # at least one BLOCKER failed


class QcCheck(Contract):
    check_id: str = Field(description="rule id, e.g. placeholder or limit.x")
    asset_id: str | None = Field(description="None for checks over the whole set")
    severity: Severity
    passed: bool
    evidence: str
    fix: str = ""


class QcReport(Contract):
    status: QcStatus
    score: int = Field(ge=0, le=100)
    checks: list[QcCheck]

    @property
    def blockers(self) -> list[QcCheck]:
        return [c for c in self.checks if not c.passed and c.severity is Severity.BLOCKER]


class EvaluateAssets(Contract):
    campaign_id: str
    brand: str
    assets: list[Asset] = Field(min_length=1)


class AssetsEvaluated(Contract):
    """The evaluation is a result even when it fails: failing QC is a business outcome."""

    campaign_id: str
    report: QcReport


class DiscardEvaluation(Contract):
    """Compensation: tombstone the campaign's QC results. Idempotent."""

    campaign_id: str
    reason: str


class EvaluationDiscarded(Contract):
    campaign_id: str
    was_live: bool


class GetEvaluation(Contract):
    campaign_id: str


class EvaluationView(Contract):
    campaign_id: str
    status: str  # live | discarded
    report: QcReport


COMMANDS = (EvaluateAssets, DiscardEvaluation)
QUERIES = (GetEvaluation,)
REPLIES = (AssetsEvaluated, EvaluationDiscarded, EvaluationView)
