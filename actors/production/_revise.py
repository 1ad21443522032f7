"""Revise creative on QC's findings: change exactly what they name and nothing else.

A finding names a check and usually an asset. Its fix comes from a table keyed by check
id (or id prefix, for families such as "claim.*" and "calendar.*"); a finding that names
no asset applies to the set, where each fix leaves alone whatever it has nothing to fix.
A check this table does not know changes nothing: the next QC round fails again and the
saga compensates, which is the honest outcome for a defect production cannot repair.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from contracts.brief import NormalizedBrief
from contracts.production import Asset, CalendarEntry, Finding
from contracts.strategy import StrategyDoc

from . import _copy_limits as limits
from . import _revise_fixes as fx
from . import _revise_hooks as hk
from ._calendar import repair_calendar
from ._copy_context import build_context
from ._copy_hooks import HookDeck
from ._creative import Creative

ASSET_FIXES: dict[str, fx.Fix] = {
    "placeholder": fx.placeholder,
    "cta": fx.cta,
    "brand": fx.brand,
    "cliche": fx.strike,
    "internal_marker": fx.internal_marker,
    "limit.instagram_hashtags": fx.trim_hashtags,
    "email.unsubscribe": fx.unsubscribe,
    "email.single_cta": fx.single_cta,
    "duplicate": hk.vary,
    "hook.repeat": hk.new_hook,
    "limit.video_length": fx.fit_script,
    **{check: fx.fit_limit for check in limits.BY_CHECK},
    # What a client may ask for at review (contracts.client_review.ChangeKind); the saga
    # sends each request as a finding with check id "client.<kind>".
    "client.new_hook": hk.new_hook,
    "client.rewrite": hk.vary,
    "client.remove_phrase": fx.strike,
}
PREFIX_FIXES: dict[str, fx.Fix] = {"claim.": fx.strike}
CALENDAR_CHECK = "calendar"


def revise_creative(current: Creative, findings: list[Finding], brief: NormalizedBrief,
                    strategy: StrategyDoc, seed: int, round: int
                    ) -> tuple[Creative, list[str]]:
    """The revised creative and the sorted ids of the assets that changed."""
    ctx = build_context(brief, strategy)
    used = [*(a.hook or "" for a in current.assets), *(e.hook for e in current.calendar)]
    hooks = HookDeck(ctx, random.Random(f"{seed}:{round}:{strategy.brand}:revise"), used)
    tools = fx.Tools(ctx=ctx, hooks=hooks, start=brief.start_date)
    assets = {a.asset_id: a for a in current.assets}
    calendar = list(current.calendar)
    for finding in findings:
        check = finding.check_id
        if check == CALENDAR_CHECK or check.startswith(f"{CALENDAR_CHECK}."):
            calendar = _repair(calendar, assets, tools)
            continue
        _apply(assets, finding, tools)
        if check == "hook.repeat" and finding.asset_id is None:
            calendar = _repair(calendar, assets, tools)
    revised = [assets[a.asset_id] for a in current.assets]
    changed = sorted(new.asset_id for new, old in zip(revised, current.assets, strict=True)
                     if new != old)
    return Creative(assets=revised, calendar=calendar,
                    hashtag_sets=current.hashtag_sets), changed


def _fix_for(check: str) -> fx.Fix | None:
    if check in ASSET_FIXES:
        return ASSET_FIXES[check]
    return next((fix for prefix, fix in PREFIX_FIXES.items() if check.startswith(prefix)), None)


def _apply(assets: dict[str, Asset], finding: Finding, tools: fx.Tools) -> None:
    fix = _fix_for(finding.check_id)
    if fix is None:
        return
    for asset_id in _targets(list(assets.values()), finding):
        before = assets[asset_id]
        assets[asset_id] = _settle(before, fix(before, finding, tools), tools)


def _targets(assets: Sequence[Asset], finding: Finding) -> list[str]:
    """The assets a finding names; for a set-wide finding, those its check is about."""
    if finding.asset_id is not None:
        return [a.asset_id for a in assets if a.asset_id == finding.asset_id]
    if finding.check_id == "duplicate":
        return hk.duplicates(assets, finding)
    if finding.check_id == "hook.repeat":
        return hk.repeated_hooks(assets)
    return [a.asset_id for a in assets]


def _settle(before: Asset, after: Asset, tools: fx.Tools) -> Asset:
    """`after`, cut back to any platform limit the fix broke (one it kept before)."""
    for limit in limits.LIMITS:
        if limit.over(after) and not limit.over(before):
            after = fx.fit_to(after, limit, tools)
    return after


def _repair(calendar: list[CalendarEntry], assets: dict[str, Asset],
            tools: fx.Tools) -> list[CalendarEntry]:
    return repair_calendar(calendar, list(assets.values()), tools.start, tools.hooks)
