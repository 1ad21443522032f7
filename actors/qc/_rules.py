"""QC rule engine: tables of rules run over the creative exactly as it would be published.

Every applicable check is reported whether it passed or not, so a report shows what was
verified as well as what failed. Order is deterministic: assets in the order given, each
asset's checks in rule-table order, then the checks over the whole set, then the strategy
document's (_rules_documents).

Check ids are a contract with production's reviser, which acts on the ones that fail.
"""

from __future__ import annotations

from collections.abc import Sequence

from contracts.brief import NormalizedBrief
from contracts.common import Channel, Severity
from contracts.production import Asset, CalendarEntry
from contracts.qc import CheckStatus, QcCheck, QcReport, QcStatus
from contracts.strategy import StrategyDoc

from ._rules_base import AssetRule, Context, SetRule
from ._rules_claims import claim_regulated, claim_risky, is_regulated
from ._rules_copy import (
    brand,
    cliche,
    cta,
    email_single_cta,
    email_unsubscribe,
    internal_marker,
    placeholder,
)
from ._rules_coverage import coverage_objective
from ._rules_documents import strategy_checks
from ._rules_limits import LIMITS
from ._rules_readability import readability
from ._rules_set import calendar_conflict, calendar_unknown_asset, duplicate, hook_repeat

PENALTY: dict[Severity, int] = {Severity.BLOCKER: 30, Severity.MAJOR: 10, Severity.MINOR: 3}
WARN_PENALTY = 5

# Long-form channels, where a reader must get through several sentences.
_LONG_FORM = (readability,)

# Rules that only some channels need, beyond every channel's own platform limits.
_CHANNEL_EXTRAS: dict[Channel, tuple[AssetRule, ...]] = {
    Channel.EMAIL: (email_single_cta, email_unsubscribe, *_LONG_FORM),
    Channel.LINKEDIN: _LONG_FORM,
    Channel.FACEBOOK: _LONG_FORM,
    Channel.BLOG: _LONG_FORM,
}
_EVERY_ASSET: tuple[AssetRule, ...] = (cta, brand, cliche, claim_risky, internal_marker)
# Only where a regulator reads the ads (see is_regulated).
_REGULATED: tuple[AssetRule, ...] = (claim_regulated,)

SET_RULES: tuple[SetRule, ...] = (
    duplicate,
    calendar_conflict,
    calendar_unknown_asset,
    hook_repeat,
    coverage_objective,
)


def asset_rules(channel: Channel, regulated: bool) -> tuple[AssetRule, ...]:
    """The rules for one asset, in report order."""
    return (
        placeholder,
        *LIMITS.get(channel, ()),
        *_EVERY_ASSET,
        *(_REGULATED if regulated else ()),
        *_CHANNEL_EXTRAS.get(channel, ()),
    )


def score(checks: Sequence[QcCheck]) -> int:
    """100 less a penalty per failed check by severity and per warning, floored at 0."""
    failed = sum(PENALTY[c.severity] for c in checks if c.status is CheckStatus.FAIL)
    warned = WARN_PENALTY * sum(1 for c in checks if c.status is CheckStatus.WARN)
    return max(0, 100 - failed - warned)


def status(checks: Sequence[QcCheck]) -> QcStatus:
    """FAIL on any failed blocker; WARN on any other failure or warning; else PASS."""
    if any(c.status is CheckStatus.FAIL and c.severity is Severity.BLOCKER for c in checks):
        return QcStatus.FAIL
    if any(c.status is not CheckStatus.PASS for c in checks):
        return QcStatus.WARN
    return QcStatus.PASS


def evaluate(
    brief: NormalizedBrief,
    strategy: StrategyDoc,
    assets: list[Asset],
    calendar: list[CalendarEntry],
    round: int = 0,
) -> QcReport:
    """Run every applicable rule over the campaign's creative and calendar, and over the
    strategy document they were written from, and score it."""
    ctx = Context(brief=brief, strategy=strategy, regulated=is_regulated(brief))
    checks = [rule(a, ctx) for a in assets for rule in asset_rules(a.channel, ctx.regulated)]
    checks += [c for rule in SET_RULES for c in rule(assets, calendar, ctx)]
    checks += strategy_checks(brief, strategy)
    return QcReport(status=status(checks), score=score(checks), round=round, checks=checks)
