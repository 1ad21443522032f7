"""The brand check needs the brand named in the copy, not glued into a hashtag or domain."""

from __future__ import annotations

import pytest

from actors.qc._rules_base import Context
from actors.qc._rules_copy import brand
from contracts.production import Asset
from tests.unit.test_qc_factory import brief, strategy


def named(body: str, brand_name: str = "Instant Cure Clinics") -> bool:
    asset = Asset(asset_id="a-1", channel="facebook", kind="post", body=body, cta="Book",
                  pillar="Access")
    context = Context(brief=brief(brand=brand_name), strategy=strategy(), regulated=False)
    return brand(asset, context).passed


@pytest.mark.parametrize("body", [
    "Instant Cure Clinics opens early on Saturdays. Book",
    "instant cure clinics: same-day GP. Book",
    "Instant-Cure Clinics has a new site. Book",
    "Book with Instant Cure\nClinics today.",
])
def test_the_brand_written_as_words_names_it(body):
    assert named(body)


@pytest.mark.parametrize("body", [
    "Instant Clinics opens early. #InstantCureClinics Book",
    "Same-day GP at instantcureclinics.com.au. Book",
    "Follow @InstantCureClinics. Book",
])
def test_a_hashtag_handle_or_domain_does_not_name_a_multiword_brand(body):
    assert not named(body)
