"""The HTTP API on Ray Serve, on the session's Ray: a batch submitted over HTTP runs to a
delivered, invoiced campaign whose steps, pack, review and invoice the API then shows."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.integration.checks import good_briefs

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]


def settled(client: httpx.Client, batch_id: str, timeout: float = 180) -> dict[str, Any]:
    """Poll the batch until every campaign has an outcome or awaits its client."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = client.get(f"/api/v1/batches/{batch_id}").json()
        if view["done"] or view["settled"]:
            return view
        time.sleep(0.5)  # the API is polled, as its clients poll it
    raise TimeoutError(f"batch {batch_id} did not settle in {timeout}s")


def test_the_api_on_serve_runs_a_batch_through_review_to_an_invoice(web, ray_store):
    batch_id = f"web-{ray_store.kind}"
    briefs = [item["brief"] for item in good_briefs(1)]
    with httpx.Client(base_url=web.url, timeout=60) as anonymous:
        refused = anonymous.get("/api/v1/batches")
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert anonymous.get("/api/v1/openapi.json").status_code == 200
    with httpx.Client(base_url=web.url, headers=web.headers(), timeout=60) as client:
        body = {"batch_id": batch_id, "briefs": briefs, "pack_formats": "data"}
        assert client.post("/api/v1/batches", json=body).status_code == 201
        assert client.post("/api/v1/batches", json=body).json()["created"] is False
        [campaign] = settled(client, batch_id)["campaigns"]
        campaign_id = campaign["campaign_id"]
        review = client.get(f"/api/v1/reviews/{campaign_id}").json()
        assert review["status"] == "pending" and review["assets"]
        decided = client.post(f"/api/v1/reviews/{campaign_id}/decision",
                              json={"decision": "approved", "reviewer": "api test"})
        assert decided.status_code == 200, decided.text
        [campaign] = settled(client, batch_id)["campaigns"]
        assert campaign["outcome"] == "delivered"

        detail = client.get(f"/api/v1/campaigns/{campaign_id}").json()
        steps = [s["step"] for s in detail["steps"] if s["kind"] == "do"]
        assert steps[:2] == ["register", "onboard"] and {"pack", "invoice"} <= set(steps)
        assert all(s["started_at"] and s["finished_at"] for s in detail["steps"])
        assert detail["pack_files"] and detail["pack_dir"].startswith(str(web.packs_dir))
        served = client.get(f"/api/v1/campaigns/{campaign_id}/pack/{detail['pack_files'][0]}")
        assert served.status_code == 200 and served.content

        # Oldest first, as billing lists them: earlier tests of the session issued many.
        listed = client.get("/api/v1/invoices", params={"limit": 10_000}).json()["invoices"]
        [invoice] = [i for i in listed if i["campaign_id"] == campaign_id]
        paid = client.post(f"/api/v1/invoices/{invoice['number']}/payments",
                           json={"amount": invoice["total"], "currency": invoice["currency"],
                                 "received_on": invoice["issued_on"]})
        assert paid.status_code == 201, paid.text
        assert client.get(f"/api/v1/invoices/{invoice['invoice_id']}").json()["status"] == "paid"

        report = client.get(f"/api/v1/batches/{batch_id}/report")
        assert report.status_code == 200 and "text/html" in report.headers["content-type"]
        letters = client.get("/api/v1/dead-letters").json()["letters"]
        assert all(letter["status"] == "open" for letter in letters)  # earlier tests' kills
        assert campaign_id not in {letter["campaign_id"] for letter in letters}
        missing = client.post("/api/v1/dead-letters/no-such-letter/retry")
        assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
