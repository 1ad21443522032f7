"""Claims an advertiser cannot back up: risky everywhere, and a stricter list where the
industry's marketing is regulated (finance, health, pharma, legal, gambling, crypto).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from contracts.brief import NormalizedBrief
from contracts.common import Severity
from contracts.production import Asset
from contracts.qc import QcCheck

from ._rules_base import Context, check, quoted, verdict
from ._rules_text import find_phrases, full_text, plain

# Absolute promises (FTC and ASA both want substantiation) and medical-sounding outcomes.
RISKY_CLAIMS = (
    "guaranteed", "guarantee results", "#1", "number one", "no. 1", "risk-free", "no risk",
    "zero risk", "cure", "cures", "100% effective", "100% safe", "instant results",
    "never fails", "miracle",
)

# Financial promotions (FCA, SEC), health and pharma (FDA, MHRA), legal advertising (bar
# rules), gambling and crypto codes all forbid promising outcomes or implying endorsement.
REGULATED_CLAIMS = (
    "clinically proven", "doctor recommended", "doctor approved", "no side effects",
    "guaranteed returns", "guaranteed approval", "double your money", "get rich",
    "free money", "safe investment", "can't lose", "cannot lose", "sure bet", "win big",
    "beat the market", "we will win your case", "win your case",
)

# Words in an industry name that put its marketing under a regulator.
_REGULATED_INDUSTRIES = frozenset(
    {"finance", "financial", "fintech", "banking", "bank", "insurance", "investment",
     "investing", "lending", "loans", "health", "healthcare", "medical", "pharma",
     "pharmaceutical", "pharmaceuticals", "legal", "law", "gambling", "betting", "casino",
     "crypto", "cryptocurrency"}
)

# A forbidden claim may be written as guidance ("never say 'risk-free'"): match the quote.
_QUOTED = re.compile(r"\"([^\"]+)\"|(?<!\w)'([^']+)'(?!\w)")


def is_regulated(brief: NormalizedBrief) -> bool:
    industry = set(re.findall(r"[a-z]+", brief.industry.casefold()))
    return brief.regulated or bool(industry & _REGULATED_INDUSTRIES)


def claim_phrases(forbidden: Iterable[str]) -> list[str]:
    """The phrases to look for in each of the strategy's forbidden claims."""
    phrases: list[str] = []
    for claim in forbidden:
        text = plain(claim)
        quotes = [m.group(1) or m.group(2) for m in _QUOTED.finditer(text)]
        phrases += quotes or [text.strip().rstrip(".!;,")]
    return [p for p in phrases if p.strip()]


def claim_risky(asset: Asset, ctx: Context) -> QcCheck:
    phrases = (*RISKY_CLAIMS, *claim_phrases(ctx.strategy.constraints.forbidden_claims))
    found = find_phrases(full_text(asset), phrases)
    evidence = f"risky claims: {quoted(found)}" if found else "no risky or forbidden claims"
    fix = f"remove {quoted(found)} or replace it with a claim the client can substantiate"
    return check("claim.risky", asset.asset_id, Severity.BLOCKER, verdict(not found), evidence,
                 fix)


def claim_regulated(asset: Asset, ctx: Context) -> QcCheck:
    found = find_phrases(full_text(asset), REGULATED_CLAIMS)
    industry = ctx.brief.industry
    evidence = (f"claims a regulator would reject in {industry}: {quoted(found)}" if found
                else f"no claims restricted in {industry}")
    fix = (f"remove {quoted(found)}: in a regulated industry state only approved, "
           "substantiated facts")
    return check("claim.regulated", asset.asset_id, Severity.BLOCKER, verdict(not found),
                 evidence, fix)
