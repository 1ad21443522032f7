"""Shared inputs and helpers for the in-process module actor tests (test_module_actors*).

The inputs come from the modules' own pure functions (onboarding's normalize, strategy's
derive_strategy, production's write_creative, QC's evaluate), so each actor test checks
that the actor stores and answers exactly what its module computes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import func, select

from actors.onboarding._review import normalize
from actors.production._copy import write_creative
from actors.qc._rules import evaluate
from actors.strategy._plan import derive_strategy
from contracts.brief import CampaignBrief, NormalizedBrief
from contracts.delivery import BuildPack
from contracts.production import Finding, ProduceAssets, ReviseAssets
from contracts.qc import STRATEGY_TARGET, EvaluateAssets, QcReport
from contracts.strategy import StrategyDoc
from tests.support import T0, brief_dict, call, rows

# An offer with template residue: QC blocks every asset that copies it, production's
# reviser knows how to replace it.
QC_BLOCKED = "Save 20% with {{discount_code}} this spring"

BRIEF = normalize(CampaignBrief.model_validate(brief_dict()))
DOC = derive_strategy(BRIEF, 0)
CREATIVE = write_creative("c-1", BRIEF, DOC, "s-1", 1, 0)
ASSETS = CREATIVE.assets
REPORT = evaluate(BRIEF, DOC, ASSETS, CREATIVE.calendar, 0)

BLOCKED_BRIEF = normalize(CampaignBrief.model_validate(brief_dict(offer=QC_BLOCKED)))
BLOCKED_DOC = derive_strategy(BLOCKED_BRIEF, 0)
BLOCKED = write_creative("c-1", BLOCKED_BRIEF, BLOCKED_DOC, "s-1", 1, 0)


# --- commands --------------------------------------------------------------------------------

def produce(campaign_id: str = "c-1", strategy: StrategyDoc = DOC, strategy_id: str = "s-1",
            brief: NormalizedBrief = BRIEF) -> ProduceAssets:
    return ProduceAssets(campaign_id=campaign_id, brief=brief, strategy_id=strategy_id,
                         strategy_version=1, strategy=strategy)


def findings_of(report: QcReport) -> list[Finding]:
    """QC's failed checks as production receives them (what the saga's revise step sends:
    the creative's, not the strategy document's, which no revision changes)."""
    return [Finding(check_id=c.check_id, asset_id=c.asset_id, severity=c.severity,
                    evidence=c.evidence, fix=c.fix) for c in report.failures
            if not (c.asset_id or "").startswith(STRATEGY_TARGET)]


def blocked_findings() -> list[Finding]:
    """Every finding QC reports on the creative written from the blocked brief."""
    return findings_of(evaluate(BLOCKED_BRIEF, BLOCKED_DOC, BLOCKED.assets, BLOCKED.calendar))


def revise(findings: list[Finding], round_: int = 1, campaign_id: str = "c-1") -> ReviseAssets:
    return ReviseAssets(campaign_id=campaign_id, brief=BLOCKED_BRIEF, strategy_id="s-1",
                        strategy_version=1, strategy=BLOCKED_DOC, round=round_,
                        findings=findings)


def evaluate_cmd(campaign_id: str = "c-1", assets: Any = ASSETS,
                 round_: int = 0) -> EvaluateAssets:
    return EvaluateAssets(campaign_id=campaign_id, brand=BRIEF.brand, brief=BRIEF, strategy=DOC,
                          assets=assets, calendar=CREATIVE.calendar, round=round_)


def build(out_dir: Any, campaign_id: str = "c-1",
          formats: Literal["full", "data"] = "data") -> BuildPack:
    """A BuildPack for the produced creative. "data" by default: the PDF and the deck cost
    nearly all of a pack's render time, and only the tests about them need them."""
    return BuildPack(campaign_id=campaign_id, out_dir=str(out_dir), prepared_at=T0, seed=0,
                     brief=BRIEF, strategy_id="s-1", strategy_version=1, strategy=DOC,
                     assets=ASSETS, calendar=CREATIVE.calendar,
                     hashtag_sets=CREATIVE.hashtag_sets, formats=formats, qc=REPORT)


# --- looking at an actor -----------------------------------------------------------------------

async def processed_count(actor: Any) -> int:
    async with actor.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(actor.processed))).scalar()


def later(actor: Any, seconds: int = 20) -> None:
    """Move time on, but not past the 60 s deadline of envelopes sent at T0."""
    actor.clock.current += timedelta(seconds=seconds)


def error_of(reply: Any) -> Any:
    return (reply.error.code, reply.error.retryable) if reply.error else None


async def assert_redelivery_changes_nothing(actor: Any, table: Any, env: Any) -> Any:
    [first] = await call(actor, env)
    before, seen = await rows(actor, table), await processed_count(actor)
    later(actor)
    [again] = await call(actor, env)
    assert again == first
    assert await rows(actor, table) == before
    assert await processed_count(actor) == seen
    return first


def by_id(assets: list) -> list:
    return sorted(assets, key=lambda a: a["asset_id"])
