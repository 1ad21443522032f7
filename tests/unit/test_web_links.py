"""Client review links: signed, expiring, and refused with a reason when not genuine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.links import LinkRefused, ReviewLinks

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_link_reads_back_the_campaign_until_it_expires():
    links = ReviewLinks("secret-one")
    token, link = links.issue("camp-1", NOW, days=2)
    assert link.expires_at == NOW + timedelta(days=2)
    assert links.read(token, NOW + timedelta(days=1)).campaign_id == "camp-1"
    with pytest.raises(LinkRefused) as refused:
        links.read(token, NOW + timedelta(days=2))
    assert refused.value.expired
    assert "expired on 2026-12-09 12:00 UTC" in str(refused.value)


@pytest.mark.parametrize("change", [
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature
    lambda t: ("x" if t[0] != "x" else "y") + t[1:],  # the payload
    lambda t: t[: len(t) // 2],  # cut short
    lambda _t: "not-a-link",
])
def test_a_changed_link_is_refused_as_not_genuine(change):
    links = ReviewLinks("secret-one")
    token, _ = links.issue("camp-1", NOW, days=2)
    with pytest.raises(LinkRefused) as refused:
        links.read(change(token), NOW)
    assert not refused.value.expired


def test_a_link_signed_with_another_secret_is_refused():
    token, _ = ReviewLinks("another-secret").issue("camp-1", NOW, days=2)
    with pytest.raises(LinkRefused):
        ReviewLinks("secret-one").read(token, NOW)
