"""The HTTP API over a real in-process system: token auth, problem+json errors carrying the
contract's code, idempotent batch submission, the read endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import brief_dict
from tests.unit.web_harness import InProcessRuntime, auth, review_batch, web_client


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[InProcessRuntime, Path]]:
    root = tmp_path_factory.mktemp("web-api")
    runtime = InProcessRuntime(root)
    review_batch(runtime, "b-review")
    try:
        yield runtime, root
    finally:
        runtime.close()


@pytest.fixture
def client(system):
    runtime, root = system
    return web_client(runtime, root)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"},
                                     {"Authorization": "Basic dGVzdA=="}])
def test_without_the_token_every_route_is_401_problem_json(client, headers):
    for method, path in [("get", "/api/v1/batches"), ("post", "/api/v1/batches"),
                         ("get", "/api/v1/reviews"), ("get", "/api/v1/invoices"),
                         ("post", "/api/v1/dead-letters/x/retry")]:
        answer = getattr(client, method)(path, headers=headers)
        assert answer.status_code == 401, path
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"


def test_the_openapi_schema_lists_the_versioned_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/batches", "/api/v1/campaigns/{campaign_id}",
            "/api/v1/reviews/{campaign_id}/decision", "/api/v1/invoices/{invoice}/payments",
            "/api/v1/dead-letters/{letter_id}/retry"} <= set(schema["paths"])
    assert not any(p.startswith(("/console", "/review/")) for p in schema["paths"])


def test_a_batch_is_submitted_once_by_its_id(client):
    body = {"batch_id": "b-api", "briefs": [brief_dict()], "pack_formats": "data",
            "review": {"policy": "auto"}}
    first = client.post("/api/v1/batches", json=body, headers=auth())
    assert first.status_code == 201, first.text
    assert first.json() == {"batch_id": "b-api", "total": 1, "created": True}
    again = client.post("/api/v1/batches", json=body, headers=auth())
    assert again.status_code == 200
    assert again.json()["created"] is False
    other = {**body, "briefs": [brief_dict(client_name="Someone Else")]}
    refused = client.post("/api/v1/batches", json=other, headers=auth())
    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict"


@pytest.mark.parametrize(("body", "where"), [
    ({"briefs": [{}]}, "batch_id"),
    ({"batch_id": "bad id!", "briefs": [{}]}, "batch_id"),
    ({"batch_id": "b-x", "briefs": []}, "briefs"),
    ({"batch_id": "b-x", "briefs": [{}], "window": 0}, "window"),
    ({"batch_id": "b-x", "briefs": [{}], "review": {"policy": "sometimes"}}, "review"),
])
def test_a_malformed_batch_is_422_bad_payload_naming_the_field(client, body, where):
    answer = client.post("/api/v1/batches", json=body, headers=auth())
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["code"] == "bad_payload"
    assert where in problem["detail"]


def test_unknown_things_are_404_with_the_contract_code(client):
    for path in ["/api/v1/batches/nope", "/api/v1/campaigns/nope", "/api/v1/reviews/nope",
                 "/api/v1/invoices/INV-2027-999999"]:
        answer = client.get(path, headers=auth())
        assert answer.status_code == 404, path
        assert answer.json()["code"] == "not_found"


def test_reviews_come_with_every_asset_in_full(client, system):
    runtime, _ = system
    [campaign] = runtime.batch("b-review").progress(include_campaigns=True).campaigns
    reviews = client.get("/api/v1/reviews", headers=auth()).json()["reviews"]
    [review] = [r for r in reviews if r["campaign_id"] == campaign.campaign_id]
    assert review["status"] == "pending"
    assert review["assets"] and all(a["asset"]["body"] for a in review["assets"])
    assert all(m["limit"] > 0 for a in review["assets"] for m in a["measures"])


def test_a_decision_with_a_change_kind_the_cli_does_not_know_is_refused(client, system):
    runtime, _ = system
    [campaign] = runtime.batch("b-review").progress(include_campaigns=True).campaigns
    answer = client.post(f"/api/v1/reviews/{campaign.campaign_id}/decision", headers=auth(),
                         json={"decision": "changes_requested",
                               "changes": [{"kind": "make_it_pop"}]})
    assert answer.status_code == 422
    assert answer.json()["code"] == "bad_payload"
    assert runtime.review(campaign.campaign_id).status == "pending"  # nothing recorded


def test_a_pack_file_outside_the_manifest_is_not_served(client, system):
    runtime, _ = system
    [campaign] = runtime.batch("b-review").progress(include_campaigns=True).campaigns
    for path in ["../../data/billing.db", "%2e%2e/secret", "README.txt"]:
        answer = client.get(f"/api/v1/campaigns/{campaign.campaign_id}/pack/{path}",
                            headers=auth())
        assert answer.status_code == 404  # no pack yet, and never a path outside one
