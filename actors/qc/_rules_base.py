"""What every QC rule shares: the campaign context it reads and the way it reports a check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from contracts.brief import NormalizedBrief
from contracts.common import Severity
from contracts.production import Asset, CalendarEntry
from contracts.qc import CheckStatus, QcCheck
from contracts.strategy import StrategyDoc


@dataclass(frozen=True)
class Context:
    """The campaign an asset belongs to: whose brand, which promises are off limits."""

    brief: NormalizedBrief
    strategy: StrategyDoc
    regulated: bool

    @property
    def brand(self) -> str:
        return self.brief.brand


AssetRule = Callable[[Asset, Context], QcCheck]
SetRule = Callable[[Sequence[Asset], Sequence[CalendarEntry], Context], list[QcCheck]]


def verdict(ok: bool, otherwise: CheckStatus = CheckStatus.FAIL) -> CheckStatus:
    """PASS when `ok`; else FAIL, or WARN for rules that only advise."""
    return CheckStatus.PASS if ok else otherwise


def check(
    check_id: str,
    asset_id: str | None,
    severity: Severity,
    status: CheckStatus,
    evidence: str,
    fix: str,
) -> QcCheck:
    """A check as reported; a passed check carries no fix, there is nothing to change."""
    return QcCheck(
        check_id=check_id,
        asset_id=asset_id,
        severity=severity,
        status=status,
        evidence=evidence,
        fix="" if status is CheckStatus.PASS else fix,
    )


def quoted(found: Sequence[str]) -> str:
    return ", ".join(f'"{m}"' for m in found)
