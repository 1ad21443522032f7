"""Submitting a batch id again: a resume when the campaigns are those the batch was made
from, a clear refusal when they are not; and a campaign id another batch owns, refused with
what to do about it (LocalSystem, no Ray)."""

from __future__ import annotations

import pickle

import pytest

from contracts.envelope import ErrorCode
from contracts.supervisor import CampaignSubmission
from driver.errors import CampaignTaken, Conflict
from tests.support import brief_dict
from tests.unit.batch_harness import campaigns, submit, wait_done

pytestmark = pytest.mark.usefixtures("each_store")


def _rewritten(item: CampaignSubmission) -> CampaignSubmission:
    """The same brief as another program might write it: keys in another order, an
    optional field left out before spelled out as null."""
    assert "brand_name" not in item.brief
    return CampaignSubmission(campaign_id=item.campaign_id,
                              brief={**dict(reversed(list(item.brief.items()))),
                                     "brand_name": None})


async def test_the_same_briefs_again_resume_the_batch(system, tmp_path):
    items = campaigns("same", [brief_dict(), brief_dict(budget=-5)])  # one refused at intake
    await submit(system, "batch-same", items, tmp_path / "packs")
    await wait_done(system, "batch-same")

    again = await submit(system, "batch-same", [_rewritten(i) for i in items],
                         tmp_path / "packs")

    assert (again.created, again.total) == (False, 2)


async def test_a_changed_brief_under_an_existing_batch_id_is_refused(system, tmp_path):
    items = campaigns("chg", [brief_dict(), brief_dict(client_name="Acme Bakery")])
    await submit(system, "batch-chg", items, tmp_path / "packs")
    changed = [items[0], CampaignSubmission(campaign_id=items[1].campaign_id,
                                            brief={**items[1].brief, "budget": "99000"})]

    with pytest.raises(Conflict) as refused:
        await submit(system, "batch-chg", changed, tmp_path / "packs")

    assert refused.value.code == ErrorCode.CONFLICT.value
    message = str(refused.value)
    assert "batch batch-chg was submitted with other briefs" in message
    assert "the brief of campaign chg-01 differs in budget" in message
    assert "give them a new batch id" in message
    await wait_done(system, "batch-chg")  # the batch itself runs on as submitted


@pytest.mark.parametrize("change, says", [
    ("more", "briefs in the batch: 1, in this submission: 2"),
    ("renamed", "campaign 1 is one-00 there, other-00 here"),
])
async def test_other_campaigns_under_an_existing_batch_id_are_refused(system, tmp_path,
                                                                      change, says):
    [item] = campaigns("one", [brief_dict(budget=-5)])  # refused at intake: nothing runs
    await submit(system, "batch-one", [item], tmp_path / "packs")
    other = CampaignSubmission(campaign_id="other-00", brief=item.brief)
    resubmitted = [item, other] if change == "more" else [other]

    with pytest.raises(Conflict) as refused:
        await submit(system, "batch-one", resubmitted, tmp_path / "packs")

    assert says in str(refused.value)


async def test_a_taken_campaign_id_names_its_batch_and_how_to_resume_it(system, tmp_path):
    items = campaigns("own", [brief_dict(budget=-5)])
    await submit(system, "batch-first", items, tmp_path / "packs")

    with pytest.raises(CampaignTaken) as refused:
        await submit(system, "batch-second", items, tmp_path / "packs")

    taken = refused.value
    assert (taken.campaign_id, taken.batch_id, taken.code) == (
        "own-00", "batch-first", ErrorCode.CONFLICT.value)
    assert "submit the same briefs with batch id batch-first" in str(taken)
    assert "give the briefs new campaign ids" in str(taken)
    copy = pickle.loads(pickle.dumps(taken))
    assert (type(copy), copy.batch_id, str(copy)) == (CampaignTaken, "batch-first", str(taken))
