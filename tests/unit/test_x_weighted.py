"""X posts measured the way X counts them, by the writer, the reviser and QC alike.

X weighs a post against 280 (twitter-text v3): any URL is 23 however long, a character in
U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F or U+2032-U+2037 is 1, anything else (CJK,
emoji, ...) is 2.
"""

from __future__ import annotations

import pytest

from actors._text import x_weighted_length
from actors.production._revise import revise_creative
from actors.qc._rules_base import Context
from actors.qc._rules_limits import LIMITS
from contracts.common import Channel, Severity
from contracts.production import Asset, Finding
from contracts.qc import CheckStatus
from tests.unit.test_production_fixtures import of, produce
from tests.unit.test_qc_checks import CLEAN
from tests.unit.test_qc_factory import find

LONG_URL = ("https://northwind.io/demo/retail-operations-leaders/spring-forecasting-webinar"
            "?utm_source=x&utm_campaign=spring-launch-2027")
# 126 Chinese characters: 126 code points, but 252 as X counts them.
# A full-width colon and comma (U+FF1A, U+FF0C) mark its clauses, as Chinese writes them.
CJK_OFFER = ("北风预测企业套装\uff1a无限SKU、每小时需求感知、促销提升建模、"
             "供应商交期提醒、专属上线工程师、季度业务回顾、全天候中文客服、"
             "门店级补货建议、节假日销量预测、多仓库库存优化、新品上市需求模拟、"
             "区域价格弹性分析\uff0c以及财年结束前签约的零售商可享十二个月价格锁定")


@pytest.mark.parametrize(("text", "weight"), [
    ("plain ASCII", 11),
    (LONG_URL, 23),
    (f"Read {LONG_URL}.", 5 + 23 + 1),  # the full stop is not part of the link
    ("see northwind.io/demo today", 4 + 23 + 6),
    ("northwind.com", 23),  # a bare domain with a generic suffix is a link too
    ("northwind.io", 12),  # a bare "name.<country code>" is no link on X without a path
    ("www.northwind.de", 23),
    ("northwind.de", 12),
    ("northwind.de/demo", 23),
    ("hello@northwind.io", 18),  # an e-mail address is not a link
    ("e.g. 3.5 days", 13),
    ("北风", 4),
    ("👍", 2),
    ("é and e\u0301", 7),  # NFC first: a combining accent does not count twice
    ("\u10ff\u1100", 3),  # the edge of the light range
    ("\u2013\u201c\u2026\u2032", 5),  # dashes, quotes and primes 1; the ellipsis 2
])
def test_weights_as_x_counts_them(text: str, weight: int) -> None:
    assert x_weighted_length(text) == weight


def limit_x(asset: Asset) -> CheckStatus:
    return find(CLEAN.with_asset("x-1", body=asset.body).run(), "limit.x", "x-1").status


def test_qc_passes_a_post_whose_long_url_fits_by_x_count() -> None:
    guide = LONG_URL.replace("/demo/", "/guides/")
    body = f"{CLEAN.asset('x-1').body} Demo: {LONG_URL} Guide: {guide}"
    assert len(body) > 280 >= x_weighted_length(body)

    assert find(CLEAN.with_asset("x-1", body=body).run(), "limit.x", "x-1").status \
        is CheckStatus.PASS


def test_qc_fails_a_cjk_post_that_len_says_fits() -> None:
    body = f"{CLEAN.asset('x-1').body}\n{CJK_OFFER}"
    assert len(body) <= 280 < x_weighted_length(body)

    failed = find(CLEAN.with_asset("x-1", body=body).run(), "limit.x", "x-1")
    assert (failed.status, failed.severity) == (CheckStatus.FAIL, Severity.BLOCKER)
    assert f"is {x_weighted_length(body)}; limit 280" in failed.evidence


@pytest.mark.parametrize("seed", range(3))
def test_the_writer_keeps_a_long_link_that_x_counts_as_23(seed: int) -> None:
    brief, strategy, creative = produce(seed, strategy_overrides={
        "call_to_action": f"Book a demo at {LONG_URL}"})
    posts = of(creative, Channel.X)
    ctx = Context(brief, strategy, regulated=False)

    assert all(x_weighted_length(p.body) <= 280 for p in posts)
    assert any(len(p.body) > 280 for p in posts)  # over by len, within by X's count
    assert all(LIMITS[Channel.X][0](p, ctx).status is CheckStatus.PASS for p in posts)


@pytest.mark.parametrize("seed", range(3))
def test_production_cuts_a_cjk_post_to_x_count_and_qc_agrees(seed: int) -> None:
    brief, strategy, creative = produce(seed, offer=CJK_OFFER)
    post = of(creative, Channel.X)[0]
    ctx = Context(brief, strategy, regulated=False)
    assert len(post.body) <= 280 < x_weighted_length(post.body)
    before = LIMITS[Channel.X][0](post, ctx)
    assert before.status is CheckStatus.FAIL

    finding = Finding(check_id="limit.x", asset_id=post.asset_id, severity=before.severity,
                      evidence=before.evidence, fix=before.fix)
    revised, changed = revise_creative(creative, [finding], brief, strategy, seed, 1)
    fixed = next(a for a in revised.assets if a.asset_id == post.asset_id)

    assert changed == [post.asset_id]
    assert x_weighted_length(fixed.body) <= 280
    assert LIMITS[Channel.X][0](fixed, ctx).status is CheckStatus.PASS
    assert strategy.brand in fixed.body and strategy.call_to_action in fixed.body
    assert CJK_OFFER[:20] in fixed.body  # the offer is cut at a clause, not dropped
