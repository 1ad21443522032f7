"""The example briefs taken through the real pure steps in-process, onboarding to a pack on
disk: what the saga would deliver for them, without actors, a saga or Ray."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from actors.delivery._pack import manifest_fields, render_pack, write_pack
from actors.onboarding._review import normalize, review
from actors.production._copy import write_creative
from actors.production._revise import revise_creative
from actors.qc._rules import evaluate
from actors.strategy._plan import derive_strategy
from contracts.brief import CampaignBrief
from contracts.common import PackFile
from contracts.delivery import BuildPack
from contracts.production import Finding
from contracts.qc import QcStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "briefs.jsonl"
PREPARED_AT = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
QC_ROUNDS = 2


def examples() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]


def onboarded(entry: dict[str, Any]) -> bool:
    """Whether onboarding takes the example's brief (schema and business rules)."""
    try:
        return not review(CampaignBrief.model_validate(entry["brief"]))
    except ValueError:
        return False


def pack_command(entry: dict[str, Any], formats: str = "full", seed: int = 0) -> BuildPack:
    """The BuildPack the saga sends for an onboarded example once QC passes (revising
    on failed blockers, as the saga does); AssertionError if QC still fails."""
    cid = entry["campaign_id"]
    brief = normalize(CampaignBrief.model_validate(entry["brief"]))
    strategy = derive_strategy(brief, seed)
    creative = write_creative(cid, brief, strategy, "st-1", 1, seed)
    report = evaluate(brief, strategy, creative.assets, creative.calendar, 0)
    for round_ in range(1, QC_ROUNDS + 1):
        if report.status is not QcStatus.FAIL:
            break
        findings = [Finding(check_id=c.check_id, asset_id=c.asset_id, severity=c.severity,
                            evidence=c.evidence, fix=c.fix) for c in report.failures]
        creative, _ = revise_creative(creative, findings, brief, strategy, seed, round_)
        report = evaluate(brief, strategy, creative.assets, creative.calendar, round_)
    assert report.status is not QcStatus.FAIL, report.blockers
    return BuildPack(campaign_id=cid, out_dir="/packs", prepared_at=PREPARED_AT, seed=seed,
                     brief=brief, strategy_id="st-1", strategy_version=1, strategy=strategy,
                     assets=creative.assets, calendar=creative.calendar,
                     hashtag_sets=creative.hashtag_sets, formats=formats, qc=report)


def write(out_dir: Path, cmd: BuildPack,
          files: dict[str, bytes] | None = None) -> tuple[str, list[PackFile]]:
    """Write the pack (`files`, else the command's rendering) as delivery does:
    (pack dir, manifest entries)."""
    files = render_pack(cmd) if files is None else files
    pack_dir, _, entries, _ = write_pack(str(out_dir), cmd.campaign_id, files,
                                         manifest_fields(cmd))
    return pack_dir, entries
