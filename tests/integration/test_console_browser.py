"""The web console and the client review page in a real headless Chromium (Debian's
`chromium`, driven by Playwright; tests/browser.py), against the Serve app on the session's
Ray: follow a batch, share a client link, ask for a new opening line on one asset, see the
revised round, approve, and open the delivered pack from the campaign page. A second
campaign of the same batch carries HTML in its client's name: every page shows it as text.

With AICMO_SCREENSHOTS set to a directory, the test saves the README's screenshots there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from contracts.common import new_id
from tests.browser import ChromiumUnavailable, chromium_required, find_chromium, launch
from tests.support import brief_dict

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]

HOSTILE = "<b>Bold</b> & <script>window.pwned=1</script> Co"
WAIT = 120_000  # ms: a Ray saga step on a 2-core machine, with room to spare
VIEWPORT = {"width": 1100, "height": 700}


@pytest.fixture(scope="module")
def chromium() -> Path:
    try:
        return find_chromium()
    except ChromiumUnavailable as exc:
        if chromium_required():
            pytest.fail(f"Chromium is required here (CI=true or AICMO_REQUIRE_BROWSER=1): "
                        f"{exc}", pytrace=False)
        pytest.skip(f"browser tests skipped (CI=true would fail): {exc}")


@pytest.fixture
def browser(chromium: Path) -> Iterator:
    with sync_playwright() as playwright:
        browser = launch(playwright, chromium)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def batch(runtime, web) -> Iterator[dict[str, str]]:
    """A batch of two campaigns waiting for their clients: "clean" and "hostile" (HTML in
    the client's name). Whatever the test leaves pending is rejected afterwards, so no
    other test of the session finds a review of ours."""
    ids = {"batch": new_id(), "clean": new_id(), "hostile": new_id()}
    runtime.submit([{"campaign_id": ids["clean"], "brief": brief_dict()},
                    {"campaign_id": ids["hostile"], "brief": brief_dict(client_name=HOSTILE)}],
                   batch_id=ids["batch"], out_dir=web.packs_dir, pack_formats="data")
    try:
        yield ids
    finally:
        handle = runtime.batch(ids["batch"])
        for campaign in handle.wait(timeout=120).campaigns:
            if campaign.awaiting_review:
                runtime.feedback(campaign.campaign_id, "rejected", note="test cleanup")
        handle.wait(timeout=120)


def shoot(page, name: str) -> None:
    """A README screenshot, when AICMO_SCREENSHOTS names a directory."""
    target = os.environ.get("AICMO_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name))


def sign_in(browser, web, path: str):
    """A console page, reached through the sign-in form it redirects to."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(f"{web.url}{path}")
    page.fill("input[name=token]", web.token)
    page.click("button:text('Sign in')")
    page.wait_for_url(f"{web.url}{path}")
    return page


def client_link(console, web, campaign_id: str) -> str:
    """The link the agency sends: "Client link" on the review queue."""
    console.goto(f"{web.url}/console/reviews")
    row = console.locator("tr", has=console.locator(f"a[href='/console/campaigns/{campaign_id}']"))
    row.get_by_role("button", name="Client link").click()
    link = console.locator("input.link")
    expect(link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/review/"))
    return link.input_value()


def assert_shown_as_text(page) -> None:
    """HOSTILE is on the page as text, and made no element and ran no script."""
    expect(page.get_by_text(HOSTILE).first).to_be_visible()
    assert page.locator("main b, main script").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_a_batch_followed_from_the_console_to_a_revised_approved_delivered_pack(
        runtime, web, browser, batch):
    # 1. The agency follows the batch until both campaigns wait for their clients.
    console = sign_in(browser, web, f"/console/batches/{batch['batch']}")
    expect(console.locator("main > p").first).to_contain_text("waiting for clients' review",
                                                               timeout=WAIT)
    expect(console.get_by_role("link", name="awaiting review")).to_have_count(2)
    shoot(console, "console-batch.png")

    # 2. The client opens the shared link (no console session) and asks for a new hook.
    url = client_link(console, web, batch["clean"])
    client = browser.new_context(viewport=VIEWPORT).new_page()
    client.goto(url)
    expect(client.locator("main p.muted").first).to_contain_text("Round 1")
    asset = client.locator("article.asset.linkedin").first
    asset_id = asset.get_attribute("id").removeprefix("asset-")
    before = opening_line(asset)
    client.select_option(f"select[name='change-{asset_id}']", "new_hook")
    asset.evaluate("element => element.scrollIntoView()")  # the asset and its choice in view
    shoot(client, "client-review.png")
    client.get_by_role("button", name="Request the changes marked above").click()
    expect(client.get_by_role("status").first).to_contain_text("your decision was recorded")

    # 3. The page refreshes itself until the revised round is there; then the client approves.
    expect(client.locator("main p.muted").first).to_contain_text("Round 2", timeout=WAIT)
    revised = client.locator(f"#asset-{asset_id}")
    assert opening_line(revised) != before
    client.get_by_role("button", name="Approve").click()
    expect(client.locator("#status")).to_contain_text("Approved on")

    # 4. The campaign page shows the delivered pack, its files served from the console.
    console.goto(f"{web.url}/console/campaigns/{batch['clean']}")
    expect(console.locator("dl.facts .tag.delivered")).to_be_visible(timeout=WAIT)
    files = console.locator("ul#pack a")
    expect(files.filter(has_text="README.txt")).to_have_count(1)
    expect(files.filter(has_text="index.html")).to_have_count(1)
    shoot(console, "console-campaign.png")
    with console.expect_navigation() as opened:
        files.filter(has_text="README.txt").click()
    assert opened.value.ok and opened.value.url.endswith("/README.txt")
    expect(console.locator("body")).to_contain_text("Northwind Analytics")

    # 5. HTML in a brief is text on every page that shows it, to the agency and the client.
    console.goto(f"{web.url}/console/reviews")
    assert_shown_as_text(console)
    console.goto(f"{web.url}/console/campaigns/{batch['hostile']}")
    assert_shown_as_text(console)
    hostile = browser.new_context(viewport=VIEWPORT).new_page()
    hostile.goto(client_link(console, web, batch["hostile"]))
    assert_shown_as_text(hostile)
    hostile.get_by_role("button", name="Reject").click()
    expect(hostile.locator("#status")).to_contain_text("Rejected on")


def opening_line(asset) -> str:
    """The first line of an asset's copy, as the client reads it."""
    return asset.locator(".body").inner_text().strip().splitlines()[0]
