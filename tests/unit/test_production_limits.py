"""Every platform's published limits hold for a normal brief, on every channel and seed;
a brief that cannot fit is left over the limit for QC to see, never silently cut."""

from __future__ import annotations

import re

import pytest

from actors.production._copy_text import word_count
from contracts.common import Channel
from tests.unit.test_production_fixtures import LONG_OFFER, of, produce

SEEDS = range(8)
TONES = ["confident, clear", "playful", "warm and friendly", "precise, peer-to-peer"]


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("seed", SEEDS)
def test_organic_posts_fit_their_platforms(seed: int, tone: str) -> None:
    _, _, creative = produce(seed, tone=tone)

    x_posts = of(creative, Channel.X)
    assert 2 <= len(x_posts) <= 3
    assert all(len(a.body) <= 280 for a in x_posts)
    assert all(len(a.body) <= 3000 for a in of(creative, Channel.LINKEDIN))
    assert all(len(a.body) <= 500 for a in of(creative, Channel.FACEBOOK))
    for caption in of(creative, Channel.INSTAGRAM):
        tags = re.findall(r"#\w+", caption.body)
        assert len(caption.body) <= 2200
        assert 5 <= len(tags) <= 15 <= 30
        assert tags == caption.hashtags


@pytest.mark.parametrize("seed", SEEDS)
def test_google_responsive_search_ad_shape(seed: int) -> None:
    (ad,) = of(produce(seed)[2], Channel.GOOGLE_ADS)

    assert ad.kind == "ad"
    assert 8 <= len(ad.headlines) <= 15
    assert all(0 < len(h) <= 30 for h in ad.headlines)
    assert len({h.casefold() for h in ad.headlines}) == len(ad.headlines)
    assert 2 <= len(ad.descriptions) <= 4
    assert all(0 < len(d) <= 90 for d in ad.descriptions)
    assert "\n" not in ad.body  # a one-line summary


@pytest.mark.parametrize("seed", SEEDS)
def test_meta_ads_fit_before_see_more(seed: int) -> None:
    ads = of(produce(seed)[2], Channel.META_ADS)

    assert ads and all(a.kind == "ad" for a in ads)
    for ad in ads:
        assert len(ad.body) <= 125
        assert 1 <= len(ad.headlines) <= 3
        assert all(0 < len(h) <= 40 for h in ad.headlines)


@pytest.mark.parametrize("seed", SEEDS)
def test_email_subject_and_preheader_fit_the_inbox(seed: int) -> None:
    for email in of(produce(seed)[2], Channel.EMAIL):
        assert email.subject and len(email.subject) <= 60
        assert email.preheader and len(email.preheader) <= 100


@pytest.mark.parametrize("seed", SEEDS)
def test_short_video_scripts_fit_sixty_seconds(seed: int) -> None:
    scripts = of(produce(seed)[2], Channel.SHORT_VIDEO)
    assert len(scripts) == 2
    assert all(word_count(s.body) <= 150 for s in scripts)


def test_a_long_brand_still_gets_a_subject_and_headlines_within_limits() -> None:
    brand = "Hallstrom Nordic Logistics Holdings AB Cold Chain and Last-Mile Delivery Divisions"
    _, _, creative = produce(brand=brand)

    assert all(len(e.subject or "") <= 60 for e in of(creative, Channel.EMAIL))
    (google,) = of(creative, Channel.GOOGLE_ADS)
    assert len(google.headlines) >= 8 and all(len(h) <= 30 for h in google.headlines)


def test_very_long_offer_leaves_an_x_post_over_280_rather_than_cutting_it() -> None:
    _, strategy, creative = produce(offer=LONG_OFFER)
    offer_post = of(creative, Channel.X)[0]

    assert len(offer_post.body) > 280
    assert LONG_OFFER in offer_post.body
    assert strategy.brand in offer_post.body and strategy.call_to_action in offer_post.body


def test_very_long_offer_still_fits_the_longer_channels() -> None:
    _, _, creative = produce(offer=LONG_OFFER)
    assert all(len(a.body) <= 3000 for a in of(creative, Channel.LINKEDIN))
    assert all(len(a.body) <= 2200 for a in of(creative, Channel.INSTAGRAM))
    assert all(len(a.body) <= 125 for a in of(creative, Channel.META_ADS))
    assert all(len(d) <= 90 for a in of(creative, Channel.GOOGLE_ADS) for d in a.descriptions)
