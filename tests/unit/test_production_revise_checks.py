"""One seeded defect per QC check id: the revision fixes it in the named asset alone."""

from __future__ import annotations

import re

import pytest

from actors.production._copy_text import phrase_re, word_count
from actors.production._creative import Creative
from actors.production._revise import revise_creative
from contracts.common import Channel
from contracts.production import Asset
from tests.unit.test_production_fixtures import LONG_OFFER, of, produce
from tests.unit.test_production_revise import by_id, finding

FILLER = " ".join(f"Point {i} about planning for retail teams." for i in range(120))


def seeded(channel: Channel, index: int = 0, offer: str | None = None,
           **changes: object) -> tuple[Creative, Asset, tuple]:
    """The campaign with one asset of `channel` broken by `changes`."""
    brief, strategy, creative = produce(**({"offer": offer} if offer else {}))
    target = of(creative, channel)[index]
    broken = target.model_copy(update=changes)
    assets = [broken if a.asset_id == target.asset_id else a for a in creative.assets]
    return Creative(assets, creative.calendar, creative.hashtag_sets), broken, (brief, strategy)


def original(channel: Channel, index: int = 0) -> Asset:
    """The asset as written, before a test breaks it."""
    return of(produce()[2], channel)[index]


def revise_one(check_id: str, channel: Channel, evidence: str = "", index: int = 0,
               offer: str | None = None, **changes: object) -> tuple[Asset, Asset]:
    creative, broken, (brief, strategy) = seeded(channel, index, offer, **changes)
    revised, changed = revise_creative(creative, [finding(check_id, broken.asset_id, evidence)],
                                       brief, strategy, 0, 1)
    assert changed == [broken.asset_id]
    others = [a for a in revised.assets if a.asset_id != broken.asset_id]
    assert others == [a for a in creative.assets if a.asset_id != broken.asset_id]
    return broken, by_id(revised)[broken.asset_id]


def keeps_brand_and_cta(asset: Asset) -> bool:
    return "Northwind" in asset.body and asset.cta in asset.body


@pytest.mark.parametrize(("check_id", "channel", "limit"), [
    ("limit.linkedin", Channel.LINKEDIN, 3000),
    ("limit.instagram", Channel.INSTAGRAM, 2200),
    ("limit.facebook", Channel.FACEBOOK, 500),
])
def test_body_limits_drop_optional_sentences(check_id: str, channel: Channel, limit: int) -> None:
    target = original(channel)
    long_body = target.body.replace(target.cta, f"{FILLER}\n\n{target.cta}")
    _, fixed = revise_one(check_id, channel, body=long_body)
    assert len(fixed.body) <= limit and keeps_brand_and_cta(fixed)
    assert fixed.body.startswith(target.hook or "")


def test_meta_primary_text_is_cut_to_125_keeping_brand_and_cta() -> None:
    target = original(Channel.META_ADS)
    body = f"Northwind: {LONG_OFFER}. {target.cta}"
    _, fixed = revise_one("limit.meta_primary_text", Channel.META_ADS, offer=LONG_OFFER,
                          body=body)
    assert len(fixed.body) <= 125 and keeps_brand_and_cta(fixed)


@pytest.mark.parametrize(("check_id", "field", "limit"), [
    ("limit.email_subject", "subject", 60), ("limit.email_preheader", "preheader", 100)])
def test_email_subject_and_preheader_are_shortened(check_id: str, field: str, limit: int) -> None:
    long_text = "Northwind: a free 30-day trial, with onboarding, reviews and alerts, " * 3
    before, fixed = revise_one(check_id, Channel.EMAIL, **{field: long_text.strip()})
    assert 0 < len(getattr(fixed, field)) <= limit
    assert fixed.body == before.body


def test_google_headlines_are_cut_to_30_and_stay_eight_or_more_and_unique() -> None:
    target = original(Channel.GOOGLE_ADS)
    heads = [*target.headlines[:7], "Northwind demand planning for every retail team"]
    _, fixed = revise_one("limit.google_headline", Channel.GOOGLE_ADS, headlines=heads)
    assert 8 <= len(fixed.headlines) <= 15
    assert all(len(h) <= 30 for h in fixed.headlines)
    assert len({h.casefold() for h in fixed.headlines}) == len(fixed.headlines)


def test_google_descriptions_are_cut_to_90() -> None:
    long = "Northwind turns daily point-of-sale data into a plan, with alerts, reviews and uplift"
    _, fixed = revise_one("limit.google_description", Channel.GOOGLE_ADS,
                          descriptions=[f"{long} modelling for every store.", "Short one."])
    assert len(fixed.descriptions) == 2 and all(len(d) <= 90 for d in fixed.descriptions)


def test_meta_headlines_are_cut_to_40() -> None:
    _, fixed = revise_one("limit.meta_headline", Channel.META_ADS,
                          headlines=["Northwind demand planning for retail operations teams"])
    assert fixed.headlines and all(len(h) <= 40 for h in fixed.headlines)


def test_instagram_hashtags_are_trimmed_to_30() -> None:
    tags = [f"#Tag{i}" for i in range(40)]
    target = original(Channel.INSTAGRAM)
    body = target.body.rsplit("\n\n", 1)[0] + "\n\n" + " ".join(tags)
    _, fixed = revise_one("limit.instagram_hashtags", Channel.INSTAGRAM, body=body,
                          hashtags=tags)
    assert len(re.findall(r"#\w+", fixed.body)) == 30 and fixed.hashtags == tags[:30]


def test_video_scripts_are_cut_to_150_words() -> None:
    target = original(Channel.SHORT_VIDEO)
    lines = target.body.splitlines()
    long_body = "\n".join([lines[0], *(f"SCENE {i}: VO: {FILLER[:400]}" for i in range(3)),
                           *lines[1:]])
    _, fixed = revise_one("limit.video_length", Channel.SHORT_VIDEO, body=long_body)
    assert word_count(fixed.body) <= 150 and keeps_brand_and_cta(fixed)


@pytest.mark.parametrize("channel", [Channel.X, Channel.EMAIL, Channel.INSTAGRAM])
def test_missing_cta_is_added_once_above_the_tail(channel: Channel) -> None:
    target = original(channel)
    _, fixed = revise_one("cta", channel, body=target.body.replace(target.cta, "").strip())
    assert len(phrase_re(fixed.cta).findall(fixed.body)) == 1
    last = [x for x in fixed.body.splitlines() if x.strip()][-1]
    assert last != fixed.cta or channel == Channel.X
    if channel == Channel.EMAIL:
        assert fixed.body.index(fixed.cta) < fixed.body.index("The Northwind team")


def test_missing_brand_is_named() -> None:
    target = original(Channel.X, 1)
    cta = "Book a demo today"  # the campaign CTA names the brand's domain; this one does not
    body = target.body.replace(target.cta, cta).replace("Northwind", "We")
    _, fixed = revise_one("brand", Channel.X, index=1, body=body, cta=cta)
    assert "Northwind" in fixed.body and fixed.body.count(cta) == 1


@pytest.mark.parametrize(("check_id", "phrase", "evidence"), [
    ("cliche", "a real game-changer", 'clichés: "game-changer"'),
    ("claim.risky", "Guaranteed results", 'risky claims: "Guaranteed"'),
    ("claim.regulated", "clinically proven", 'claims a regulator would reject: '
                                             '"clinically proven"'),
])
def test_banned_phrases_are_struck(check_id: str, phrase: str, evidence: str) -> None:
    target = original(Channel.LINKEDIN)
    body = target.body.replace(target.cta, f"{phrase} for every team.\n\n{target.cta}")
    _, fixed = revise_one(check_id, Channel.LINKEDIN, evidence, body=body)
    word = re.findall(r'"([^"]+)"', evidence)[0]
    assert not phrase_re(word).search(fixed.body) and keeps_brand_and_cta(fixed)


def test_internal_markers_are_removed() -> None:
    target = original(Channel.FACEBOOK)
    body = f"INTERNAL: check with legal (do not share)\n{target.body} WIP fixme"
    _, fixed = revise_one("internal_marker", Channel.FACEBOOK,
                          'internal markers: "INTERNAL:", "do not share", "WIP", "fixme"',
                          body=body)
    assert not re.search(r"internal:|do not share|\bwip\b|fixme", fixed.body, re.I)
    assert "Check with legal" in fixed.body and keeps_brand_and_cta(fixed)


def test_email_footer_is_restored_as_the_last_line() -> None:
    target = original(Channel.EMAIL, 1)
    body = "\n".join(x for x in target.body.splitlines() if "nsubscribe" not in x)
    _, fixed = revise_one("email.unsubscribe", Channel.EMAIL, index=1, body=body)
    assert "unsubscribe" in fixed.body.strip().splitlines()[-1].lower()


def test_email_with_two_ctas_keeps_one() -> None:
    target = original(Channel.EMAIL, 2)
    body = target.body.replace("The Northwind team", f"{target.cta}\n\nThe Northwind team")
    _, fixed = revise_one("email.single_cta", Channel.EMAIL, index=2, body=body)
    assert len(phrase_re(fixed.cta).findall(fixed.body)) == 1


def test_duplicate_rewords_the_later_asset_of_the_pair() -> None:
    brief, strategy, creative = produce()
    first, second = of(creative, Channel.FACEBOOK)
    copy = second.model_copy(update={"body": first.body, "hook": first.hook})
    assets = [copy if a.asset_id == second.asset_id else a for a in creative.assets]
    evidence = f"duplicates: {first.asset_id} = {second.asset_id} (identical body)"

    revised, changed = revise_creative(Creative(assets, creative.calendar),
                                       [finding("duplicate", None, evidence)], brief,
                                       strategy, 0, 1)

    assert changed == [second.asset_id]
    after = by_id(revised)
    assert after[second.asset_id].body != first.body and after[first.asset_id] == first
    assert after[second.asset_id].hook != first.hook


def test_repeated_hook_across_assets_is_varied_on_the_later_one() -> None:
    brief, strategy, creative = produce()
    first, second = of(creative, Channel.X)[:2]
    copy = second.model_copy(update={"hook": first.hook,
                                     "body": second.body.replace(second.hook or "",
                                                                 first.hook or "")})
    assets = [copy if a.asset_id == second.asset_id else a for a in creative.assets]

    revised, changed = revise_creative(Creative(assets, creative.calendar),
                                       [finding("hook.repeat", None, "repeated hooks")],
                                       brief, strategy, 0, 1)

    fixed = by_id(revised)[second.asset_id]
    assert changed == [second.asset_id]
    assert fixed.hook != first.hook and fixed.body.startswith(fixed.hook or "")
