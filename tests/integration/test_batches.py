"""Batches end to end on one shared local Ray: packs on disk, rows in each module's DB."""

from __future__ import annotations

from collections import Counter

import pytest

from contracts.supervisor import Outcome
from tests.integration.checks import (
    assert_pack_intact,
    example_records,
    good_briefs,
    live_rows,
    pack_dirs,
    processed_count,
)

pytestmark = pytest.mark.ray


def test_example_batch_delivers_verified_packs(runtime, tmp_path):
    out = tmp_path / "packs"
    view = runtime.submit(example_records(), out_dir=out, window=8).wait(timeout=120)
    assert view.done and view.total == 24
    assert view.counts == {"delivered": 16, "rejected": 6, "compensated": 2}
    delivered = [c for c in view.campaigns if c.outcome is Outcome.DELIVERED]
    assert sorted(p.name for p in pack_dirs(out)) == sorted(c.campaign_id for c in delivered)
    for campaign in delivered:
        assert campaign.state == "DELIVERED" and campaign.qc_score is not None
        assert_pack_intact(campaign.pack_dir)
    for campaign in view.campaigns:
        if campaign.outcome is not Outcome.DELIVERED:
            assert campaign.reason
            assert live_rows(runtime.settings.data_dir, campaign.campaign_id) == {}


def test_qc_failure_compensates_in_reverse_and_leaves_no_live_rows(runtime, tmp_path):
    failing = [r for r in example_records() if "{{" in r["brief"]["offer"]]
    view = runtime.submit(failing, out_dir=tmp_path / "packs").wait(timeout=60)
    [campaign] = view.campaigns
    assert campaign.outcome is Outcome.COMPENSATED and campaign.state == "COMPENSATED"
    assert "qc failed" in campaign.reason and "{{discount_code}}" in campaign.reason
    assert live_rows(runtime.settings.data_dir, campaign.campaign_id) == {}
    assert pack_dirs(tmp_path / "packs") == []


def test_unwritable_output_compensates_every_step_including_qc(runtime, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a regular file: nothing can be created under it, even by root")
    view = runtime.submit(good_briefs(3), out_dir=blocker / "packs").wait(timeout=60)
    assert view.counts == {"compensated": 3}
    for campaign in view.campaigns:
        assert campaign.reason.startswith("pack: io_failed")
        assert live_rows(runtime.settings.data_dir, campaign.campaign_id) == {}


def test_same_batch_id_submitted_twice_runs_once(runtime, tmp_path):
    before = processed_count(runtime.settings.data_dir, "delivery", "BuildPack")
    first = runtime.submit(good_briefs(5), batch_id="run-once", out_dir=tmp_path / "packs")
    view = first.wait(timeout=60)
    again = runtime.submit(good_briefs(5), batch_id="run-once", out_dir=tmp_path / "packs")
    assert first.created and not again.created
    assert again.wait(timeout=60).campaigns == view.campaigns
    assert processed_count(runtime.settings.data_dir, "delivery", "BuildPack") - before == 5
    assert len(pack_dirs(tmp_path / "packs")) == 5


def test_outcomes_counted_once_each(runtime, tmp_path):
    view = runtime.submit(good_briefs(20), out_dir=tmp_path / "packs").wait(timeout=60)
    assert Counter(c.outcome for c in view.campaigns) == {Outcome.DELIVERED: 20}
    assert view.finished == view.total == len({c.campaign_id for c in view.campaigns})
