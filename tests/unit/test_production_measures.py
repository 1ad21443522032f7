"""What a reviewer sees next to the copy: each length a platform limits, measured the way
that platform counts it, from production's own limit table (GetAssets carries them)."""

from __future__ import annotations

import pytest

from actors.production import ProductionActor
from actors.production._copy_limits import measures
from contracts.common import Channel
from contracts.production import Asset, AssetsView, GetAssets
from tests.support import call, envelope
from tests.unit.factories.modules import produce
from tests.unit.test_production_fixtures import LONG_OFFER, make_brief, make_strategy

pytestmark = pytest.mark.usefixtures("each_store")


def asset(channel: Channel, **fields) -> Asset:
    return Asset(**{"asset_id": "a-1", "channel": channel, "kind": "post", "body": "Book a demo",
                    "cta": "Book a demo", "pillar": "Speed", **fields})


def test_an_x_post_is_measured_as_x_counts_it():
    # 19 characters, an emoji (2), a space and a link (23 whatever its length): 45.
    post = asset(Channel.X, body="Month-end, sorted. \U0001F4C8 https://northwind.io/demo/today")

    [body] = measures(post)

    assert (body.field, body.length, body.limit, body.unit) == (
        "body", 45, 280, "weighted characters")
    assert not body.over


def test_each_ad_headline_and_description_is_measured_and_an_overlong_one_is_over():
    ad = asset(Channel.GOOGLE_ADS, kind="ad", headlines=["Month-end in days",
                                                         "Northwind analytics for finance teams"],
               descriptions=["Book a demo and see your own ledgers reconciled in a day."])

    found = {m.field: (m.length, m.limit, m.over) for m in measures(ad)}

    assert found == {"headline 1": (17, 30, False), "headline 2": (37, 30, True),
                     "description 1": (57, 90, False)}
    assert {m.unit for m in measures(ad)} == {"characters"}


def test_an_email_is_measured_on_its_subject_and_preheader_and_a_blog_on_nothing():
    email = asset(Channel.EMAIL, kind="email", subject="Month-end, sorted",
                  preheader="Close in days, not weeks")
    assert [(m.field, m.length, m.limit) for m in measures(email)] == [
        ("subject", 17, 60), ("preheader", 24, 100)]
    assert measures(asset(Channel.BLOG, kind="outline", body="x" * 10_000)) == []


async def test_get_assets_carries_every_assets_measures_an_overlong_post_flagged(started_actor):
    actor = await started_actor(ProductionActor, "production-0")
    brief = make_brief(offer=LONG_OFFER)  # more than an X post can hold: left over for QC
    await call(actor, envelope(produce(brief=brief, strategy=make_strategy(brief))))
    [reply] = await call(actor, envelope(GetAssets(campaign_id="c-1")))
    view = AssetsView.model_validate(reply.payload)
    assert set(view.measures) == {a.asset_id for a in view.assets}
    offer_post = next(a for a in view.assets if a.channel is Channel.X and LONG_OFFER in a.body)
    [body] = view.measures[offer_post.asset_id]
    assert body.over and body.length == len(offer_post.body) > 280  # plain text: 1 a character
    linkedin = next(a for a in view.assets if a.channel is Channel.LINKEDIN)
    assert [(m.field, m.length, m.over) for m in view.measures[linkedin.asset_id]] == [
        ("body", len(linkedin.body), False)]
