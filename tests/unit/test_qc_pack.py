"""QC's pack check over real packs on disk: the example briefs' packs pass, and residue,
placeholders and forbidden claims seeded into any client-facing document are caught and
named, as is a file that is not what the manifest says."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from pptx import Presentation

from actors.delivery._pack import render_pack
from actors.onboarding._review import normalize
from actors.production._copy import write_creative
from actors.qc._pack_texts import PackMissing
from actors.qc._rules import evaluate
from actors.qc._rules_pack import evaluate_pack
from actors.strategy._plan import derive_strategy
from contracts.brief import CampaignBrief
from contracts.delivery import BuildPack
from contracts.qc import CheckStatus, QcReport, QcStatus
from tests.unit.pack_pipeline import examples, onboarded, pack_command, write

DEFECTS = {
    "template residue": ("{{discount_code}}", "pack.placeholder"),
    "placeholder": ("[Insert offer here]", "pack.placeholder"),
    "forbidden claim": ("risk-free", "pack.claim"),
}
# The examples whose brand name is itself a forbidden claim: QC fails their strategy.
UNFIXABLE = [e for e in examples() if e.get("note", "").startswith("QC fails the strategy")]
DELIVERED = [e for e in examples() if onboarded(e) and e not in UNFIXABLE]
# The examples whose packs are checked in full (deck and PDF too): a B2B, a consumer and
# the one whose first draft needs a revision round. The others are checked as data packs.
FULL = {"0b6f3c2e-8a41-4d7e-9c15-3e2a7f90b1d4", "5e1d9a7b-2c3f-4b8a-a6e0-71f4c8d2e903",
        "36f8b2d9-0c4e-4a75-9b1f-e2d6a8c3f510"}


@pytest.fixture(scope="module")
def ledgerline() -> tuple[BuildPack, dict[str, bytes]]:
    cmd = pack_command(DELIVERED[0])
    return cmd, render_pack(cmd)


def check(tmp_path: Path, cmd: BuildPack, files: dict[str, bytes] | None = None) -> QcReport:
    pack_dir, entries = write(tmp_path, cmd, files)
    return evaluate_pack(pack_dir, entries, cmd.brief, cmd.strategy)


def failing(report: QcReport) -> list[tuple[str, str | None, str]]:
    return [(c.check_id, c.asset_id, c.evidence) for c in report.failures]


@pytest.mark.parametrize("entry", DELIVERED, ids=lambda e: e["campaign_id"][:8])
def test_every_delivered_example_pack_passes(tmp_path, entry) -> None:
    formats = "full" if entry["campaign_id"] in FULL else "data"
    report = check(tmp_path, pack_command(entry, formats))
    assert failing(report) == [] and report.status is QcStatus.PASS
    ids = [c.check_id for c in report.checks]
    assert ids[0] == "pack.integrity" and set(ids[1:]) == {"pack.placeholder", "pack.claim"}
    texts = {c.asset_id for c in report.checks[1:]}
    assert {"pack:strategy.md", "pack:index.html", "pack:calendar.ics",
            "pack:README.txt"} <= texts
    if formats == "full":
        assert {"pack:deck.pptx#slide-1", "pack:deck.pptx#slide-1-notes"} <= texts


@pytest.mark.parametrize("entry", UNFIXABLE, ids=lambda e: e["campaign_id"][:8])
def test_a_brand_that_is_a_forbidden_claim_fails_on_the_strategy_itself(entry) -> None:
    brief = normalize(CampaignBrief.model_validate(entry["brief"]))
    doc = derive_strategy(brief, 0)
    report = evaluate(brief, doc, write_creative("c", brief, doc, "st-1", 1, 0).assets, [])
    assert "strategy:brand" in [c.asset_id for c in report.strategy_blockers]


def test_the_residue_example_no_longer_reaches_a_pack() -> None:
    [entry] = [e for e in examples() if "{{discount_code}}" in e["brief"]["offer"]]
    assert not onboarded(entry)


def _slide_3(data: bytes, text: str, notes: bool) -> bytes:
    deck = Presentation(io.BytesIO(data))
    slide = deck.slides[2]
    if notes:
        frame = slide.notes_slide.notes_text_frame
        frame.text = f"{frame.text} Start today {text}, no card needed."
    else:
        body = next(s for s in slide.shapes if s.has_text_frame and s != slide.shapes.title)
        body.text_frame.add_paragraph().text = f"Start today {text}, no card needed."
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def seed(files: dict[str, bytes], document: str, text: str) -> tuple[dict[str, bytes], str]:
    """`files` with `text` written into one document; the target the check should name."""
    files = dict(files)
    if document in ("slide", "notes"):
        files["deck.pptx"] = _slide_3(files["deck.pptx"], text, document == "notes")
        return files, "pack:deck.pptx#slide-3" + ("-notes" if document == "notes" else "")
    if document == "html":
        page = files["index.html"].decode()
        files["index.html"] = page.replace(
            "<p>", f"<p>Start today {html.escape(text)}, no card needed. ", 1).encode()
        return files, "pack:index.html"
    markdown = "channels/linkedin.md"
    files[markdown] += f"\nStart today {text}, no card needed.\n".encode()
    return files, f"pack:{markdown}"


@pytest.mark.parametrize("defect", sorted(DEFECTS))
@pytest.mark.parametrize("document", ["slide", "notes", "html", "markdown"])
def test_a_defect_in_any_document_is_a_blocker_naming_it(tmp_path, ledgerline, defect,
                                                          document) -> None:
    cmd, files = ledgerline
    text, rule = DEFECTS[defect]
    tampered, target = seed(files, document, text)
    report = check(tmp_path, cmd, tampered)
    assert report.status is QcStatus.FAIL
    assert failing(report) == [(rule, target, failing(report)[0][2])]
    assert f'"{text}"' in failing(report)[0][2]


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_a_defect_in_a_strategy_section_is_caught_in_every_document_showing_it(
        tmp_path, ledgerline, defect) -> None:
    cmd, _ = ledgerline
    text, rule = DEFECTS[defect]
    value = cmd.strategy.value
    doc = cmd.strategy.model_copy(update={"value": value.model_copy(
        update={"positioning": f"Start today {text}, no card needed. {value.positioning}"})})
    report = check(tmp_path, cmd.model_copy(update={"strategy": doc}))
    targets = {target for check_id, target, _ in failing(report) if check_id == rule}
    assert {"pack:strategy.md", "pack:index.html", "pack:deck.pptx#slide-3",
            "pack:deck.pptx#slide-3-notes"} <= targets


def test_html_is_read_unescaped_and_with_its_attribute_values(tmp_path, ledgerline) -> None:
    cmd, files = ledgerline
    page = files["index.html"].decode().replace(
        "<p>", '<p>Use code &#123;&#123;promo&#125;&#125; at <a href="https://example.com/">'
               "checkout</a>. ", 1)
    report = check(tmp_path, cmd, {**files, "index.html": page.encode()})
    [(_, target, evidence)] = failing(report)
    assert target == "pack:index.html"
    assert evidence == 'template residue or placeholder: "{{promo}}", "example.com"'


def test_a_file_changed_after_delivery_fails_integrity(tmp_path, ledgerline) -> None:
    cmd, files = ledgerline
    pack_dir, entries = write(tmp_path, cmd, files)
    (Path(pack_dir) / "README.txt").write_text("replaced by someone else")
    (Path(pack_dir) / "calendar.csv").unlink()
    report = evaluate_pack(pack_dir, entries, cmd.brief, cmd.strategy)
    [(check_id, target, evidence)] = failing(report)
    assert (check_id, target) == ("pack.integrity", "pack")
    assert evidence == ("README.txt differs from its manifest entry (sha256 or size); "
                        "calendar.csv is missing")
    assert report.status is QcStatus.FAIL


def test_a_pack_directory_this_node_cannot_see_is_a_fault_not_a_finding(tmp_path,
                                                                        ledgerline) -> None:
    cmd, files = ledgerline
    _, entries = write(tmp_path, cmd, files)
    with pytest.raises(PackMissing):
        evaluate_pack(str(tmp_path / "elsewhere"), entries, cmd.brief, cmd.strategy)


def test_the_strategys_rules_may_quote_what_they_forbid(tmp_path, ledgerline) -> None:
    cmd, files = ledgerline
    forbidden = cmd.strategy.constraints.forbidden_claims
    assert "risk-free" in forbidden  # listed in strategy.md and index.html, as rules
    report = check(tmp_path, cmd, files)
    assert all(c.status is CheckStatus.PASS for c in report.checks)
