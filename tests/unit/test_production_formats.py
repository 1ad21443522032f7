"""The structured formats: the email sequence, the blog outline, the short-video scripts."""

from __future__ import annotations

import pytest

from actors.production._copy_text import phrase_re
from contracts.common import Channel
from tests.unit.test_production_fixtures import of, produce


@pytest.mark.parametrize("seed", range(6))
def test_email_sequence_has_three_sends_each_with_one_cta_and_a_footer(seed: int) -> None:
    emails = of(produce(seed)[2], Channel.EMAIL)

    assert [e.sequence for e in emails] == [1, 2, 3]
    assert len({e.subject for e in emails}) == 3
    for email in emails:
        lines = [x for x in email.body.splitlines() if x.strip()]
        assert lines[0] in ("Hi there,", "Hello,", "Hi,")
        assert len(phrase_re(email.cta).findall(email.body)) == 1
        assert email.cta in lines  # the CTA stands on its own line
        assert "unsubscribe" in lines[-1].lower()
        assert email.body.index(email.cta) < email.body.lower().index("unsubscribe")
        assert email.hashtags == []


def test_first_email_carries_the_offer_verbatim() -> None:
    brief, _, creative = produce()
    assert brief.offer in of(creative, Channel.EMAIL)[0].body


@pytest.mark.parametrize("seed", range(6))
def test_blog_outline_has_a_title_and_five_to_eight_h2_sections(seed: int) -> None:
    brief, strategy, creative = produce(seed)
    (outline,) = of(creative, Channel.BLOG)
    lines = outline.body.splitlines()

    assert outline.kind == "outline" and outline.title
    assert lines[0] == f"# {outline.title}" and lines[1] == outline.hook
    sections = [x for x in lines if x.startswith("## ")]
    assert 5 <= len(sections) <= 8
    assert sections[-1] == f"## Getting started with {strategy.brand}"
    assert brief.offer in outline.body and strategy.call_to_action in outline.body


@pytest.mark.parametrize("seed", range(6))
def test_scripts_open_on_the_hook_move_through_beats_and_end_on_the_cta(seed: int) -> None:
    scripts = of(produce(seed)[2], Channel.SHORT_VIDEO)

    assert len(scripts) == 2 and len({s.title for s in scripts}) == 2
    for script in scripts:
        lines = script.body.splitlines()
        assert script.kind == "script" and script.title
        assert script.hook and script.hook in lines[0]
        assert any(x.startswith("SCENE") for x in lines[1:-1])
        assert lines[-1].startswith("END CARD") and lines[-1].endswith(script.cta)
