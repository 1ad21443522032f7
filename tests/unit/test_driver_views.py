"""The read models behind the console and the CLI's review previews: `LifecycleApi.campaign`
and `LifecycleApi.review`, composed from the supervisor's saga log and the modules' own
answers. Every actor is real and in this process (tests.unit.lifecycle_harness)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from actors._text import x_weighted_length
from contracts.codec import encode_request
from contracts.common import Channel, Contract
from contracts.qc import CheckStatus, QcReport
from contracts.supervisor import FeedbackAccepted, SubmitFeedback
from driver.api import LifecycleApi
from driver.errors import NotFound
from driver.requests import answer
from supervisors.campaign import campaign_saga
from tests.support import brief_dict, envelope
from tests.unit.lifecycle_harness import Lifecycle, behind, only_letter
from tests.unit.test_dead_letters import Poisoned

pytestmark = pytest.mark.usefixtures("each_store")


class OnSystem(LifecycleApi):
    """The driver API on an in-process system. The API is synchronous, as a script's is: the
    test calls it on a worker thread, which hands each request to the test's event loop."""

    def __init__(self, life: Lifecycle, loop: asyncio.AbstractEventLoop):
        self._life, self._loop = life, loop

    def _call(self, handler: Any, message: Contract, expected: type[Contract]) -> Any:
        frame = encode_request(envelope(message, "driver", now=self._life.clock.now()))
        reply = asyncio.run_coroutine_threadsafe(handler(frame), self._loop)
        return answer(reply.result(timeout=30), expected)

    def ask(self, message: Contract, expected: type[Contract], correlation_id: str) -> Any:
        return self._call(self._life.system.supervisor.handle, message, expected)

    def ask_module(self, destination: str, message: Contract, expected: type[Contract]) -> Any:
        return self._call(self._life.system.modules[destination].handle, message, expected)


@pytest.fixture
async def life(tmp_path):
    harness = await Lifecycle(tmp_path).start()
    yield harness
    await harness.close()


@pytest.fixture
async def api(life) -> OnSystem:
    return OnSystem(life, asyncio.get_running_loop())


# Long words in the brief make QC warn about readability: a delivered campaign with findings.
WORDY = brief_dict(
    client_name="Client b 0", offer="Comprehensive interdisciplinary telecommunications "
    "infrastructure modernization consultancy for multinational organizations operating "
    "internationally", target_audience="Infrastructure modernization executives at "
    "multinational telecommunications organizations")


async def test_a_delivered_campaign_shows_its_steps_in_order_its_findings_and_its_pack(life, api):
    await life.submit("b", review="auto", briefs=[WORDY])
    await life.settled("b")

    detail = await asyncio.to_thread(api.campaign, "b-00")

    assert (detail.outcome, detail.state, detail.batch_id) == ("delivered", "COMPLETED", "b")
    assert detail.brand == detail.client_name == "Client b 0"
    ran = [(s.step, s.kind) for s in detail.steps]
    assert [s for s, _ in ran][:6] == ["register", "onboard", "strategy", "approve", "produce",
                                       "qc"]
    assert {kind for _, kind in ran} == {"do"} and ran[-1][0] == "complete"
    names = [step for step, _ in ran]
    assert names == [s.name for s in campaign_saga().steps if s.name in names]
    assert all(s.status == "done" and s.attempts >= 1 and s.started_at is not None
               and s.finished_at is not None and s.started_at <= s.finished_at
               for s in detail.steps)
    manifest = json.loads((Path(detail.pack_dir) / "manifest.json").read_text())
    assert detail.pack_files == [f["path"] for f in manifest["files"]] and detail.pack_files
    assert detail.zip_path and Path(detail.zip_path).is_file()
    assert detail.findings == _flagged(life, "evaluations") + _flagged(life, "pack_checks")
    assert detail.findings and all(f.status is not CheckStatus.PASS for f in detail.findings)
    assert detail.qc_score == QcReport.model_validate_json(
        _stored(life, "evaluations")).score


async def test_a_compensated_campaign_shows_its_undo_steps_and_why(life, api):
    await life.submit("b")
    await life.settled("b")
    await life.ask(SubmitFeedback(campaign_id="b-00", decision="rejected",
                                  reviewer="dana@client.io", note="not our voice"),
                   FeedbackAccepted)
    await life.settled("b")

    detail = await asyncio.to_thread(api.campaign, "b-00")

    assert (detail.outcome, detail.state) == ("compensated", "COMPENSATED")
    assert "rejected by dana@client.io in round 0: not our voice" in detail.reason
    done = [s.step for s in detail.steps if s.kind == "do"]
    undone = [s.step for s in detail.steps if s.kind == "undo"]
    assert undone and all(s.status == "done" for s in detail.steps if s.kind == "undo")
    assert undone == [s for s in reversed(done) if s in undone]  # unwound in reverse order
    assert {"produce", "strategy", "register"} <= set(undone)
    assert detail.pack_dir is None and detail.pack_files == []
    assert detail.finished_at is not None


async def test_a_campaign_parked_on_a_dead_letter_names_it_and_its_failing_step(tmp_path):
    life, _ = await behind(tmp_path, Poisoned)  # every IssueInvoice fails
    try:
        letter = await only_letter(life)
        detail = await asyncio.to_thread(OnSystem(life, asyncio.get_running_loop()).campaign,
                                         "b-00")
    finally:
        await life.close()

    assert detail.outcome is None and detail.dead_letter is not None
    assert detail.dead_letter.letter_id == letter["letter_id"]
    invoice = next(s for s in detail.steps if s.step == "invoice")
    assert (invoice.kind, invoice.status, invoice.attempts) == ("do", "failed", 6)
    assert "KeyError: 'tax_rate'" in invoice.error
    assert detail.pack_dir and detail.pack_files  # the pack stays while an operator decides


async def test_an_unknown_campaign_is_not_found(api):
    with pytest.raises(NotFound):
        await asyncio.to_thread(api.campaign, "no-such-campaign")
    with pytest.raises(NotFound):
        await asyncio.to_thread(api.review, "no-such-campaign")


async def test_a_campaign_awaiting_review_shows_its_round_strategy_and_every_asset(life, api):
    await life.submit("b")
    await life.settled("b")

    review = await asyncio.to_thread(api.review, "b-00")

    assert (review.campaign_id, review.round, review.status) == ("b-00", 0, "pending")
    assert review.client_name == review.brand == "Client b 0" and review.decided_at is None
    stored = [json.loads(row[0]) for row in life.rows(
        "production-*", "SELECT asset_json FROM assets WHERE status = 'live' ORDER BY position")]
    assert [item.asset.model_dump(mode="json") for item in review.assets] == stored
    assert review.strategy is not None and review.strategy.pillars
    assert sum(c.budget_share_pct for c in review.strategy.channels) == 100
    x_post = next(item for item in review.assets if item.asset.channel is Channel.X)
    [body] = x_post.measures
    assert (body.field, body.unit, body.limit) == ("body", "weighted characters", 280)
    assert body.length == x_weighted_length(x_post.asset.body) and not body.over
    for item in review.assets:  # production fits everything it writes
        assert not any(m.over for m in item.measures), item


async def test_a_decided_round_shows_the_decision_and_the_next_round_follows(life, api):
    await life.submit("b")
    await life.settled("b")
    [(asset_id,)] = life.rows("production-*", "SELECT asset_id FROM assets WHERE channel = "
                              "'linkedin' ORDER BY asset_id LIMIT 1")
    await life.ask(SubmitFeedback(campaign_id="b-00", decision="changes_requested",
                                  changes=[{"kind": "new_hook", "asset_id": asset_id}],
                                  reviewer="dana@client.io"), FeedbackAccepted)
    await life.settled("b")

    review = await asyncio.to_thread(api.review, "b-00")

    assert (review.round, review.status) == (1, "pending")  # the latest round


def _stored(life: Lifecycle, table: str) -> str:
    [(report,)] = life.rows("qc-*", f"SELECT report_json FROM {table}")
    return report


def _flagged(life: Lifecycle, table: str) -> list[Any]:
    return [c for c in QcReport.model_validate_json(_stored(life, table)).checks
            if c.status is not CheckStatus.PASS]
