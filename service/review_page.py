"""The client's review page, reached by a signed link: the strategy in brief, every asset as
it would appear with its length against the platform's limit, and the decision.

A decision is recorded once. The form names the round it decides; a second click, a
replayed form or an old link finds that round decided and shows what was recorded instead
of recording again. A link that is expired or not genuine shows why and records nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.client_review import ChangeKind, Decision, RequestedChange, ReviewStatus
from contracts.views import ReviewDetail
from driver.errors import Conflict
from service.console import page
from service.links import LinkRefused, ReviewLink
from service.state import WebState, web_state

router = APIRouter(include_in_schema=False)
CLIENT = "client (review link)"  # the reviewer the decision is recorded under


def _open(state: WebState, token: str) -> ReviewLink | HTMLResponse:
    try:
        return state.links.read(token, state.now())
    except LinkRefused as refused:
        return page(state, "link_refused.html", 410 if refused.expired else 404,
                    reason=str(refused), expired=refused.expired)


@router.get("/review/{token}", name="client_review")
def show(request: Request, token: str, notice: str = "") -> Response:
    state = web_state(request)
    link = _open(state, token)
    if isinstance(link, Response):
        return link
    review = state.system.review(link.campaign_id)
    # The page refreshes while a revision runs: to itself without the one-time notice.
    return _render(state, review, link, notice, here=request.url.path)


@router.post("/review/{token}")
async def decide(request: Request, token: str) -> Response:
    state = web_state(request)
    link = _open(state, token)
    if isinstance(link, Response):
        return link
    form = await request.form()
    fields = {k: str(v) for k, v in form.items()}
    review = state.system.review(link.campaign_id)
    if str(review.round) != fields.get("round") or review.status is not ReviewStatus.PENDING:
        return _back(request, token, "already")  # decided before: nothing more to record
    try:
        decision = Decision(fields.get("decision", ""))
    except ValueError:
        return _render(state, review, link, "", error="Choose approve, request changes or "
                       "reject.", status=422)
    changes = _changes(fields, review) if decision is Decision.CHANGES_REQUESTED else []
    if decision is Decision.CHANGES_REQUESTED and not changes:
        return _render(state, review, link, "", error="Choose a change for at least one "
                       "asset (and the phrase to remove, for a removal).", status=422)
    try:
        state.system.feedback(link.campaign_id, decision, changes=changes,
                              note=fields.get("note", "")[:2000], reviewer=CLIENT)
    except Conflict:  # the same form twice at once: the other one was recorded
        return _back(request, token, "already")
    return _back(request, token, "recorded")


def _changes(fields: dict[str, str], review: ReviewDetail) -> list[RequestedChange]:
    """One change per asset the client picked one for; a removal needs its phrase."""
    out = []
    for item in review.assets:
        kind = fields.get(f"change-{item.asset.asset_id}", "")
        if not kind:
            continue
        phrase = fields.get(f"phrase-{item.asset.asset_id}", "").strip() or None
        if kind == ChangeKind.REMOVE_PHRASE.value and not phrase:
            continue
        out.append(RequestedChange(kind=ChangeKind(kind), asset_id=item.asset.asset_id,
                                   phrase=phrase if kind == ChangeKind.REMOVE_PHRASE else None))
    return out


def _back(request: Request, token: str, notice: str) -> Response:
    """Post/redirect/get: a reload after deciding does not post again."""
    url = request.url_for("client_review", token=token).include_query_params(notice=notice)
    return RedirectResponse(str(url), status_code=303)


def _render(state: WebState, review: ReviewDetail, link: ReviewLink, notice: str,
            error: str | None = None, status: int = 200, here: str | None = None
            ) -> HTMLResponse:
    waiting = review.status is ReviewStatus.CHANGES_REQUESTED  # a revised round is coming
    context: dict[str, Any] = dict(
        r=review, link=link, notice=notice, error=error, refresh=waiting, refresh_url=here,
        kinds=[k.value for k in ChangeKind], pending=review.status is ReviewStatus.PENDING)
    return page(state, "client_review.html", status, **context)
