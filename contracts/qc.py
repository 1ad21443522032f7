"""QC: rules run over the actual creative; a failed blocker fails the campaign's assets."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from contracts.brief import NormalizedBrief
from contracts.common import Contract, Round, Severity
from contracts.production import Asset, CalendarEntry
from contracts.strategy import StrategyDoc


class QcStatus(StrEnum):
    PASS = "PASS"
    WARN = "WARN"  # nothing blocking failed, but something failed or warned
    FAIL = "FAIL"  # at least one BLOCKER failed


class CheckStatus(StrEnum):
    PASS = "PASS"
    WARN = "WARN"  # worth a look, not a failure (costs 5 points)
    FAIL = "FAIL"


class QcCheck(Contract):
    check_id: str = Field(description="rule id, e.g. placeholder or limit.x")
    asset_id: str | None = Field(description="None for checks over the whole set")
    severity: Severity
    status: CheckStatus
    evidence: str
    fix: str = Field(default="", description="what to change, for a failed or warned check")

    @property
    def passed(self) -> bool:
        return self.status is not CheckStatus.FAIL


class QcReport(Contract):
    status: QcStatus
    score: int = Field(ge=0, le=100)
    round: Round = Field(default=0, description="0 for the first evaluation, then per revision")
    checks: list[QcCheck]

    @property
    def blockers(self) -> list[QcCheck]:
        return [c for c in self.checks if not c.passed and c.severity is Severity.BLOCKER]

    @property
    def failures(self) -> list[QcCheck]:
        return [c for c in self.checks if not c.passed]


class EvaluateAssets(Contract):
    campaign_id: str
    brand: str
    brief: NormalizedBrief
    strategy: StrategyDoc
    assets: list[Asset] = Field(min_length=1)
    calendar: list[CalendarEntry] = []
    round: Round = 0


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
