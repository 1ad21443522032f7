"""The batch supervisor with every module actor in-process (LocalSystem, no Ray): what each
campaign of a batch ends as (delivered, rejected, compensated), with packs and rows checked
on disk and in each module's store.

Batches of several campaigns ask for "data" packs (no PDF, no deck): rendering those two is
nearly all of a pack's cost. One test delivers a full pack and checks every file in it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from actors.delivery._pack import verify_pack
from contracts.supervisor import Outcome
from tests.stores import query
from tests.support import brief_dict
from tests.unit.batch_harness import campaigns, on_disk, packs_of, submit, wait_done

pytestmark = pytest.mark.usefixtures("each_store")

# A brand name so long that X posts naming it overflow 280 characters: QC blocks the first
# draft, one revision round shortens the posts.
LONG_BRAND = ("Northwind Analytics Group Holdings (publ) - Retail Demand Forecasting, Inventory "
              "Planning, Supplier Lead-Time and Promotion Uplift Divisions for North America")
QC_BLOCKED = brief_dict(brand_name=LONG_BRAND, channels=["x", "linkedin"])
# Template residue in the offer: onboarding refuses the brief, naming the field.
RESIDUE = "Save 20% with {{discount_code}} this spring"
# A forbidden claim in a regulated industry that is the brand itself: striking it unnames the
# brand, so no revision passes QC and the saga compensates for a human to decide.
UNREPAIRABLE = brief_dict(
    client_name="Guaranteed Returns Capital LLC", brand_name="Guaranteed Returns Capital",
    industry="Fintech", offer="Managed ETF portfolios with automatic rebalancing",
    compliance_notes="SEC marketing rule: no performance guarantees")
VARIED = [
    brief_dict(),
    brief_dict(client_name="Acme Bakery", industry="Food & Beverage", channels=["instagram"],
               budget="1200"),
    brief_dict(client_name="Ledgerly", industry="Fintech",
               compliance_notes="FCA financial promotion rules; risk warning on every asset"),
    brief_dict(client_name="Orbit Gear", brand_name="Orbit", channels=["x", "linkedin"],
               duration_weeks=4),
    brief_dict(client_name="Helio Clinics", industry="Healthcare", channels=["email"],
               compliance_notes="No outcome claims; HIPAA applies"),
    brief_dict(client_name="Kite Travel", geography="Canada", currency="CAD",
               budget="9000.50", tone="warm, playful"),
    brief_dict(client_name="Mosaic Tiles", objectives=["Drive showroom visits"],
               duration_weeks=12),
    brief_dict(offer="TBD"),  # onboarding refuses a placeholder
    brief_dict(budget=-5),  # fails the brief schema at intake
    brief_dict(offer=RESIDUE),  # onboarding refuses template residue
    QC_BLOCKED,  # QC blocks the overlong X posts; a revision fixes them
    UNREPAIRABLE,  # QC blocks the strategy itself: compensated at once
]
EXPECTED = [Outcome.DELIVERED] * 7 + [Outcome.REJECTED] * 3 + [Outcome.DELIVERED,
                                                                Outcome.COMPENSATED]
FULL_PACK = {"index.html", "strategy.pdf", "deck.pptx", "strategy.md", "assets.json",
             "calendar.csv", "calendar.ics", "qc_report.html", "qc_report.json", "README.txt",
             "manifest.json"}


def module_rows(data_dir: Path, campaign_id: str) -> dict[str, list[str]]:
    """Status of every row a module database holds for the campaign, by table."""
    where = "WHERE campaign_id = ?"
    return {table: [status for (status,) in query(data_dir, stores,
                                                  f"SELECT status FROM {table} {where}",
                                                  (campaign_id,))]
            for stores, table in [("onboarding", "briefs"), ("strategy", "strategies"),
                                  ("production-*", "productions"), ("production-*", "assets"),
                                  ("qc-*", "evaluations"), ("delivery-*", "packs")]}


def assert_nothing_live(data_dir: Path, campaign_id: str, *, revoked_pack: bool) -> None:
    rows = module_rows(data_dir, campaign_id)
    assert rows["briefs"] == ["discarded"]
    for table in ("strategies", "productions", "assets", "evaluations"):
        assert rows[table] and set(rows[table]) == {"discarded"}, (table, rows[table])
    assert rows["packs"] == (["revoked"] if revoked_pack else [])



def pack_files(pack_dir: str) -> set[str]:
    root = Path(pack_dir)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# --- a batch end to end ----------------------------------------------------------------------


async def test_every_campaign_of_a_varied_batch_ends_in_exactly_one_outcome(system, tmp_path):
    items = campaigns("mix", VARIED)
    out_dir = tmp_path / "packs"

    accepted = await submit(system, "batch-mix", items, out_dir)
    view = await wait_done(system, "batch-mix")

    assert (accepted.created, accepted.total) == (True, len(items))
    assert [c.campaign_id for c in view.campaigns] == [i.campaign_id for i in items]
    assert [c.outcome for c in view.campaigns] == EXPECTED
    assert (view.total, view.finished, sum(view.counts.values())) == (12, 12, 12)
    assert view.counts == {"delivered": 8, "rejected": 3, "compensated": 1}
    delivered = [c for c in view.campaigns if c.outcome is Outcome.DELIVERED]
    assert on_disk(out_dir) == packs_of([c.campaign_id for c in delivered])
    for campaign in delivered:
        assert campaign.state == "COMPLETED" and campaign.pack_dir is not None
        assert verify_pack(campaign.pack_dir) == []
        assert "strategy.pdf" not in pack_files(campaign.pack_dir)  # a "data" pack
    for campaign in view.campaigns:
        if campaign.outcome is not Outcome.DELIVERED:
            assert campaign.reason and campaign.pack_dir is None


async def test_refused_briefs_are_rejected_with_a_reason(system, tmp_path):
    items = campaigns("bad", [brief_dict(offer="TBD"), brief_dict(budget=-5),
                              brief_dict(offer=RESIDUE)])

    await submit(system, "batch-bad", items, tmp_path / "packs")
    placeholder, invalid, residue = (await wait_done(system, "batch-bad")).campaigns

    assert (placeholder.outcome, placeholder.state) == (Outcome.REJECTED, "CANCELLED")
    assert placeholder.reason is not None and "offer is a placeholder" in placeholder.reason
    assert (invalid.outcome, invalid.state) == (Outcome.REJECTED, "CANCELLED")
    assert invalid.reason is not None and "budget" in invalid.reason
    assert (residue.outcome, residue.state) == (Outcome.REJECTED, "CANCELLED")
    assert residue.reason is not None and (
        "offer carries template residue '{{discount_code}}'" in residue.reason)
    assert on_disk(tmp_path / "packs") == []


async def test_a_qc_failure_without_revision_rounds_compensates_and_leaves_nothing_live(
        system, tmp_path):
    [item] = campaigns("qc", [QC_BLOCKED])

    await submit(system, "batch-qc", [item], tmp_path / "packs", qc_rounds=0)
    [campaign] = (await wait_done(system, "batch-qc")).campaigns

    assert (campaign.outcome, campaign.state) == (Outcome.COMPENSATED, "COMPENSATED")
    assert campaign.reason is not None and "qc failed on the first draft" in campaign.reason
    assert "limit.x" in campaign.reason
    assert campaign.compensation_failures == []
    assert_nothing_live(tmp_path / "data", item.campaign_id, revoked_pack=False)
    assert query(tmp_path / "data", "production-*",
                 "SELECT rounds FROM productions WHERE campaign_id = ?",
                 (item.campaign_id,)) == [(0,)]
    assert on_disk(tmp_path / "packs") == []


async def test_a_blocker_in_the_strategy_compensates_at_once_and_leaves_nothing_live(
        system, tmp_path):
    [item] = campaigns("never", [UNREPAIRABLE])

    await submit(system, "batch-never", [item], tmp_path / "packs")
    [campaign] = (await wait_done(system, "batch-never")).campaigns

    assert (campaign.outcome, campaign.state) == (Outcome.COMPENSATED, "COMPENSATED")
    assert campaign.reason is not None and "qc failed on the strategy document" in campaign.reason
    assert 'strategy.claim@strategy:brand: forbidden claims: "Guaranteed"' in campaign.reason
    assert campaign.compensation_failures == []
    assert_nothing_live(tmp_path / "data", item.campaign_id, revoked_pack=False)
    assert query(tmp_path / "data", "qc-*",
                 "SELECT round FROM evaluations WHERE campaign_id = ?",
                 (item.campaign_id,)) == [(0,)]  # no revision round was spent on it
    assert on_disk(tmp_path / "packs") == []


async def test_a_revision_round_fixes_what_qc_found_and_delivers_a_full_pack(system, tmp_path):
    [item] = campaigns("rev", [QC_BLOCKED])
    out_dir = tmp_path / "packs"

    await submit(system, "batch-rev", [item], out_dir, formats="full")
    [campaign] = (await wait_done(system, "batch-rev")).campaigns

    assert (campaign.outcome, campaign.state) == (Outcome.DELIVERED, "COMPLETED")
    assert campaign.qc_score is not None and campaign.pack_dir == str(out_dir / "rev-00")
    assert on_disk(out_dir) == packs_of(["rev-00"])
    assert verify_pack(campaign.pack_dir) == []
    files = pack_files(campaign.pack_dir)
    assert files >= FULL_PACK and any(f.startswith("channels/") for f in files)
    with zipfile.ZipFile(f"{campaign.pack_dir}.zip") as archive:
        assert set(archive.namelist()) == files and archive.testzip() is None
    pack = Path(campaign.pack_dir)
    assert (pack / "strategy.pdf").read_bytes().startswith(b"%PDF")
    qc = json.loads((pack / "qc_report.json").read_text())["report"]
    assert all(c["status"] != "FAIL" for c in qc["checks"] if c["check_id"] == "limit.x")
    assert (qc["round"], qc["score"]) == (1, campaign.qc_score) and qc["status"] != "FAIL"
    manifest = json.loads((pack / "manifest.json").read_text())
    assert (manifest["campaign_id"], manifest["qc_score"]) == ("rev-00", campaign.qc_score)
    assert query(tmp_path / "data", "production-*",
                 "SELECT status, rounds FROM productions WHERE campaign_id = ?",
                 (item.campaign_id,)) == [("live", 1)]
    assert module_rows(tmp_path / "data", item.campaign_id)["packs"] == ["delivered"]


async def test_a_pack_that_cannot_be_written_compensates_every_step(system, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a regular file: nothing can be created below it, not even by root")
    items = campaigns("io", [brief_dict(), brief_dict(client_name="Kite Travel")])

    await submit(system, "batch-io", items, blocker / "packs")
    view = await wait_done(system, "batch-io")

    for campaign in view.campaigns:
        assert (campaign.outcome, campaign.state) == (Outcome.COMPENSATED, "COMPENSATED")
        assert campaign.reason is not None and campaign.reason.startswith("pack: io_failed")
        assert campaign.pack_dir is None and campaign.compensation_failures == []
        assert_nothing_live(tmp_path / "data", campaign.campaign_id, revoked_pack=True)
