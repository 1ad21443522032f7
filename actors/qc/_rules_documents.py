"""Rules over the documents a client reads whole: the strategy, section by section, and the
texts of the rendered pack. Two blockers each: no template residue or placeholder, and no
forbidden claim (risky anywhere, the strategy's own list, and the regulator's list where
the industry is regulated).

A check per text and rule, passed or not, naming the text ("strategy:positioning",
"pack:deck.pptx#slide-3"), so a report shows what was verified as well as what failed.

The strategy's rule lists (constraints, what not to do in the market) name the very
claims they forbid ("never say 'risk-free'"): they are read for residue, not for claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel

from actors._residue import find_residue
from contracts.brief import NormalizedBrief
from contracts.common import Severity
from contracts.qc import STRATEGY_TARGET, QcCheck
from contracts.strategy import StrategyDoc

from ._rules_base import check, quoted, verdict
from ._rules_claims import REGULATED_CLAIMS, RISKY_CLAIMS, claim_phrases, is_regulated
from ._rules_text import find_phrases, plain

# Sections that state the rules, quoting what they forbid.
GUIDANCE_SECTIONS = frozenset({"avoid", "constraints"})
# The pack's own numbering of assets ("Email #1: ..."): a label, not a "#1" claim.
_ASSET_LABEL = re.compile(r"\b[A-Z][a-z]+ #\d+:")
_LABEL_TAIL = re.compile(r" #\d+:")  # what every asset label holds
# A list item's mark: "- ", "* ", "• ", "3. ".
_LIST_MARK = re.compile(r"^(?:[-*+\u2022]|\d+[.)])\s*")
# A slide clips a long bullet; a clipped start this long still says which rule it is.
_CLIPPED_MIN = 24

Text = tuple[str, str]  # (target, text)


def _strings(value: object) -> list[str]:
    """Every string in a value, depth first: a model's fields, a list's items."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in _strings(getattr(value, name))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def strategy_sections(doc: StrategyDoc) -> list[Text]:
    """(target, text) for every section of the strategy document, in reading order."""
    market, value = doc.market, doc.value
    sections = {
        "brand": doc.brand, "audience": doc.audience, "business": doc.business,
        "market": [market.category, *market.alternatives], "avoid": market.avoid,
        "personas": doc.personas, "positioning": value.positioning,
        "value": [*value.proof_points, *value.differentiators], "narrative": doc.narrative,
        "channel_plan": doc.channel_plan, "constraints": doc.constraints,
        "measurement": doc.measurement, "timeline": doc.timeline,
        "call_to_action": doc.call_to_action, "hashtags": doc.hashtags,
    }
    return [(f"{STRATEGY_TARGET}{name}", "\n".join(_strings(part)))
            for name, part in sections.items()]


def guidance(doc: StrategyDoc) -> list[str]:
    """The strategy's rule lists, whose items quote what they forbid."""
    c = doc.constraints
    return [*c.compliance, *c.forbidden_claims, *c.brand_voice, *c.excluded_channels,
            *doc.market.avoid]


def forbidden_phrases(brief: NormalizedBrief, doc: StrategyDoc) -> tuple[str, ...]:
    regulated = REGULATED_CLAIMS if is_regulated(brief) else ()
    return (*RISKY_CLAIMS, *claim_phrases(doc.constraints.forbidden_claims), *regulated)


def _squash(text: str) -> str:
    return " ".join(plain(text).split())


def _core(line: str) -> str:
    """A plain line as a rule would read in a list: no bullet or number, no clipping mark."""
    squashed = " ".join(line.split())
    mark = _LIST_MARK.match(squashed)  # anchored: one try, not one per position as sub makes
    if mark:
        squashed = squashed[mark.end():]
    return squashed.removesuffix("\u2026").removesuffix("...")


def guidance_remover(rules: Iterable[str], phrases: Iterable[str] = ()) -> Callable[[str], str]:
    """A function giving a text less the strategy's rules where the pack quotes them, for
    the claim scan. The rules are prepared once for every text of a pack.

    A line that is one rule (a bullet of strategy.md, an <li> of index.html), or the start
    of one clipped to fit a slide, is dropped. A rule that is a sentence is also cut out
    wherever it appears whole (speaker notes join them with "; "). A rule that is just a
    forbidden phrase ("risk-free") is never cut out of running text: there it is a claim.
    The pack's own asset labels ("Email #1:") go too."""
    squashed = {_squash(r).casefold(): _squash(r) for r in rules if r.strip()}
    bare = {_squash(p).casefold() for p in phrases}
    cut = [rule for key, rule in sorted(squashed.items(), key=lambda kv: len(kv[0]),
                                        reverse=True) if key not in bare]
    ordered = sorted(squashed)  # for the clipped-rule test, a bisection
    # A pack says most lines several times (the Markdown, the page, the calendar): each
    # distinct line is judged once per pack, and a text quoting no rule is left whole.
    judged: set[str] = set()
    rule_lines: set[str] = set()

    def remove(text: str) -> str:
        text = plain(text)  # one translation for the whole text
        lines = text.splitlines()
        distinct = set(lines)
        rule_lines.update(line for line in distinct - judged
                          if _is_rule(_core(line).casefold(), ordered))
        judged.update(distinct)
        if rule_lines.isdisjoint(distinct):
            out = " ".join(text.split())  # every line break is whitespace to split()
        else:
            out = " ".join("\n".join([line for line in lines if line not in rule_lines]).split())
        out = _without_asset_labels(out)
        for rule in cut:
            out = out.replace(rule, " ")
        return out

    return remove


def _without_asset_labels(text: str) -> str:
    """`_ASSET_LABEL.sub(" ", text)`, found from the label's tail (" #1:"), which a fast
    literal scan finds: the label's pattern starts with a letter, tried at every position.
    A label ends where its tail starts a run of lower-case letters after one capital."""
    kept, at = [], 0
    for tail in _LABEL_TAIL.finditer(text):
        start = tail.start()
        while start > at and "a" <= text[start - 1] <= "z":
            start -= 1
        label = _ASSET_LABEL.match(text, start - 1) if start > at else None
        if label is not None and label.end() == tail.end():
            kept += [text[at:label.start()], " "]
            at = label.end()
    return "".join([*kept, text[at:]]) if kept else text


def _is_rule(core: str, ordered: list[str]) -> bool:
    """Whether `core` is one of the rules (`ordered`: their keys, sorted), or the start of one
    clipped to fit a slide. Every key starting with `core` sorts at or after it, before any
    key that does not: the first key from `core` on is the only one to test."""
    at = bisect_left(ordered, core)
    if at == len(ordered):
        return False
    return ordered[at] == core or (len(core) >= _CLIPPED_MIN and ordered[at].startswith(core))


def residue_checks(texts: Sequence[Text], check_id: str) -> list[QcCheck]:
    """One check per text: no template residue or placeholder in it."""
    fix = "send the text back to be rewritten without the placeholder; the client signs this"
    return [check(check_id, target, Severity.BLOCKER, verdict(not found),
                  f"template residue or placeholder: {quoted(found)}" if found
                  else "no placeholders or template residue", fix)
            for target, text in texts for found in [find_residue(text)]]


def claim_checks(texts: Sequence[Text], phrases: tuple[str, ...],
                 check_id: str) -> list[QcCheck]:
    """One check per text: none of `phrases` in it."""
    fix = "remove the claim, or replace it with one the client can substantiate"
    return [check(check_id, target, Severity.BLOCKER, verdict(not found),
                  f"forbidden claims: {quoted(found)}" if found else "no forbidden claims", fix)
            for target, text in texts for found in [find_phrases(text, phrases)]]


def strategy_checks(brief: NormalizedBrief, doc: StrategyDoc) -> list[QcCheck]:
    """The strategy document's residue and claim checks."""
    sections = strategy_sections(doc)
    claimable = [(t, s) for t, s in sections
                 if t.removeprefix(STRATEGY_TARGET) not in GUIDANCE_SECTIONS]
    return [*residue_checks(sections, "strategy.placeholder"),
            *claim_checks(claimable, forbidden_phrases(brief, doc), "strategy.claim")]
