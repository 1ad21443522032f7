"""One fix per QC check: each takes an asset and its finding and returns the asset changed
only as that check requires. A fix on an asset with nothing to fix returns it unchanged,
which is what lets a finding that names no asset be applied to the whole set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from contracts.common import Channel
from contracts.production import Asset, Finding

from . import _copy_limits as limits
from ._copy_ads import headline_pool
from ._copy_context import Context
from ._copy_email import footer
from ._copy_hooks import HookDeck
from ._copy_text import (
    CLICHES,
    RISKY_CLAIMS,
    contains_any,
    phrase_re,
    sentence,
    shorten,
    unique,
    word_count,
)
from ._revise_text import (
    Fill,
    Keep,
    edit_lines,
    fill_placeholders,
    optional,
    remove_markers,
    remove_phrases,
    shorten_body,
)

_TAG = re.compile(r"(?<!\S)#\w+")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")
_TEXT_FIELDS = ("title", "subject", "preheader", "body", "hook", "cta")


@dataclass(frozen=True)
class Tools:
    """What fixes draw new words from: the campaign context and its hook deck."""

    ctx: Context
    hooks: HookDeck
    start: date


Fix = Callable[[Asset, Finding, Tools], Asset]


def map_text(asset: Asset, change: Callable[[str], str]) -> Asset:
    """`asset` with `change` applied to every text field a reader sees."""
    update: dict[str, object] = {f: change(v) for f in _TEXT_FIELDS if (v := getattr(asset, f))}
    update["headlines"] = [h for h in map(change, asset.headlines) if h]
    update["descriptions"] = [d for d in map(change, asset.descriptions) if d]
    return asset.model_copy(update=update)


def visible(asset: Asset) -> str:
    """Every text field a reader sees, one per line."""
    singles = (asset.title, asset.subject, asset.preheader, asset.body, asset.hook)
    return "\n".join([*(s for s in singles if s), *asset.headlines, *asset.descriptions])


def _fill(asset: Asset, tools: Tools) -> Fill:
    ctx, day = tools.ctx, tools.start
    return Fill(brand=ctx.brand, domain=ctx.domain, geography=ctx.geography,
                date=f"{day.day} {day:%B} {day.year}")


def placeholder(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    fill = _fill(asset, tools)
    return map_text(asset, lambda text: fill_placeholders(text, fill))


def strike(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    """Remove the phrases the finding quotes; without quotes, every banned phrase present."""
    quoted = _QUOTED.findall(f"{finding.evidence} {finding.fix}")
    known = [*tools.ctx.banned, *CLICHES, *RISKY_CLAIMS]
    phrases = [q for q in quoted if q.strip()] or known
    found = [p for p in unique(phrases) if contains_any(visible(asset), [p])]
    return map_text(asset, lambda s: remove_phrases(s, found)) if found else asset


def internal_marker(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    quoted = _QUOTED.findall(f"{finding.evidence} {finding.fix}")
    return map_text(asset, lambda s: remove_phrases(remove_markers(s), quoted))


def fit_script(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    """A script cut to what fits in 60 seconds: optional scene lines go, last first."""
    if asset.channel != Channel.SHORT_VIDEO:
        return asset
    keep = _keep(asset, tools)
    lines = asset.body.split("\n")
    for i in range(len(lines) - 1, 0, -1):
        if word_count("\n".join(lines)) <= limits.VIDEO_WORDS:
            break
        if optional(lines[i], keep):
            del lines[i]
    return asset.model_copy(update={"body": "\n".join(lines)})


def fit_limit(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    limit = limits.BY_CHECK[finding.check_id]
    return fit_to(asset, limit, tools) if limit.over(asset) else asset


def _keep(asset: Asset, tools: Tools) -> Keep:
    # The offer may already have had its placeholders filled; look for it either way.
    offers = (tools.ctx.offer, fill_placeholders(tools.ctx.offer, _fill(asset, tools)))
    offer = next((o for o in offers if o in asset.body), tools.ctx.offer)
    return Keep(brand=tools.ctx.brand, cta=asset.cta, offer=offer, hook=asset.hook or "")


def fit_to(asset: Asset, limit: limits.Limit, tools: Tools) -> Asset:
    if limit.field == "body":
        keep = _keep(asset, tools)
        body, hook = shorten_body(asset.body, limit.chars, keep, limit.measure)
        tags = [t for t in asset.hashtags if t in _TAG.findall(body)]
        return asset.model_copy(update={"body": body, "hook": hook or asset.hook,
                                        "hashtags": tags})
    if limit.field == "headlines":
        return _fit_headlines(asset, limit.chars, tools)
    if limit.field == "descriptions":
        return asset.model_copy(update={"descriptions": unique(
            d if len(d) <= limit.chars else sentence(shorten(d, limit.chars - 1))
            for d in asset.descriptions)})
    return asset.model_copy(update={limit.field: shorten(getattr(asset, limit.field) or "",
                                                         limit.chars)})


def _fit_headlines(asset: Asset, chars: int, tools: Tools) -> Asset:
    kept = unique(h if len(h) <= chars else shorten(h, chars) for h in asset.headlines)
    fewest = 8 if asset.channel == Channel.GOOGLE_ADS else 1
    taken = {h.casefold() for h in kept}
    spare = [h for h in headline_pool(tools.ctx, chars) if h.casefold() not in taken]
    kept = [*kept, *spare[: max(0, fewest - len(kept))]]
    hook = asset.hook
    if kept and asset.headlines and asset.hook == asset.headlines[0] != kept[0]:
        hook = tools.hooks.claim([kept[0]]) or asset.hook
    return asset.model_copy(update={"headlines": kept, "hook": hook})


def trim_hashtags(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    found = _TAG.findall(asset.body)
    if len(found) <= limits.INSTAGRAM_MAX_HASHTAGS:
        return asset
    extra = set(found[limits.INSTAGRAM_MAX_HASHTAGS:])
    seen: list[str] = []

    def line(s: str) -> str:
        def keep(m: re.Match[str]) -> str:
            seen.append(m.group(0))
            return m.group(0) if len(seen) <= limits.INSTAGRAM_MAX_HASHTAGS else ""
        return _TAG.sub(keep, s)
    body = edit_lines(asset.body, line)
    kept = set(_TAG.findall(body))
    tags = [t for t in asset.hashtags if t in kept or t not in extra]
    return asset.model_copy(update={"body": body, "hashtags": [t for t in tags if t in kept]})


def brand(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    name = tools.ctx.brand
    if contains_any(visible(asset), [name]):
        return asset
    if asset.cta and asset.cta in asset.body:
        return asset.model_copy(update={"body": asset.body.replace(asset.cta,
                                                                   f"{name}: {asset.cta}", 1)})
    lines = asset.body.split("\n")
    return asset.model_copy(update={"body": "\n".join([lines[0], f"From {name}.", *lines[1:]])})


def cta(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    text = asset.cta or tools.ctx.cta
    if phrase_re(text).search(asset.body):
        return asset
    lines = asset.body.split("\n")
    at = len(lines)
    # The CTA goes above the tail: hashtags, sign-off and footer stay last.
    while at > 1 and _is_tail(lines[at - 1], tools.ctx):
        at -= 1
    sep = [""] if "\n\n" in asset.body else []
    head = lines[:at]
    while head and not head[-1].strip():
        head.pop()
    body = "\n".join([*head, *sep, text, *sep, *lines[at:]]).strip("\n")
    return asset.model_copy(update={"body": re.sub(r"\n{3,}", "\n\n", body), "cta": text})


def _is_tail(line: str, ctx: Context) -> bool:
    s = line.strip()
    return (not s or s == "--" or "unsubscribe" in s.lower() or s == f"The {ctx.brand} team"
            or all(w.startswith("#") for w in s.split()))


def single_cta(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    if asset.channel != Channel.EMAIL:
        return asset  # one ask per email; a post may restate its CTA
    pattern, seen = phrase_re(asset.cta), [0]

    def line(s: str) -> str:
        def once(m: re.Match[str]) -> str:
            seen[0] += 1
            return m.group(0) if seen[0] == 1 else ""
        return pattern.sub(once, s)
    body = edit_lines(asset.body, line)
    changed = asset.model_copy(update={"body": body})
    return cta(changed, finding, tools) if seen[0] == 0 else changed


def unsubscribe(asset: Asset, finding: Finding, tools: Tools) -> Asset:
    lines = [x for x in asset.body.split("\n") if x.strip()]
    if asset.channel != Channel.EMAIL or (lines and "unsubscribe" in lines[-1].lower()):
        return asset
    body = edit_lines(asset.body, lambda s: "" if "unsubscribe" in s.lower() else s)
    tail = ["--"] if body.rstrip().split("\n")[-1].strip() != "--" else []
    body = "\n\n".join([body.rstrip(), *tail, footer(tools.ctx)])
    return asset.model_copy(update={"body": body})
