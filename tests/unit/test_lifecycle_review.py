"""Client review in the campaign saga: the durable wait, the three decisions, deadlines."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from contracts.client_review import ChangeKind, Decision, ListReviews, RequestedChange
from contracts.envelope import ErrorCode
from contracts.supervisor import CancelAccepted, CancelCampaigns, FeedbackAccepted, SubmitFeedback
from tests.unit.lifecycle_harness import Lifecycle

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def life(tmp_path):
    harness = await Lifecycle(tmp_path).start()
    yield harness
    await harness.close()


def feedback(campaign_id: str, decision: Decision, **extra) -> SubmitFeedback:
    return SubmitFeedback(campaign_id=campaign_id, decision=decision, reviewer="dana@client.io",
                          **extra)


async def test_a_campaign_waits_for_its_client_then_runs_to_the_end_on_approval(life):
    await life.submit("b", 2)
    view = await life.settled("b")
    assert view.counts == {"awaiting_review": 2} and not view.done
    assert {c.state for c in view.campaigns} == {"IN_CLIENT_REVIEW"}
    listed = (await life.module("client_review", ListReviews(status="pending"))).payload
    assert sorted(r["campaign_id"] for r in listed["reviews"]) == ["b-00", "b-01"]

    accepted = await life.ask(feedback("b-00", Decision.APPROVED), FeedbackAccepted)
    assert (accepted.round, accepted.decision) == (0, Decision.APPROVED)
    view = await life.settled("b")
    assert view.counts == {"delivered": 1, "awaiting_review": 1}
    assert view.campaigns[0].state == "COMPLETED" and view.campaigns[0].pack_dir
    assert life.rows("billing", "SELECT campaign_id FROM invoices") == [("b-00",)]


async def test_changes_requested_go_back_through_production_and_qc_then_a_new_round(life):
    await life.submit("b")
    await life.settled("b")
    [(asset_id, stored)] = life.rows("production-*", "SELECT asset_id, asset_json FROM assets "
                                     "WHERE channel = 'linkedin' ORDER BY asset_id LIMIT 1")
    hook = json.loads(stored)["hook"]
    change = RequestedChange(kind=ChangeKind.NEW_HOOK, asset_id=asset_id, note="sharper")
    await life.ask(feedback("b-00", Decision.CHANGES_REQUESTED, changes=[change]),
                   FeedbackAccepted)
    view = await life.settled("b")
    assert view.counts == {"awaiting_review": 1}  # round 1 is open now
    rounds = life.rows("client_review", "SELECT round, status FROM reviews ORDER BY round")
    assert rounds == [(0, "changes_requested"), (1, "pending")]
    revised = life.rows("production-*", "SELECT asset_json FROM assets WHERE asset_id = ?",
                        asset_id)
    assert revised and json.loads(revised[0][0])["hook"] != hook

    await life.ask(feedback("b-00", Decision.APPROVED), FeedbackAccepted)
    done = await life.campaign("b")
    assert done.outcome == "delivered"


async def test_a_rejection_compensates_everything_including_the_campaign_record(life):
    await life.submit("b")
    await life.settled("b")
    await life.ask(feedback("b-00", Decision.REJECTED, note="not our voice"), FeedbackAccepted)
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("compensated", "COMPENSATED")
    assert "rejected by dana@client.io in round 0: not our voice" in done.reason
    assert life.rows("cam", "SELECT status FROM campaigns") == [("cancelled",)]
    assert life.rows("onboarding", "SELECT status FROM briefs") == [("discarded",)]
    assert life.rows("client_review", "SELECT status FROM reviews") == [("rejected",)]
    assert len(life.rows("client_review", "SELECT * FROM withdrawn")) == 1
    assert life.rows("billing", "SELECT * FROM invoices") == []
    assert life.rows("delivery-*", "SELECT * FROM packs WHERE status = 'delivered'") == []


async def test_a_second_decision_on_a_decided_round_is_refused(life):
    await life.submit("b")
    await life.settled("b")
    await life.ask(feedback("b-00", Decision.REJECTED), FeedbackAccepted)
    await life.campaign("b")
    reply = await life.reply(feedback("b-00", Decision.APPROVED))
    assert reply.error is not None and reply.error.code is ErrorCode.CONFLICT


async def test_the_wait_survives_every_actor_restarting(life):
    await life.submit("b")
    await life.settled("b")
    await life.restart()
    view = await life.settled("b")
    assert view.counts == {"awaiting_review": 1}
    await life.ask(feedback("b-00", Decision.APPROVED), FeedbackAccepted)
    assert (await life.campaign("b")).outcome == "delivered"
    assert life.rows("client_review", "SELECT count(*) FROM reviews") == [(1,)]


@pytest.mark.parametrize(("policy", "outcome"), [("approve", "delivered"),
                                                 ("reject", "compensated")])
async def test_a_deadline_applies_the_batch_policy_on_the_clock(life, policy, outcome):
    await life.submit("b", on_timeout=policy, days=2)
    await life.settled("b")
    await life.system.supervisor.reviews.review_deadlines()  # not yet due: nothing happens
    assert (await life.settled("b")).counts == {"awaiting_review": 1}
    life.clock.current += timedelta(days=2, seconds=1)
    await life.system.supervisor.reviews.review_deadlines()
    done = await life.campaign("b")
    assert done.outcome == outcome
    reviewer = life.rows("client_review", "SELECT reviewer FROM reviews")
    assert reviewer == [("policy:review-timeout",)]


async def test_an_escalated_review_is_flagged_once_and_keeps_waiting(life):
    await life.submit("b", days=1)
    await life.settled("b")
    life.clock.current += timedelta(days=1, seconds=1)
    flagged_at = life.clock.now().isoformat()
    await life.system.supervisor.reviews.review_deadlines()
    life.clock.current += timedelta(hours=1)
    await life.system.supervisor.reviews.review_deadlines()
    assert (await life.settled("b")).counts == {"awaiting_review": 1}
    assert life.rows("client_review", "SELECT status, escalated_at FROM reviews") == [
        ("pending", flagged_at)]


async def test_cancelling_a_waiting_campaign_unwinds_it(life):
    await life.submit("b")
    await life.settled("b")
    accepted = await life.ask(CancelCampaigns(target="b-00"), CancelAccepted)
    assert accepted.cancelling == 1
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("cancelled", "CANCELLED")
    assert life.rows("client_review", "SELECT status FROM reviews") == [("withdrawn",)]
    assert life.rows("cam", "SELECT status FROM campaigns") == [("cancelled",)]
