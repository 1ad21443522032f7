"""The batch supervisor with every module actor in-process (LocalSystem, no Ray), driven
the way a user drives it: request frames in, GetBatch polling, packs and rows checked on disk.

Batches of several campaigns ask for "data" packs (no PDF, no deck): rendering those two is
nearly all of a pack's cost. One test delivers a full pack and checks every file in it.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from actors.delivery._pack import verify_pack
from contracts.codec import decode_replies, decode_request, encode_request
from contracts.common import Contract
from contracts.envelope import ErrorCode
from contracts.supervisor import (
    BatchAccepted,
    BatchView,
    CampaignSubmission,
    GetBatch,
    Outcome,
    PackFormats,
    SubmitBatch,
)
from runtime import DriverError, LocalSystem, Settings, answer, build_supervisor, request
from supervisors.ports import LocalTransport, Transport
from tests.support import brief_dict, envelope

# Template residue in the offer: QC blocks the first draft, one revision round replaces it.
QC_BLOCKED = "Save 20% with {{discount_code}} this spring"
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
    brief_dict(offer=QC_BLOCKED),  # QC blocks the unfilled placeholder; a revision fixes it
    UNREPAIRABLE,  # QC blocks every round: compensated
]
EXPECTED = [Outcome.DELIVERED] * 7 + [Outcome.REJECTED, Outcome.REJECTED, Outcome.DELIVERED,
                                      Outcome.COMPENSATED]
FULL_PACK = {"index.html", "strategy.pdf", "deck.pptx", "strategy.md", "assets.json",
             "calendar.csv", "calendar.ics", "qc_report.html", "qc_report.json", "README.txt",
             "manifest.json"}
DEAD = ("discarded", "revoked")


def settings_for(tmp_path: Path) -> Settings:
    return Settings(data_dir=str(tmp_path / "data"), production_shards=2, qc_shards=2,
                    delivery_shards=2)


@pytest.fixture
async def system(tmp_path: Path):
    local = await LocalSystem(settings_for(tmp_path)).start()
    yield local
    await local.close()


async def ask(system: LocalSystem, message: Contract, expected: type[Contract]) -> Any:
    return answer(await system.supervisor.handle(request(message, "test-driver")), expected)


def campaigns(prefix: str, briefs: list[dict[str, Any]]) -> list[CampaignSubmission]:
    return [CampaignSubmission(campaign_id=f"{prefix}-{i:02d}", brief=b)
            for i, b in enumerate(briefs)]


async def submit(system: LocalSystem, batch_id: str, items: list[CampaignSubmission],
                 out_dir: Path | str, window: int = 4, *, qc_rounds: int = 2,
                 formats: PackFormats = "data") -> BatchAccepted:
    """Submit a batch; "data" packs unless a test asks for the PDF and the deck."""
    command = SubmitBatch(batch_id=batch_id, out_dir=str(out_dir), window=window,
                          qc_rounds=qc_rounds, pack_formats=formats, campaigns=items)
    return await ask(system, command, BatchAccepted)


async def wait_done(system: LocalSystem, batch_id: str, timeout: float = 60) -> BatchView:
    """Poll as a driver does (GetBatch with wait_seconds) under an overall deadline."""
    async def poll() -> BatchView:
        while not (await ask(system, GetBatch(batch_id=batch_id, wait_seconds=1.0),
                             BatchView)).done:
            pass
        return await ask(system, GetBatch(batch_id=batch_id, include_campaigns=True), BatchView)
    return await asyncio.wait_for(poll(), timeout)


def db_rows(data_dir: Path, pattern: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for path in sorted(data_dir.glob(pattern)):
        with closing(sqlite3.connect(path)) as db:
            rows += db.execute(sql, args).fetchall()
    return rows


def module_rows(data_dir: Path, campaign_id: str) -> dict[str, list[str]]:
    """Status of every row a module database holds for the campaign, by table."""
    where = "WHERE campaign_id = ?"
    return {table: [status for (status,) in db_rows(data_dir, pattern,
                                                    f"SELECT status FROM {table} {where}",
                                                    campaign_id)]
            for pattern, table in [("onboarding.db", "briefs"), ("strategy.db", "strategies"),
                                   ("production-*.db", "productions"),
                                   ("production-*.db", "assets"), ("qc-*.db", "evaluations"),
                                   ("delivery-*.db", "packs")]}


def assert_nothing_live(data_dir: Path, campaign_id: str, *, revoked_pack: bool) -> None:
    rows = module_rows(data_dir, campaign_id)
    assert rows["briefs"] == ["discarded"]
    for table in ("strategies", "productions", "assets", "evaluations"):
        assert rows[table] and set(rows[table]) == {"discarded"}, (table, rows[table])
    assert rows["packs"] == (["revoked"] if revoked_pack else [])


def by_id(view: BatchView) -> dict[str, Any]:
    return {c.campaign_id: c for c in view.campaigns}


def on_disk(out_dir: Path) -> list[str]:
    """Every name in the output directory, hidden temp names included."""
    return sorted(p.name for p in out_dir.iterdir()) if out_dir.exists() else []


def packs_of(campaign_ids: list[str]) -> list[str]:
    """What delivering these campaigns leaves in the output directory: folder and zip each."""
    return sorted([*campaign_ids, *(f"{c}.zip" for c in campaign_ids)])


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
    assert (view.total, view.finished, sum(view.counts.values())) == (11, 11, 11)
    assert view.counts == {"delivered": 8, "rejected": 2, "compensated": 1}
    delivered = [c for c in view.campaigns if c.outcome is Outcome.DELIVERED]
    assert on_disk(out_dir) == packs_of([c.campaign_id for c in delivered])
    for campaign in delivered:
        assert campaign.state == "DELIVERED" and campaign.pack_dir is not None
        assert verify_pack(campaign.pack_dir) == []
        assert "strategy.pdf" not in pack_files(campaign.pack_dir)  # a "data" pack
    for campaign in view.campaigns:
        if campaign.outcome is not Outcome.DELIVERED:
            assert campaign.reason and campaign.pack_dir is None


async def test_refused_briefs_are_rejected_with_a_reason(system, tmp_path):
    items = campaigns("bad", [brief_dict(offer="TBD"), brief_dict(budget=-5)])

    await submit(system, "batch-bad", items, tmp_path / "packs")
    placeholder, invalid = (await wait_done(system, "batch-bad")).campaigns

    assert (placeholder.outcome, placeholder.state) == (Outcome.REJECTED, "CANCELLED")
    assert placeholder.reason is not None and "offer is a placeholder" in placeholder.reason
    assert (invalid.outcome, invalid.state) == (Outcome.REJECTED, "CANCELLED")
    assert invalid.reason is not None and "budget" in invalid.reason
    assert on_disk(tmp_path / "packs") == []


async def test_a_qc_failure_without_revision_rounds_compensates_and_leaves_nothing_live(
        system, tmp_path):
    [item] = campaigns("qc", [brief_dict(offer=QC_BLOCKED)])

    await submit(system, "batch-qc", [item], tmp_path / "packs", qc_rounds=0)
    [campaign] = (await wait_done(system, "batch-qc")).campaigns

    assert (campaign.outcome, campaign.state) == (Outcome.COMPENSATED, "COMPENSATED")
    assert campaign.reason is not None and "qc failed after 0 revision round(s)" in campaign.reason
    assert "{{discount_code}}" in campaign.reason
    assert campaign.compensation_failures == []
    assert_nothing_live(tmp_path / "data", item.campaign_id, revoked_pack=False)
    assert db_rows(tmp_path / "data", "production-*.db",
                   "SELECT rounds FROM productions WHERE campaign_id = ?",
                   item.campaign_id) == [(0,)]
    assert on_disk(tmp_path / "packs") == []


async def test_qc_that_fails_every_round_compensates_and_leaves_nothing_live(system, tmp_path):
    [item] = campaigns("never", [UNREPAIRABLE])

    await submit(system, "batch-never", [item], tmp_path / "packs")
    [campaign] = (await wait_done(system, "batch-never")).campaigns

    assert (campaign.outcome, campaign.state) == (Outcome.COMPENSATED, "COMPENSATED")
    assert campaign.reason is not None and "qc failed after 2 revision round(s)" in campaign.reason
    assert campaign.compensation_failures == []
    assert_nothing_live(tmp_path / "data", item.campaign_id, revoked_pack=False)
    assert db_rows(tmp_path / "data", "qc-*.db",
                   "SELECT round FROM evaluations WHERE campaign_id = ?",
                   item.campaign_id) == [(2,)]
    assert on_disk(tmp_path / "packs") == []


async def test_a_revision_round_fixes_what_qc_found_and_delivers_a_full_pack(system, tmp_path):
    [item] = campaigns("rev", [brief_dict(offer=QC_BLOCKED)])
    out_dir = tmp_path / "packs"

    await submit(system, "batch-rev", [item], out_dir, formats="full")
    [campaign] = (await wait_done(system, "batch-rev")).campaigns

    assert (campaign.outcome, campaign.state) == (Outcome.DELIVERED, "DELIVERED")
    assert campaign.qc_score is not None and campaign.pack_dir == str(out_dir / "rev-00")
    assert on_disk(out_dir) == packs_of(["rev-00"])
    assert verify_pack(campaign.pack_dir) == []
    files = pack_files(campaign.pack_dir)
    assert files >= FULL_PACK and any(f.startswith("channels/") for f in files)
    with zipfile.ZipFile(f"{campaign.pack_dir}.zip") as archive:
        assert set(archive.namelist()) == files and archive.testzip() is None
    pack = Path(campaign.pack_dir)
    assert (pack / "strategy.pdf").read_bytes().startswith(b"%PDF")
    assert "{{discount_code}}" not in (pack / "assets.json").read_text()
    qc = json.loads((pack / "qc_report.json").read_text())["report"]
    assert (qc["round"], qc["score"]) == (1, campaign.qc_score) and qc["status"] != "FAIL"
    manifest = json.loads((pack / "manifest.json").read_text())
    assert (manifest["campaign_id"], manifest["qc_score"]) == ("rev-00", campaign.qc_score)
    assert db_rows(tmp_path / "data", "production-*.db",
                   "SELECT status, rounds FROM productions WHERE campaign_id = ?",
                   item.campaign_id) == [("live", 1)]
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


# --- submitting ------------------------------------------------------------------------------


async def test_submitting_a_batch_id_again_runs_nothing_new(system, tmp_path):
    items = campaigns("dup", [brief_dict(), brief_dict(client_name="Acme Bakery")])
    extra = campaigns("extra", [brief_dict(client_name="Orbit Gear")])
    out_dir = tmp_path / "packs"

    first = await submit(system, "batch-dup", items, out_dir)
    racing = await submit(system, "batch-dup", items + extra, out_dir)  # while it runs
    done = await wait_done(system, "batch-dup")
    late = await submit(system, "batch-dup", items, out_dir)  # after it finished
    again = await wait_done(system, "batch-dup")

    assert (first.created, racing.created, late.created) == (True, False, False)
    assert [c.campaign_id for c in again.campaigns] == [i.campaign_id for i in items]
    assert again.version == done.version and again.campaigns == done.campaigns
    assert on_disk(out_dir) == packs_of([i.campaign_id for i in items])
    builds = db_rows(tmp_path / "data", "delivery-*.db",
                     "SELECT correlation_id FROM processed_messages WHERE type = 'BuildPack'")
    assert sorted(builds) == [(i.campaign_id,) for i in items]


async def test_submitting_a_batch_id_again_reports_the_existing_batch(system, tmp_path):
    items = campaigns("tot", [brief_dict(budget=-5)])  # refused at intake: nothing runs
    await submit(system, "batch-tot", items, tmp_path / "packs")

    again = await submit(system, "batch-tot", items + campaigns("more", [brief_dict()]),
                         tmp_path / "packs")

    assert (again.created, again.total) == (False, 1)


async def test_repeated_campaign_ids_within_a_batch_are_a_bad_payload(system, tmp_path):
    [item] = campaigns("rep", [brief_dict()])

    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-rep", [item, item], tmp_path / "packs")

    assert refused.value.code == ErrorCode.BAD_PAYLOAD.value
    with pytest.raises(DriverError) as missing:
        await ask(system, GetBatch(batch_id="batch-rep"), BatchView)
    assert missing.value.code == ErrorCode.NOT_FOUND.value  # nothing was created


async def test_a_campaign_id_owned_by_another_batch_is_a_conflict(system, tmp_path):
    items = campaigns("own", [brief_dict(budget=-5)])
    await submit(system, "batch-one", items, tmp_path / "packs")

    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-two", campaigns("new", [brief_dict(budget=-5)]) + items,
                     tmp_path / "packs")

    assert refused.value.code == ErrorCode.CONFLICT.value
    assert "own-00" in str(refused.value) and "batch-one" in str(refused.value)


async def test_a_taken_campaign_id_late_in_a_large_batch_is_a_conflict(system, tmp_path):
    taken = campaigns("own", [brief_dict(budget=-5)])  # refused at intake: nothing runs
    await submit(system, "batch-one", taken, tmp_path / "packs")
    big = campaigns("big", [brief_dict(budget=-5)] * 900) + taken

    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-big", big, tmp_path / "packs")

    assert refused.value.code == ErrorCode.CONFLICT.value


async def test_a_relative_out_dir_is_a_bad_payload(system):
    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-rel", campaigns("rel", [brief_dict()]), "packs")

    assert refused.value.code == ErrorCode.BAD_PAYLOAD.value
    assert "absolute" in str(refused.value)


async def test_an_unknown_batch_is_not_found(system):
    with pytest.raises(DriverError) as refused:
        await ask(system, GetBatch(batch_id="no-such-batch"), BatchView)

    assert refused.value.code == ErrorCode.NOT_FOUND.value


# --- malformed requests -------------------------------------------------------------------------


async def test_malformed_requests_get_typed_error_replies(system):
    query = GetBatch(batch_id="x")
    frame = encode_request([envelope(query, type_name="CancelEverything"),
                            envelope(query, version="2.0"),
                            envelope(query, payload={"batch_id": "x", "wait_seconds": -1})])

    replies = decode_replies(await system.supervisor.handle(frame))
    [garbage] = decode_replies(await system.supervisor.handle(b"\xc1\x00 not a frame"))

    assert [(r.error.code, r.error.retryable) for r in replies if r.error] == [
        (ErrorCode.UNKNOWN_TYPE, False), (ErrorCode.UNSUPPORTED_VERSION, False),
        (ErrorCode.BAD_PAYLOAD, False)]
    assert garbage.error is not None and garbage.error.code is ErrorCode.BAD_FRAME


# --- restarting the supervisor ------------------------------------------------------------------


class LostReplies(Transport):
    """Real actors behind it. From the second frame carrying BuildPack on, each frame is
    applied by its actor but the reply never comes back: the supervisor is about to die."""

    def __init__(self, inner: Transport):
        self.inner = inner
        self.pack_frames = 0
        self.tripped = asyncio.Event()
        self.release = asyncio.Event()

    async def call(self, destination: str, frame: bytes) -> bytes:
        if self.release.is_set():
            raise ConnectionError("the old supervisor is gone")
        reply = await self.inner.call(destination, frame)
        raws, _ = decode_request(frame)
        self.pack_frames += any(raw["type"] == "BuildPack" for raw in raws)
        if self.pack_frames < 2:
            return reply
        self.tripped.set()
        await self.release.wait()
        raise ConnectionError("the old supervisor is gone")


async def test_a_restarted_supervisor_resumes_the_batch_without_duplicates(tmp_path):
    settings, out_dir = settings_for(tmp_path), tmp_path / "packs"
    items = campaigns("rs", [brief_dict(client_name=f"Client {i}") for i in range(6)])
    first = LocalSystem(settings)
    gate = LostReplies(LocalTransport(first.modules))
    first.supervisor = build_supervisor(settings, gate)
    await first.start()
    await submit(first, "batch-rs", items, out_dir, window=2)
    await asyncio.wait_for(gate.tripped.wait(), 30)
    before = await ask(first, GetBatch(batch_id="batch-rs"), BatchView)
    await first.supervisor.close()  # the supervisor dies with replies still owed to it
    gate.release.set()
    await first.close()

    second = await LocalSystem(settings).start()
    try:
        view = await wait_done(second, "batch-rs")
    finally:
        await second.close()

    assert 1 <= before.finished < len(items)
    assert [c.outcome for c in view.campaigns] == [Outcome.DELIVERED] * len(items)
    assert on_disk(out_dir) == packs_of([i.campaign_id for i in items])  # no temp or extras
    assert all(verify_pack(c.pack_dir) == [] for c in view.campaigns if c.pack_dir)
    builds = db_rows(tmp_path / "data", "delivery-*.db",
                     "SELECT correlation_id FROM processed_messages WHERE type = 'BuildPack'")
    assert sorted(builds) == [(i.campaign_id,) for i in items]  # each pack built once
