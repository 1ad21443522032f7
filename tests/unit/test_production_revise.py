"""revise_creative: change exactly what the findings name, deterministically, never crash."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from actors.production._creative import Creative
from actors.production._revise import revise_creative
from contracts.common import Channel, Severity
from contracts.production import Asset, Finding
from tests.unit.test_production_fixtures import LONG_OFFER, of, produce

RESIDUE_OFFER = "Spring sale: {{discount_code}} off every plan"


def finding(check_id: str, asset_id: str | None, evidence: str = "", **kw: Any) -> Finding:
    return Finding(check_id=check_id, asset_id=asset_id, severity=kw.get("severity",
                   Severity.BLOCKER), evidence=evidence, fix=kw.get("fix", "fix it"))


def by_id(creative: Creative) -> dict[str, Asset]:
    return {a.asset_id: a for a in creative.assets}


def test_limit_x_cuts_the_long_post_to_280_keeping_brand_and_cta_and_nothing_else() -> None:
    brief, strategy, creative = produce(offer=LONG_OFFER)
    post = of(creative, Channel.X)[0]
    assert len(post.body) > 280

    revised, changed = revise_creative(
        creative, [finding("limit.x", post.asset_id, f"post length (chars) is "
                           f"{len(post.body)}; limit 280")], brief, strategy, 0, 1)

    fixed = by_id(revised)[post.asset_id]
    assert changed == [post.asset_id]
    assert len(fixed.body) <= 280
    assert strategy.brand in fixed.body and strategy.call_to_action in fixed.body
    assert fixed.hook == post.hook and fixed.body.startswith(post.hook or "")
    assert [a for a in revised.assets if a.asset_id != post.asset_id] == \
        [a for a in creative.assets if a.asset_id != post.asset_id]
    assert revised.calendar == creative.calendar
    assert revised.hashtag_sets == creative.hashtag_sets


def test_placeholder_finding_fills_residue_only_in_the_named_assets() -> None:
    brief, strategy, creative = produce(offer=RESIDUE_OFFER)
    dirty = [a.asset_id for a in creative.assets if "{{discount_code}}" in a.body]
    named = dirty[:2]

    revised, changed = revise_creative(
        creative, [finding("placeholder", i, 'found "{{discount_code}}"') for i in named],
        brief, strategy, 0, 1)

    assert changed == sorted(named)
    after = by_id(revised)
    for asset_id in named:
        assert "{{" not in after[asset_id].body
        assert "an introductory offer" in after[asset_id].body
        assert strategy.call_to_action in after[asset_id].body
    assert all("{{discount_code}}" in after[i].body for i in dirty[2:])


def test_placeholder_finding_without_an_asset_cleans_the_whole_set() -> None:
    brief, strategy, creative = produce(offer=RESIDUE_OFFER)
    revised, changed = revise_creative(creative, [finding("placeholder", None)], brief,
                                       strategy, 0, 1)
    assert changed and all("{{" not in a.body for a in revised.assets)
    assert all("{{" not in h for a in revised.assets for h in [*a.headlines, a.subject or ""])


def test_unknown_check_ids_change_nothing() -> None:
    brief, strategy, creative = produce()
    findings = [finding("readability.flesch", creative.assets[0].asset_id),
                finding("coverage.objective", None), finding("made.up", None)]

    revised, changed = revise_creative(creative, findings, brief, strategy, 0, 1)

    assert changed == [] and revised == creative


def test_a_finding_with_nothing_to_fix_changes_nothing() -> None:
    brief, strategy, creative = produce()
    post = of(creative, Channel.X)[0]
    findings = [finding("limit.x", post.asset_id), finding("cta", post.asset_id),
                finding("brand", post.asset_id), finding("placeholder", post.asset_id),
                finding("limit.x", "no-such-asset")]
    revised, changed = revise_creative(creative, findings, brief, strategy, 0, 1)
    assert changed == [] and revised == creative


def test_revision_is_deterministic_and_round_dependent_where_it_draws_new_words() -> None:
    brief, strategy, creative = produce(offer=LONG_OFFER)
    post = of(creative, Channel.X)[1]
    findings = [finding("hook.repeat", post.asset_id, "repeated hook")]

    first = revise_creative(creative, findings, brief, strategy, 3, 1)
    assert revise_creative(creative, findings, brief, strategy, 3, 1) == first
    assert first[1] == [post.asset_id]
    assert by_id(first[0])[post.asset_id].hook != post.hook


def test_calendar_finding_repairs_the_calendar_and_no_asset() -> None:
    brief, strategy, creative = produce()
    cal = creative.calendar
    clash = cal[0].model_copy(update={"hook": "A second post on the same day"})
    late = cal[1].model_copy(update={"day": brief.start_date + timedelta(days=45),
                                     "hook": "Too late to run"})
    broken = Creative(creative.assets, [*cal, clash, late], creative.hashtag_sets)

    revised, changed = revise_creative(
        broken, [finding("calendar.conflict", None, "two posts on one channel on one day")],
        brief, strategy, 0, 1)

    assert changed == [] and revised.assets == creative.assets
    assert revised.calendar[: len(cal)] == cal
    slots = [(e.channel, e.day) for e in revised.calendar]
    assert len(set(slots)) == len(slots)
    assert all((e.day - brief.start_date).days < 30 for e in revised.calendar)


def test_findings_apply_in_order_to_one_asset() -> None:
    brief, strategy, creative = produce(offer=RESIDUE_OFFER)
    (ad, *_) = of(creative, Channel.META_ADS)
    findings = [finding("placeholder", ad.asset_id), finding("limit.meta_primary_text",
                                                             ad.asset_id)]
    revised, changed = revise_creative(creative, findings, brief, strategy, 0, 1)
    fixed = by_id(revised)[ad.asset_id]
    assert changed == [ad.asset_id]
    assert "{{" not in fixed.body and len(fixed.body) <= 125
