"""Rules on the copy itself: nothing unfinished or internal, the brand and the CTA where a
reader sees them, no worn-out phrases, and what every marketing email must carry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from actors._residue import find_residue
from actors._text import plural
from contracts.common import Severity
from contracts.production import Asset
from contracts.qc import QcCheck

from ._rules_base import Context, check, quoted, verdict
from ._rules_text import count_phrase, find_phrases, full_text

CLICHES = (
    "in today's digital age", "in today's fast-paced world", "content is king",
    "game-changer", "game-changing", "synergy", "synergies", "think outside the box",
    "take it to the next level", "cutting-edge", "world-class", "best-in-class",
    "revolutionary", "paradigm shift", "low-hanging fruit", "move the needle",
    "at the end of the day", "one-stop shop", "state-of-the-art", "unlock your potential",
    "look no further",
)

# Notes for the team that must never reach a client's audience.
INTERNAL_MARKERS = (
    "internal:", "internal only", "for internal use", "do not share", "do not publish",
    "not for publication", "wip", "fixme", "draft only", "confidential - internal",
    "note to self",
)

# CAN-SPAM and GDPR/PECR both require a working opt-out in every marketing email.
_UNSUBSCRIBE = re.compile(r"\bunsubscribe\b|\bopt[\s-]?out\b", re.IGNORECASE)


def placeholder(asset: Asset, ctx: Context) -> QcCheck:
    found = find_residue(full_text(asset))
    evidence = f"found {quoted(found)}" if found else "no placeholders or template residue"
    fix = "replace every placeholder with final copy before publishing"
    return check("placeholder", asset.asset_id, Severity.BLOCKER, verdict(not found), evidence,
                 fix)


def cta(asset: Asset, ctx: Context) -> QcCheck:
    wanted = asset.cta.strip()
    # A line break or a change of case inside the CTA still reads as the CTA.
    ok = bool(wanted) and count_phrase(full_text(asset), wanted) > 0
    if not wanted:
        evidence = "asset has no call to action"
    else:
        evidence = f'CTA "{wanted}" ' + ("found in the copy" if ok else "not found in the copy")
    fix = "give the asset a call to action and state it in the copy"
    return check("cta", asset.asset_id, Severity.BLOCKER, verdict(ok), evidence, fix)


def email_single_cta(asset: Asset, ctx: Context) -> QcCheck:
    wanted = asset.cta.strip()
    # One ask per email converts better than several competing ones.
    n = count_phrase(asset.body, wanted) if wanted else 0
    evidence = f'CTA "{wanted}" appears {plural(n, "time")} in the body'
    fix = "state the call to action exactly once in the email body"
    return check("email.single_cta", asset.asset_id, Severity.MAJOR, verdict(n == 1), evidence,
                 fix)


def email_unsubscribe(asset: Asset, ctx: Context) -> QcCheck:
    found = _UNSUBSCRIBE.search(asset.body)
    evidence = f'footer has "{found.group(0)}"' if found else "no unsubscribe line in the body"
    fix = "end the email with an unsubscribe line (required by CAN-SPAM and GDPR)"
    return check("email.unsubscribe", asset.asset_id, Severity.BLOCKER, verdict(bool(found)),
                 evidence, fix)


def brand(asset: Asset, ctx: Context) -> QcCheck:
    name = ctx.brand.strip()
    ok = bool(name) and _brand_pattern(name).search(full_text(asset)) is not None
    evidence = f'brand "{name}" ' + ("named in the copy" if ok else "not named in the copy")
    fix = f'name the brand "{name}" in the copy'
    return check("brand", asset.asset_id, Severity.BLOCKER, verdict(ok), evidence, fix)


@lru_cache(maxsize=256)
def _brand_pattern(name: str) -> re.Pattern[str]:
    """The brand as words in the copy. A hashtag (#InstantCureClinics), a handle or a domain
    (instantcureclinics.com) does not name a multi-word brand, so words must be separated
    and the name must not be glued to a '#' or '@'."""
    words = name.split()
    return re.compile(r"(?<![\w#@])" + r"[\s\-]+".join(map(re.escape, words)) + r"(?!\w)",
                      re.IGNORECASE)


def cliche(asset: Asset, ctx: Context) -> QcCheck:
    found = find_phrases(full_text(asset), CLICHES)
    evidence = f"clichés: {quoted(found)}" if found else "no banned clichés"
    fix = f"replace {quoted(found)} with a concrete, specific claim" if found else ""
    return check("cliche", asset.asset_id, Severity.MINOR, verdict(not found), evidence, fix)


def internal_marker(asset: Asset, ctx: Context) -> QcCheck:
    found = find_phrases(full_text(asset), INTERNAL_MARKERS)
    evidence = f"internal markers: {quoted(found)}" if found else "no internal markers"
    fix = f"remove the internal notes {quoted(found)} from the copy"
    return check("internal_marker", asset.asset_id, Severity.BLOCKER, verdict(not found),
                 evidence, fix)
