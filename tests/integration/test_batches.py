"""Batches end to end on one shared local Ray: packs on disk, rows in each module's DB."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from contracts.supervisor import AUTO_APPROVE, Outcome
from tests.integration.checks import (
    assert_pack_intact,
    example_records,
    good_briefs,
    live_rows,
    pack_dirs,
    processed_count,
)

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]


def by_note(fragment: str) -> list[dict]:
    from cli.inputs import EXAMPLES

    lines = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    return [{"brief": line["brief"]} for line in lines if fragment in line.get("note", "")]


def test_example_batch_delivers_verified_packs(runtime, tmp_path):
    out = tmp_path / "packs"
    view = runtime.submit(example_records(), out_dir=out, window=8,
                          review=AUTO_APPROVE).wait(timeout=300)
    assert view.done and view.total == 26
    assert view.counts == {"delivered": 17, "rejected": 7, "compensated": 2}
    delivered = [c for c in view.campaigns if c.outcome is Outcome.DELIVERED]
    assert sorted(p.name for p in pack_dirs(out)) == sorted(c.campaign_id for c in delivered)
    for campaign in delivered:
        assert campaign.state == "COMPLETED" and campaign.qc_score is not None
        assert_pack_intact(campaign.pack_dir)
    for campaign in view.campaigns:
        if campaign.outcome is not Outcome.DELIVERED:
            assert campaign.reason
            assert live_rows(runtime.settings.data_dir, campaign.campaign_id) == {}


def test_a_rendered_pack_opens_in_every_format(runtime, tmp_path):
    from icalendar import Calendar
    from pptx import Presentation
    from pypdf import PdfReader

    handle = runtime.submit(good_briefs(1), out_dir=tmp_path, review=AUTO_APPROVE)
    [campaign] = handle.wait(timeout=120).campaigns
    pack = Path(campaign.pack_dir)
    text = " ".join(page.extract_text() for page in PdfReader(pack / "strategy.pdf").pages)
    for section in ("Business reality", "Market truth", "Audience and personas",
                    "Value architecture", "Narrative", "Channel strategy", "Constraints",
                    "Measurement", "Implementation timeline", "Prepared for", "Confidential"):
        assert section in text
    assert len(text.split()) >= 2500
    deck = Presentation(str(pack / "deck.pptx"))
    assert 10 <= len(deck.slides) <= 30
    assert all(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in deck.slides)
    events = Calendar.from_ical((pack / "calendar.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len((pack / "calendar.csv").read_text("utf-8-sig").splitlines()) - 1


def test_first_draft_that_fails_qc_is_revised_and_delivered(runtime, tmp_path):
    records = by_note("the revision round shortens the post")
    view = runtime.submit(records, out_dir=tmp_path, pack_formats="data",
                          review=AUTO_APPROVE).wait(timeout=60)
    [campaign] = view.campaigns
    assert campaign.outcome is Outcome.DELIVERED
    report = json.loads((Path(campaign.pack_dir) / "qc_report.json").read_text())["report"]
    assert report["round"] == 1 and report["status"] != "FAIL"


def test_qc_failing_on_the_strategy_compensates_and_leaves_no_live_rows(runtime, tmp_path):
    records = by_note("QC fails the strategy document")
    view = runtime.submit(records, out_dir=tmp_path / "packs", qc_rounds=2,
                          pack_formats="data", review=AUTO_APPROVE).wait(timeout=60)
    assert view.counts == {"compensated": 2}
    for campaign in view.campaigns:
        assert campaign.state == "COMPENSATED"
        assert "qc failed on the strategy document" in campaign.reason
        assert live_rows(runtime.settings.data_dir, campaign.campaign_id) == {}
    assert pack_dirs(tmp_path / "packs") == []


def test_unwritable_output_compensates_every_step_including_qc(runtime, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a regular file: nothing can be created under it, even by root")
    view = runtime.submit(good_briefs(3), out_dir=blocker / "packs",
                          pack_formats="data", review=AUTO_APPROVE).wait(timeout=60)
    assert view.counts == {"compensated": 3}
    for campaign in view.campaigns:
        assert campaign.reason.startswith("pack: io_failed")
        assert live_rows(runtime.settings.data_dir, campaign.campaign_id) == {}


def test_same_batch_id_submitted_twice_runs_once(runtime, tmp_path):
    before = processed_count(runtime.settings.data_dir, "delivery", "BuildPack")
    first = runtime.submit(good_briefs(5), batch_id="run-once", out_dir=tmp_path / "packs",
                           pack_formats="data", review=AUTO_APPROVE)
    view = first.wait(timeout=60)
    again = runtime.submit(good_briefs(5), batch_id="run-once", out_dir=tmp_path / "packs",
                           review=AUTO_APPROVE)
    assert first.created and not again.created
    assert again.wait(timeout=60).campaigns == view.campaigns
    assert processed_count(runtime.settings.data_dir, "delivery", "BuildPack") - before == 5
    assert len(pack_dirs(tmp_path / "packs")) == 5


def test_outcomes_counted_once_each(runtime, tmp_path):
    view = runtime.submit(good_briefs(20), out_dir=tmp_path / "packs",
                          pack_formats="data", review=AUTO_APPROVE).wait(timeout=120)
    assert Counter(c.outcome for c in view.campaigns) == {Outcome.DELIVERED: 20}
    assert view.finished == view.total == len({c.campaign_id for c in view.campaigns})
