"""The client review page behind a signed link, and the console pages: a decision is
recorded once, a link that is expired or not genuine records nothing, and brief text with
HTML in it is shown as text on every page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.web_harness import TOKEN, InProcessRuntime, auth, review_batch, web_client

HOSTILE = "<b>Bold</b> & <script>window.pwned=1</script>"


@pytest.fixture
def runtime(tmp_path):
    runtime = InProcessRuntime(tmp_path)
    try:
        yield runtime
    finally:
        runtime.close()


def _waiting(runtime, batch_id: str = "b-1", **brief) -> str:
    [campaign] = review_batch(runtime, batch_id, **brief).campaigns
    assert campaign.awaiting_review
    return campaign.campaign_id


def _link(client, campaign_id: str) -> str:
    made = client.post(f"/api/v1/reviews/{campaign_id}/link", headers=auth())
    assert made.status_code == 201, made.text
    return made.json()["url"].removeprefix("http://testserver")


def _asset_ids(html: str) -> list[str]:
    return re.findall(r'name="change-([^"]+)"', html)


def test_the_client_approves_once_and_a_second_click_records_nothing(runtime, tmp_path):
    client = web_client(runtime, tmp_path)
    campaign_id = _waiting(runtime)
    link = _link(client, campaign_id)
    page = client.get(link)
    assert page.status_code == 200
    assert _asset_ids(page.text)
    first = client.post(link, data={"round": "0", "decision": "approved"})
    assert first.status_code == 303 and first.headers["location"].endswith("notice=recorded")
    decided = runtime.review(campaign_id)
    again = client.post(link, data={"round": "0", "decision": "rejected"})
    assert again.headers["location"].endswith("notice=already")
    after = runtime.review(campaign_id)
    assert (after.status, after.decided_at) == ("approved", decided.decided_at)
    assert "already decided" in client.get(again.headers["location"]).text


def test_a_change_request_opens_a_revised_round_on_the_same_link(runtime, tmp_path):
    client = web_client(runtime, tmp_path)
    campaign_id = _waiting(runtime)
    link = _link(client, campaign_id)
    asset = _asset_ids(client.get(link).text)[0]
    before = next(a.asset for a in runtime.review(campaign_id).assets
                  if a.asset.asset_id == asset)
    empty = client.post(link, data={"round": "0", "decision": "changes_requested"})
    assert empty.status_code == 422 and "at least one asset" in empty.text
    asked = client.post(link, data={"round": "0", "decision": "changes_requested",
                                    f"change-{asset}": "new_hook"})
    assert asked.status_code == 303
    runtime.settle("b-1")
    review = runtime.review(campaign_id)
    assert (review.round, review.status) == (1, "pending")
    after = next(a.asset for a in review.assets if a.asset.asset_id == asset)
    assert after.hook != before.hook
    page = client.get(link).text
    assert "Round 2" in page and after.body.splitlines()[0][:40] in page.replace("&#39;", "'")
    replay = client.post(link, data={"round": "0", "decision": "approved"})
    assert replay.headers["location"].endswith("notice=already")
    assert runtime.review(campaign_id).status == "pending"  # the old form decided nothing


def test_an_expired_or_changed_link_shows_why_and_records_nothing(runtime, tmp_path):
    campaign_id = _waiting(runtime)
    past = web_client(runtime, tmp_path, now=lambda: datetime.now(UTC) - timedelta(days=30))
    link = _link(past, campaign_id)  # made 30 days ago: expired 16 days ago
    client = web_client(runtime, tmp_path)
    expired = client.post(link, data={"round": "0", "decision": "approved"})
    assert expired.status_code == 410 and "expired" in expired.text
    changed = link[:-2] + ("xx" if not link.endswith("xx") else "yy")
    forged = client.post(changed, data={"round": "0", "decision": "approved"})
    assert forged.status_code == 404 and "not valid" in forged.text
    assert "Nothing was recorded" in forged.text
    assert runtime.review(campaign_id).status == "pending"


def test_html_in_the_brief_is_text_on_every_page(runtime, tmp_path):
    client = web_client(runtime, tmp_path)
    campaign_id = _waiting(runtime, "b-html", client_name=HOSTILE)
    link = _link(client, campaign_id)
    signed_in = client.post("/login", data={"token": TOKEN, "next": "/console/batches"})
    assert signed_in.status_code == 303
    pages = [link, "/console/batches", "/console/batches/b-html",
             f"/console/campaigns/{campaign_id}", "/console/reviews"]
    for path in pages:
        html = client.get(path).text
        assert "<script>window.pwned" not in html and "<b>Bold</b>" not in html, path
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in client.get(link).text


def test_the_console_wants_a_signed_in_agency_user(runtime, tmp_path):
    client = web_client(runtime, tmp_path)
    for path in ["/console/batches", "/console/reviews", "/console/invoices"]:
        answer = client.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/login?next={path}"
    wrong = client.post("/login", data={"token": "guess", "next": "/console/reviews"})
    assert wrong.status_code == 401
    away = client.post("/login", data={"token": TOKEN, "next": "//evil.example/"})
    assert away.headers["location"] == "/"
    assert client.get("/console/invoices").status_code == 200
