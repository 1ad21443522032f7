"""`aicmo review list | show`: a reviewer never decides blind. Every asset's id (the one
`--change new_hook:ASSET_ID` takes), channel and copy; `show` adds the strategy and each
length against its platform's limit. Against the fake runtime (tests.unit.cli_fakes), whose
replies go through the real driver API (LifecycleApi.review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.review import WIDTH
from contracts.views import ReviewDetail
from tests.unit.cli_fakes import AD, X_POST, aicmo


@pytest.fixture
def store(cli_data_dir: Path) -> Path:
    return cli_data_dir


def test_review_list_shows_each_assets_id_channel_and_copy(store, capsys):
    out = aicmo(store, capsys, "review", "list")

    lines = out.splitlines()
    assert lines[0].startswith("c-1  round 0  pending  qc 92  2 assets  due 2026-12-12 14:00")
    assert "  a-1  x post" in lines and "  a-2  google_ads ad" in lines
    assert "      hook: Close your books in days." in lines
    assert "      headline 1: Month-end in days" in lines
    # The body whole, wrapped under its label: the words in order, no line too wide.
    body = [line for line in lines[lines.index("  a-1  x post") + 2:
                                   lines.index("  a-2  google_ads ad")]]
    assert body[0].startswith("      body: Close your books in days.")
    assert " ".join(line.strip() for line in body).removeprefix("body: ") == X_POST.body
    assert all(len(line) <= WIDTH for line in lines)


def test_review_list_brief_keeps_the_one_line_summary(store, capsys):
    assert aicmo(store, capsys, "review", "list", "--brief").splitlines() == [
        "c-1  round 0  pending  qc 92  1 asset  due 2026-12-12 14:00 UTC"]


def test_review_list_json_prints_each_reviews_detail(store, capsys):
    [line] = aicmo(store, capsys, "review", "list", "--json").splitlines()

    detail = ReviewDetail.model_validate_json(line)
    assert [item.asset for item in detail.assets] == [X_POST, AD]
    assert (detail.brand, detail.strategy.call_to_action) == ("Northwind Books",
                                                              "Book a demo at northwind.io")
    [brief] = aicmo(store, capsys, "review", "list", "--brief", "--json").splitlines()
    assert json.loads(brief)["assets"] == 1  # the old summary


def test_review_show_prints_the_strategy_every_asset_and_its_measures(store, capsys):
    out = aicmo(store, capsys, "review", "show", "c-1")

    # The X post weighs its link 23 and its emoji 2, as X counts them.
    weight = len(X_POST.body) - len("https://northwind.io/demo") + 23 - 1 + 2
    assert f"      [body {weight}/280 weighted characters]" in out
    assert "      [headline 2 37/30 characters  OVER LIMIT by 7]" in out
    assert "      [headline 1 17/30 characters]" in out
    assert "  positioning: Northwind makes data fast" in out
    assert "  channels: linkedin 100.00%" in out
    assert "  client Northwind, brand Northwind Books" in out
    for asset in (X_POST, AD):
        assert f"  {asset.asset_id}  {asset.channel.value} {asset.kind}" in out


def test_review_show_json_is_the_review_detail(store, capsys):
    detail = ReviewDetail.model_validate_json(aicmo(store, capsys, "review", "show", "c-1",
                                                    "--json"))
    measured = {m.field: m for item in detail.assets for m in item.measures}
    assert measured["headline 2"].over and not measured["body"].over
    assert (detail.campaign_id, detail.status, detail.round) == ("c-1", "pending", 0)
