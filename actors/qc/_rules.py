"""QC rule engine: a table of rules run over the creative exactly as it would be published.

Every applicable check is reported whether it passed or not, so a report shows what was
verified as well as what failed. Order is deterministic: assets in the order given, each
asset's checks in rule-table order, then checks over the whole set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from actors.qc._rules_text import count_hashtags, find_placeholders, full_text, normalize
from contracts.common import Channel, Severity
from contracts.production import Asset
from contracts.qc import QcCheck, QcReport, QcStatus

AssetRule = Callable[[Asset, str], QcCheck]
SetRule = Callable[[Sequence[Asset]], list[QcCheck]]

PENALTY: dict[Severity, int] = {Severity.BLOCKER: 30, Severity.MAJOR: 10, Severity.MINOR: 3}


def _check(
    check_id: str, asset_id: str | None, severity: Severity, passed: bool, evidence: str, fix: str
) -> QcCheck:
    return QcCheck(
        check_id=check_id,
        asset_id=asset_id,
        severity=severity,
        passed=passed,
        evidence=evidence,
        fix="" if passed else fix,
    )


def _placeholder(asset: Asset, brand: str) -> QcCheck:
    found = find_placeholders(full_text(asset))
    evidence = "found " + ", ".join(f'"{m}"' for m in found) if found else "no placeholders"
    fix = "replace every placeholder with final copy before publishing"
    return _check("placeholder", asset.asset_id, Severity.BLOCKER, not found, evidence, fix)


@dataclass(frozen=True)
class _MaxCount:
    """A platform ceiling on something measured in the body (characters, hashtags)."""

    check_id: str
    severity: Severity
    limit: int
    what: str
    measure: Callable[[str], int]
    fix: str

    def __call__(self, asset: Asset, brand: str) -> QcCheck:
        n = self.measure(asset.body)
        evidence = f"{self.what} is {n}; limit {self.limit}"
        return _check(
            self.check_id, asset.asset_id, self.severity, n <= self.limit, evidence, self.fix
        )


_LIMIT_X = _MaxCount(
    check_id="limit.x",
    severity=Severity.BLOCKER,
    limit=280,
    what="body length (chars)",
    measure=len,
    fix="cut the post to 280 chars",
)
_LIMIT_LINKEDIN = _MaxCount(
    check_id="limit.linkedin",
    severity=Severity.BLOCKER,
    limit=3000,
    what="body length (chars)",
    measure=len,
    fix="cut the post to 3000 chars",
)
_LIMIT_INSTAGRAM = _MaxCount(
    check_id="limit.instagram",
    severity=Severity.BLOCKER,
    limit=2200,
    what="caption length (chars)",
    measure=len,
    fix="cut the caption to 2200 chars",
)
_LIMIT_INSTAGRAM_HASHTAGS = _MaxCount(
    check_id="limit.instagram_hashtags",
    severity=Severity.MAJOR,
    limit=30,
    what="hashtag count",
    measure=count_hashtags,
    # Instagram rejects captions over 30 tags, so the post would fail at publish time.
    fix="keep at most 30 hashtags",
)

EMAIL_SUBJECT_LIMIT = 60


def _email_subject(asset: Asset, brand: str) -> QcCheck:
    subject = (asset.subject or "").strip()
    n = len(subject)
    passed = 0 < n <= EMAIL_SUBJECT_LIMIT
    evidence = f"subject length is {n}; limit {EMAIL_SUBJECT_LIMIT}" if n else "no subject"
    fix = f"write a subject line of 1-{EMAIL_SUBJECT_LIMIT} chars"
    return _check("limit.email_subject", asset.asset_id, Severity.MAJOR, passed, evidence, fix)


def _hashtags_present(asset: Asset, brand: str) -> QcCheck:
    n = count_hashtags(asset.body)
    evidence = f"{n} hashtags in caption"
    fix = "add a few relevant hashtags so the caption can be discovered"
    return _check("hashtags.present", asset.asset_id, Severity.MINOR, n > 0, evidence, fix)


def _cta(asset: Asset, brand: str) -> QcCheck:
    cta = asset.cta.strip()
    if not cta:
        passed, evidence = False, "asset has no call to action"
    else:
        # A line break inside the CTA still reads as the CTA.
        passed = normalize(cta) in normalize(asset.body)
        evidence = f'CTA "{cta}" ' + ("found in body" if passed else "not found in body")
    fix = "state the call to action in the body text"
    return _check("cta", asset.asset_id, Severity.BLOCKER, passed, evidence, fix)


def _brand(asset: Asset, brand: str) -> QcCheck:
    name = brand.strip()
    passed = bool(name) and normalize(name) in normalize(full_text(asset))
    where = "found in subject or body" if passed else "not found in subject or body"
    evidence = f'brand "{name}" {where}'
    fix = "name the brand in the copy"
    return _check("brand", asset.asset_id, Severity.BLOCKER, passed, evidence, fix)


# Only the checks for an asset's own channel run; a LinkedIn post has no 280-char limit.
_CHANNEL_RULES: dict[Channel, tuple[AssetRule, ...]] = {
    Channel.X: (_LIMIT_X,),
    Channel.LINKEDIN: (_LIMIT_LINKEDIN,),
    Channel.INSTAGRAM: (_LIMIT_INSTAGRAM, _LIMIT_INSTAGRAM_HASHTAGS, _hashtags_present),
    Channel.EMAIL: (_email_subject,),
}


def _asset_rules(channel: Channel) -> tuple[AssetRule, ...]:
    return (_placeholder, *_CHANNEL_RULES.get(channel, ()), _cta, _brand)


def _duplicate(assets: Sequence[Asset]) -> list[QcCheck]:
    groups: dict[str, list[str]] = {}
    for asset in assets:
        groups.setdefault(normalize(asset.body), []).append(asset.asset_id)
    dupes = [ids for ids in groups.values() if len(ids) > 1]
    evidence = (
        "identical bodies: " + "; ".join(" = ".join(ids) for ids in dupes)
        if dupes
        else "all bodies distinct"
    )
    fix = "rewrite one of each duplicate pair for its channel"
    return [_check("duplicate", None, Severity.MINOR, not dupes, evidence, fix)]


SET_RULES: tuple[SetRule, ...] = (_duplicate,)


def score(checks: Sequence[QcCheck]) -> int:
    """100 less a fixed penalty per failed check by severity, floored at 0."""
    return max(0, 100 - sum(PENALTY[c.severity] for c in checks if not c.passed))


def status(checks: Sequence[QcCheck]) -> QcStatus:
    failed = {c.severity for c in checks if not c.passed}
    if Severity.BLOCKER in failed:
        return QcStatus.FAIL
    return QcStatus.WARN if failed else QcStatus.PASS


def evaluate(brand: str, assets: list[Asset]) -> QcReport:
    """Run every applicable rule over `assets` and score the result."""
    checks = [rule(a, brand) for a in assets for rule in _asset_rules(a.channel)]
    checks += [c for rule in SET_RULES for c in rule(assets)]
    return QcReport(status=status(checks), score=score(checks), checks=checks)
