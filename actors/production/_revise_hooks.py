"""Revisions that vary wording: a fresh hook, and a fresh supporting line for duplicates."""

from __future__ import annotations

from collections.abc import Sequence

from contracts.production import Asset, Finding

from . import _copy_limits as limits
from ._copy_ads import headline_pool
from ._copy_hooks import key
from ._copy_text import sentences
from ._revise_fixes import Tools

_HOOK_LIMIT = {"x": 100, "email": 100, "short_video": 100, "facebook": 110}


def new_hook(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    """The asset under a hook nobody in the campaign has used, wherever the old one stood."""
    old = asset.hook or ""
    if asset.headlines and old == asset.headlines[0]:
        chars = next((x.chars for x in limits.LIMITS if x.channel == asset.channel
                      and x.field == "headlines"), limits.GOOGLE_HEADLINE)
        fresh = tools.hooks.claim(headline_pool(tools.ctx, chars))
        if fresh is None:
            return asset
        rest = [h for h in asset.headlines[1:] if key(h) != key(fresh)]
        return asset.model_copy(update={"hook": fresh, "headlines": [fresh, *rest]})
    fresh = tools.hooks.take(asset.pillar, _HOOK_LIMIT.get(asset.channel.value, 140))
    body = asset.body.replace(old, fresh, 1) if old and old in asset.body else asset.body
    return asset.model_copy(update={"hook": fresh, "body": body})


def vary(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    """A new hook and, where there is a CTA to stand before, a supporting line not yet used."""
    changed = new_hook(asset, finding, tools)
    at = changed.body.find(changed.cta) if changed.cta else -1
    if at <= 0 or asset.kind == "ad":
        return changed
    line = next((sentences(tools.ctx.support(k)) for k in range(len(changed.body) % 7, 40)
                 if sentences(tools.ctx.support(k)) not in changed.body), "")
    if not line:
        return changed
    before = changed.body[:at]
    gap = before[len(before.rstrip()):] or " "
    body = f"{before.rstrip()}{gap}{line}{gap}{changed.body[at:]}"
    return changed.model_copy(update={"body": body})


def repeated_hooks(assets: Sequence[Asset]) -> list[str]:
    """Ids of assets whose hook an earlier asset already used."""
    seen: set[str] = set()
    later: list[str] = []
    for asset in assets:
        if asset.hook and key(asset.hook) in seen:
            later.append(asset.asset_id)
        seen.add(key(asset.hook or ""))
    return later


def duplicates(assets: Sequence[Asset], finding: Finding) -> list[str]:
    """Ids of the later assets of each duplicate group: those QC's evidence names after the
    first of a group (groups split by ";"), else bodies repeating an earlier one exactly."""
    groups = [[a.asset_id for a in assets if a.asset_id in part]
              for part in finding.evidence.split(";")]
    named = [i for group in groups for i in group[1:]]
    if named:
        return list(dict.fromkeys(named))
    seen: set[str] = set()
    later: list[str] = []
    for asset in assets:
        if key(asset.body) in seen:
            later.append(asset.asset_id)
        seen.add(key(asset.body))
    return later
