"""The pack check: the rendered pack read back from disk, verified against its manifest,
and every client-facing text of it run through the document rules."""

from __future__ import annotations

from contracts.brief import NormalizedBrief
from contracts.common import PackFile, Severity
from contracts.qc import QcReport
from contracts.strategy import StrategyDoc

from ._pack_texts import read_pack
from ._rules import score, status
from ._rules_base import check, verdict
from ._rules_documents import (
    claim_checks,
    forbidden_phrases,
    guidance,
    guidance_remover,
    residue_checks,
)


def evaluate_pack(pack_dir: str, files: list[PackFile], brief: NormalizedBrief,
                  strategy: StrategyDoc) -> QcReport:
    """Check the pack at `pack_dir` against its manifest entries `files`. Raises
    PackMissing (from read_pack) when the directory is not there at all."""
    texts, problems = read_pack(pack_dir, files)
    evidence = ("; ".join(problems) if problems
                else f"{len(files)} files match their manifest entries")
    fix = "rebuild the pack: what is on disk is not what delivery wrote"
    checks = [check("pack.integrity", "pack", Severity.BLOCKER, verdict(not problems),
                    evidence, fix)]
    pairs = [(t.target, t.text) for t in texts]
    rules, phrases = guidance(strategy), forbidden_phrases(brief, strategy)
    remove_guidance = guidance_remover(rules, phrases)
    claimable = [(target, remove_guidance(text)) for target, text in pairs]
    checks += residue_checks(pairs, "pack.placeholder")
    checks += claim_checks(claimable, phrases, "pack.claim")
    return QcReport(status=status(checks), score=score(checks), checks=checks)
