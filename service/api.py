"""The HTTP API, /api/v1: batches, campaigns, client review, invoices, dead letters, reports.

Every route needs the API token. Bodies are validated by the contracts the driver API
sends (SubmitBatch's bounds, ReviewSettings, RequestedChange, RecordPayment); a refusal
comes back as problem+json with the contract's error code. Routes are plain `def`: FastAPI
runs them on its thread pool, where the driver API's blocking calls belong.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse
from pydantic import Field

from contracts.billing import Invoice, InvoiceList, PaymentRecorded, RecordPayment
from contracts.client_review import Decision, RequestedChange, ReviewStatus
from contracts.common import Contract, EntityId
from contracts.dead_letters import DeadLetterList, DeadLetterResolved
from contracts.supervisor import (
    BatchAccepted,
    BatchList,
    BatchView,
    FeedbackAccepted,
    ReviewSettings,
    SubmitBatch,
    SubmitFeedback,
)
from contracts.views import CampaignDetail, ReviewDetail
from service.files import pack_file, report_file
from service.state import WebState, web_state

router = APIRouter(prefix="/api/v1")


class BatchRequest(Contract):
    """A batch to run. Its packs go to the service's packs dir: an HTTP client does not
    choose where on this machine the service writes."""

    batch_id: EntityId = Field(description="the batch's id: the same id and briefs again "
                                           "return the existing batch")
    briefs: list[dict[str, Any]] = Field(
        min_length=1, max_length=10_000,
        description="campaign briefs, or {campaign_id, brief} records")
    window: int = SubmitBatch.model_fields["window"]
    seed: int = SubmitBatch.model_fields["seed"]
    qc_rounds: int = SubmitBatch.model_fields["qc_rounds"]
    pack_formats: str = SubmitBatch.model_fields["pack_formats"]
    review: ReviewSettings = ReviewSettings()


class DecisionRequest(Contract):
    decision: Decision
    changes: list[RequestedChange] = SubmitFeedback.model_fields["changes"]
    note: str = SubmitFeedback.model_fields["note"]
    reviewer: str = SubmitFeedback.model_fields["reviewer"]


class LinkRequest(Contract):
    days: float | None = Field(default=None, gt=0, le=90,
                               description="how long the link works (default: 14 days)")


class ReviewLinkView(Contract):
    campaign_id: str
    url: str = Field(description="send this to the client: it opens the review page")
    expires_at: datetime


class PaymentRequest(Contract):
    amount: Decimal = RecordPayment.model_fields["amount"]
    currency: str = RecordPayment.model_fields["currency"]
    received_on: date
    payment_id: str | None = None


class DiscardRequest(Contract):
    reason: str = Field(default="discarded by operator", max_length=500)


class ReviewPage(Contract):
    reviews: list[ReviewDetail]


def _authorized(request: Request) -> None:
    web_state(request).auth.api(request)


api = APIRouter(dependencies=[Depends(_authorized)])
State = Depends(web_state)


@api.post("/batches", response_model=BatchAccepted, status_code=201,
          responses={200: {"description": "the batch already existed"}})
def submit_batch(body: BatchRequest, response: Response, state: WebState = State) -> Any:
    handle = state.system.submit(
        body.briefs, batch_id=body.batch_id, out_dir=state.config.packs_dir,
        window=body.window, seed=body.seed, qc_rounds=body.qc_rounds,
        pack_formats=body.pack_formats, review=body.review)
    if not handle.created:
        response.status_code = 200
    return BatchAccepted(batch_id=handle.batch_id, total=handle.progress().total,
                         created=handle.created)


@api.get("/batches", response_model=BatchList)
def list_batches(limit: int = 20, state: WebState = State) -> Any:
    return BatchList(batches=state.system.batches(limit=limit))


@api.get("/batches/{batch_id}", response_model=BatchView)
def get_batch(batch_id: str, state: WebState = State) -> Any:
    return state.system.batch(batch_id).progress(include_campaigns=True)


@api.get("/batches/{batch_id}/report", response_class=FileResponse)
def download_report(batch_id: str, format: Literal["html", "json"] = "html",
                    state: WebState = State) -> Any:
    """Builds the batch's report now (it reflects every outcome so far) and sends it."""
    built = state.system.report(batch_id, out_dir=state.config.reports_dir)
    return report_file(built, format)


@api.get("/campaigns/{campaign_id}", response_model=CampaignDetail)
def get_campaign(campaign_id: str, state: WebState = State) -> Any:
    return state.system.campaign(campaign_id)


@api.get("/campaigns/{campaign_id}/pack/{path:path}", response_class=FileResponse)
def download_pack_file(campaign_id: str, path: str, state: WebState = State) -> Any:
    return pack_file(state.system.campaign(campaign_id), path)


@api.get("/reviews", response_model=ReviewPage)
def list_reviews(status: ReviewStatus | None = ReviewStatus.PENDING, limit: int = 100,
                 state: WebState = State) -> Any:
    """Reviews with their previews: every asset in full, with its platform measures."""
    listed = state.system.reviews(status=status.value if status else None, limit=limit)
    return ReviewPage(reviews=[state.system.review(r.campaign_id) for r in listed.reviews])


@api.get("/reviews/{campaign_id}", response_model=ReviewDetail)
def get_review(campaign_id: str, state: WebState = State) -> Any:
    return state.system.review(campaign_id)


@api.post("/reviews/{campaign_id}/decision", response_model=FeedbackAccepted)
def decide_review(campaign_id: str, body: DecisionRequest, state: WebState = State) -> Any:
    return state.system.feedback(campaign_id, body.decision, changes=body.changes,
                                 note=body.note, reviewer=body.reviewer)


@api.post("/reviews/{campaign_id}/link", response_model=ReviewLinkView, status_code=201)
def share_review(campaign_id: str, request: Request, body: LinkRequest | None = None,
                 state: WebState = State) -> Any:
    """A signed, expiring link the client opens to review this campaign."""
    state.system.review(campaign_id)  # NotFound before a link to nothing is made
    url, link = state.share(request, campaign_id, body.days if body else None)
    return ReviewLinkView(campaign_id=campaign_id, url=url, expires_at=link.expires_at)


@api.get("/invoices", response_model=InvoiceList)
def list_invoices(status: str | None = None, limit: int = 1000, state: WebState = State) -> Any:
    return state.system.invoices(status=status, limit=limit)


@api.get("/invoices/{invoice}", response_model=Invoice)
def get_invoice(invoice: str, state: WebState = State) -> Any:
    """By the invoice's id or its number (INV-2027-000123)."""
    return state.system.invoice(invoice)


@api.post("/invoices/{invoice}/payments", response_model=PaymentRecorded, status_code=201)
def record_payment(invoice: str, body: PaymentRequest, state: WebState = State) -> Any:
    return state.system.record_payment(invoice, body.amount, body.currency,
                                       received_on=body.received_on,
                                       payment_id=body.payment_id)


@api.get("/dead-letters", response_model=DeadLetterList)
def list_dead_letters(status: Literal["open", "retried", "discarded"] | None = "open",
                      limit: int = 1000, state: WebState = State) -> Any:
    return state.system.dead_letters(status=status, limit=limit)


@api.post("/dead-letters/{letter_id}/retry", response_model=DeadLetterResolved)
def retry_dead_letter(letter_id: str, state: WebState = State) -> Any:
    return state.system.retry_dead_letter(letter_id)


@api.post("/dead-letters/{letter_id}/discard", response_model=DeadLetterResolved)
def discard_dead_letter(letter_id: str, body: DiscardRequest | None = None,
                        state: WebState = State) -> Any:
    reason = body.reason if body else DiscardRequest().reason
    return state.system.discard_dead_letter(letter_id, reason=reason)


router.include_router(api)
