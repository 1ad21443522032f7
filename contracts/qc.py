"""QC: rules run over the actual creative, the strategy document and the rendered pack; a
failed blocker fails the campaign's assets, its strategy or its pack."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from contracts.brief import NormalizedBrief
from contracts.common import AbsoluteDir, Contract, PackFile, Round, Severity
from contracts.production import Asset, CalendarEntry
from contracts.strategy import StrategyDoc

# A check's asset_id names what it is about. Besides an asset id: "strategy:<section>" for a
# section of the strategy document, "pack:<path>[#part]" for a file of the rendered pack.
STRATEGY_TARGET = "strategy:"
PACK_TARGET = "pack:"


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
    asset_id: str | None = Field(
        description="None for checks over the whole set; an asset id, 'strategy:<section>' "
                    "or 'pack:<path>[#part]' for what the check is about")
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

    @property
    def strategy_blockers(self) -> list[QcCheck]:
        """Blockers in the strategy document: no revision of the creative can clear them."""
        return [c for c in self.blockers if (c.asset_id or "").startswith(STRATEGY_TARGET)]


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


class EvaluatePack(Contract):
    """Check the pack as the client will open it, read back from disk after delivery wrote
    it: every client-facing text (Markdown, HTML, the deck's slides and speaker notes, the
    calendar and README) for residue and forbidden claims, each file verified against its
    manifest entry first. Packs sit on a file system every node shares (deploy/README.md)."""

    campaign_id: str
    pack_dir: AbsoluteDir
    files: list[PackFile] = Field(min_length=1, description="the manifest's entries "
                                                            "(PackBuilt.files)")
    brief: NormalizedBrief
    strategy: StrategyDoc = Field(description="whose forbidden claims the pack must not make")


class PackEvaluated(Contract):
    """A result even when it fails: blockers in a built pack are a business outcome."""

    campaign_id: str
    report: QcReport


class DiscardPackCheck(Contract):
    """Compensation: tombstone the campaign's pack check. Idempotent."""

    campaign_id: str
    reason: str


class PackCheckDiscarded(Contract):
    campaign_id: str
    was_live: bool


class GetEvaluation(Contract):
    campaign_id: str


class EvaluationView(Contract):
    campaign_id: str
    status: str  # live | discarded
    report: QcReport


class GetPackCheck(Contract):
    campaign_id: str


COMMANDS = (EvaluateAssets, DiscardEvaluation, EvaluatePack, DiscardPackCheck)
QUERIES = (GetEvaluation, GetPackCheck)
REPLIES = (AssetsEvaluated, EvaluationDiscarded, EvaluationView, PackEvaluated,
           PackCheckDiscarded)
