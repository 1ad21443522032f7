"""A client's lifecycle through the retention actor: onboarding -> active -> at_risk ->
churned, renewal, and compensation back to onboarding."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from actors.retention import RetentionActor
from actors.retention import _tables as t
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from contracts.retention import (
    AssessRenewalRisk,
    CancelFollowUps,
    ClientHealth,
    CompleteFollowUp,
    GetClientHealth,
    OpenClient,
    SweepLifecycle,
)
from tests.support import rows, send
from tests.unit.factories.retention import CLIENT, delivery

pytestmark = pytest.mark.usefixtures("each_store")

END = date(2027, 6, 30)


@pytest.fixture
async def actor(started_actor):
    return await started_actor(RetentionActor, "retention")


def open_client(contract_end: date | None = END) -> OpenClient:
    return OpenClient(client_id=CLIENT, client_name="Northwind Analytics",
                      contract_end=contract_end)


async def health(actor, client_id: str = CLIENT) -> ClientHealth:
    [reply] = await send(actor, GetClientHealth(client_id=client_id))
    return ClientHealth.model_validate(reply.payload)


async def statuses(actor) -> dict[tuple[str, str], str]:
    return {(r["campaign_id"], r["kind"]): r["status"]
            for r in await rows(actor, t.follow_ups)}


async def test_onboarding_active_at_risk_and_back(actor):
    [opened] = await send(actor, open_client())
    assert opened.payload["client"]["lifecycle"] == "onboarding"
    assert opened.payload["client"]["risk"] is None
    [scheduled] = await send(actor, delivery(revision_rounds=2))
    assert scheduled.payload["lifecycle"] == "active"
    [assessed] = await send(actor, AssessRenewalRisk(client_id=CLIENT, overdue_invoices=2))
    client = ClientHealth.model_validate(assessed.payload["client"])
    assert (client.lifecycle, client.risk.score) == ("at_risk", 0.5)
    assert {f.name for f in client.risk.factors} == {"revision_rounds", "overdue_invoices"}
    [paid] = await send(actor, AssessRenewalRisk(client_id=CLIENT, overdue_invoices=0))
    assert paid.payload["client"]["lifecycle"] == "active"
    [row] = await rows(actor, t.clients)
    assert (row["lifecycle"], row["overdue_invoices"]) == ("active", 0)


async def test_a_delivery_may_raise_the_overdue_count_but_not_lower_it(actor):
    await send(actor, delivery(overdue_invoices=1))
    await send(actor, AssessRenewalRisk(client_id=CLIENT, overdue_invoices=2))
    [reply] = await send(actor, delivery("c-2", overdue_invoices=0))
    assert [f["detail"] for f in reply.payload["risk"]["factors"]] == ["2 overdue invoices"]


async def test_risk_comes_from_the_most_recent_delivery(actor):
    rough = delivery("c-1", delivered_at=datetime(2027, 2, 1, tzinfo=UTC), qc_score=60)
    smooth = delivery("c-2", delivered_at=datetime(2027, 1, 10, tzinfo=UTC), qc_score=95)
    await send(actor, rough, smooth)  # the older one arrives last
    client = await health(actor)
    assert [f.name for f in client.risk.factors] == ["qc_score"]
    assert client.campaigns == ["c-2", "c-1"]


async def test_assessing_an_unknown_client_is_not_found(actor):
    [reply] = await send(actor, AssessRenewalRisk(client_id="nobody", overdue_invoices=1))
    assert reply.error.code is ErrorCode.NOT_FOUND and not reply.error.retryable


async def test_sweep_churns_ended_clients_and_cancels_only_their_renewal(actor):
    await send(actor, open_client(), delivery())
    [early] = await send(actor, SweepLifecycle(as_of=END))
    assert early.payload["churned"] == []
    [swept] = await send(actor, SweepLifecycle(as_of=date(2027, 7, 1)))
    assert swept.payload["churned"] == [CLIENT]
    assert (await health(actor)).lifecycle == "churned"
    assert await statuses(actor) == {("c-1", "check_in"): "scheduled",
                                     ("c-1", "performance_review"): "scheduled",
                                     ("c-1", "renewal"): "cancelled"}
    [again] = await send(actor, SweepLifecycle(as_of=date(2027, 8, 1)))
    assert again.payload["churned"] == []


async def test_without_a_contract_the_latest_campaign_end_decides_churn(actor):
    await send(actor, delivery("c-1", campaign_end=date(2027, 3, 1)),
               delivery("c-2", campaign_end=date(2027, 5, 1)))
    [swept] = await send(actor, SweepLifecycle(as_of=date(2027, 4, 1)))
    assert swept.payload["churned"] == []
    [swept] = await send(actor, SweepLifecycle(as_of=date(2027, 5, 2)))
    assert swept.payload["churned"] == [CLIENT]


async def test_an_onboarding_client_whose_contract_ended_churns(actor):
    await send(actor, open_client())
    [swept] = await send(actor, SweepLifecycle(as_of=date(2028, 1, 1)))
    assert swept.payload["churned"] == [CLIENT]


async def test_a_later_contract_renews_a_churned_client(actor):
    await send(actor, open_client(), delivery(revision_rounds=3, review_days=8))
    await send(actor, SweepLifecycle(as_of=date(2027, 7, 1)))
    [same] = await send(actor, open_client(END))
    assert same.payload["client"]["lifecycle"] == "churned"
    [renewed] = await send(actor, open_client(date(2028, 6, 30)))
    assert renewed.payload["client"]["lifecycle"] == "active"
    renewals = [r for r in await rows(actor, t.follow_ups) if r["kind"] == "renewal"]
    assert [(r["status"], r["due_on"]) for r in renewals] == [("scheduled", "2028-05-31")]


async def test_a_renewal_without_delivered_work_is_onboarding_again(actor):
    await send(actor, open_client())
    await send(actor, SweepLifecycle(as_of=date(2027, 7, 1)))
    [renewed] = await send(actor, open_client(date(2028, 6, 30)))
    assert renewed.payload["client"]["lifecycle"] == "onboarding"


async def test_an_extended_contract_in_the_same_frame_prevents_churn(actor):
    await send(actor, open_client(), delivery())
    extended, swept = await send(actor, open_client(date(2028, 6, 30)),
                                 SweepLifecycle(as_of=date(2027, 7, 1)))
    assert extended.ok and swept.payload["churned"] == []
    assert (await health(actor)).lifecycle == "active"


async def test_compensation_takes_the_only_campaign_back_to_onboarding(actor):
    await send(actor, delivery(qc_score=60))
    check_in = derived_id("follow-up", "c-1", "check_in")
    await send(actor, CompleteFollowUp(follow_up_id=check_in))
    [cancelled] = await send(actor, CancelFollowUps(campaign_id="c-1", reason="invoice void"))
    assert cancelled.payload["cancelled"] == 2  # the review and the renewal; the check-in was done
    assert await statuses(actor) == {("c-1", "check_in"): "done",
                                     ("c-1", "performance_review"): "cancelled",
                                     ("c-1", "renewal"): "cancelled"}
    client = await health(actor)
    assert (client.lifecycle, client.risk, client.upsell, client.campaigns) == (
        "onboarding", None, [], [])
    [again] = await send(actor, CancelFollowUps(campaign_id="c-1", reason="invoice void"))
    assert again.payload["cancelled"] == 0
    [late] = await send(actor, delivery())
    assert late.error.code is ErrorCode.CONFLICT and not late.error.retryable


async def test_compensation_keeps_the_renewal_other_live_campaigns_share(actor):
    await send(actor, delivery("c-1", qc_score=60, channels_used=["meta_ads"]),
               delivery("c-2", delivered_at=datetime(2027, 1, 3, tzinfo=UTC)))
    [cancelled] = await send(actor, CancelFollowUps(campaign_id="c-1", reason="void"))
    assert cancelled.payload["cancelled"] == 2
    assert (await statuses(actor))[("c-1", "renewal")] == "scheduled"
    client = await health(actor)
    assert client.campaigns == ["c-2"]
    assert client.risk.factors == []  # c-1's low QC score no longer counts
    assert client.upsell[0].channel == "meta_ads"  # only c-1 used it


async def test_cancelling_an_unknown_campaign_leaves_a_tombstone(actor):
    [cancelled] = await send(actor, CancelFollowUps(campaign_id="c-9", reason="saga failed"))
    assert cancelled.payload == {"campaign_id": "c-9", "cancelled": 0}
    [row] = await rows(actor, t.campaigns)
    assert (row["status"], row["reason"]) == ("cancelled", "saga failed")
    [late] = await send(actor, delivery("c-9"))
    assert late.error.code is ErrorCode.CONFLICT
    assert await rows(actor, t.follow_ups) == []


async def test_a_cancelled_follow_up_cannot_be_completed(actor):
    await send(actor, delivery(), CancelFollowUps(campaign_id="c-1", reason="void"))
    review = derived_id("follow-up", "c-1", "performance_review")
    [reply] = await send(actor, CompleteFollowUp(follow_up_id=review))
    assert reply.error.code is ErrorCode.CONFLICT


async def test_a_new_delivery_brings_a_churned_client_back(actor):
    await send(actor, open_client(), delivery())
    await send(actor, SweepLifecycle(as_of=date(2027, 7, 1)))
    [back] = await send(actor, delivery("c-2", contract_end=date(2028, 6, 30)))
    assert back.payload["lifecycle"] == "active"
    assert due_renewals(await rows(actor, t.follow_ups)) == [
        ("c-1", "cancelled", "2027-05-31"), ("c-2", "scheduled", "2028-05-31")]


def due_renewals(rows) -> list[tuple[str, str, str]]:
    return sorted((r["campaign_id"], r["status"], r["due_on"]) for r in rows
                  if r["kind"] == "renewal")
