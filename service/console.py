"""The agency console: batches with live progress, a campaign's steps and findings and its
pack, the review queue (with the links to share), invoices. Server-rendered, no script
needed: pages with work still running refresh themselves.

Signing in posts the API token once; the console then keeps a session cookie (HttpOnly,
SameSite=Strict, so another site cannot post a console form on the user's behalf)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.auth import SESSION_COOKIE
from service.files import pack_file, report_file
from service.state import WebState, web_state

router = APIRouter(include_in_schema=False)


def page(state: WebState, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered (autoescaped) as the response, with HTTP status `code`."""
    html = state.pages.get_template(name).render(**context)
    return HTMLResponse(html, status_code=code)


class SignInRequired(Exception):
    """A console page was asked for without a session: the app sends the user to sign in,
    then back to `target`."""

    def __init__(self, target: str):
        super().__init__(target)
        self.target = target


def signed_in(request: Request) -> WebState:
    """The state for a signed-in agency user; SignInRequired otherwise."""
    state = web_state(request)
    if not state.auth.signed_in(request):
        raise SignInRequired(quote(request.url.path, safe="/"))
    return state


async def to_sign_in(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(f"/login?next={exc.target}", status_code=303)


Agency = Depends(signed_in)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/console/batches", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/console/batches") -> Response:
    return page(web_state(request), "login.html", next=_local(next), error=None)


@router.post("/login")
def login(request: Request, token: str = Form(""), next: str = Form("/console/batches")
          ) -> Response:
    state = web_state(request)
    if not state.auth.token_matches(token):
        return page(state, "login.html", 401, next=_local(next),
                    error="That is not this service's API token.")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, state.auth.session, httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _local(target: str) -> str:
    """Only a path on this service: a sign-in link cannot send the user elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/console/batches")
def batches(state: WebState = Agency) -> Response:
    views = state.system.batches(limit=50)
    running = any(not (v.done or v.settled) for v in views)
    return page(state, "batches.html", batches=views, refresh=running, nav="batches")


@router.get("/console/batches/{batch_id}")
def batch(batch_id: str, state: WebState = Agency) -> Response:
    view = state.system.batch(batch_id).progress(include_campaigns=True)
    return page(state, "batch.html", batch=view, refresh=not (view.done or view.settled),
                nav="batches")


@router.get("/console/campaigns/{campaign_id}")
def campaign(campaign_id: str, state: WebState = Agency) -> Response:
    detail = state.system.campaign(campaign_id)
    return page(state, "campaign.html", c=detail, refresh=detail.outcome is None
                and not detail.awaiting_review, nav="batches")


@router.get("/console/campaigns/{campaign_id}/pack/{path:path}")
def campaign_file(campaign_id: str, path: str, state: WebState = Agency) -> Response:
    return pack_file(state.system.campaign(campaign_id), path)


@router.get("/console/reviews")
def reviews(status: str = "pending", state: WebState = Agency) -> Response:
    listed = state.system.reviews(status=status or None, limit=200).reviews
    return page(state, "reviews.html", reviews=listed, status=status, shared=None,
                nav="reviews")


@router.post("/console/reviews/{campaign_id}/link")
def share(request: Request, campaign_id: str, state: WebState = Agency) -> Response:
    state.system.review(campaign_id)  # a link to a review that exists
    url, link = state.share(request, campaign_id, None)
    listed = state.system.reviews(status="pending", limit=200).reviews
    return page(state, "reviews.html", reviews=listed, status="pending", nav="reviews",
                shared={"campaign_id": campaign_id, "url": url, "expires_at": link.expires_at})


@router.get("/console/invoices")
def invoices(state: WebState = Agency) -> Response:
    return page(state, "invoices.html", invoices=state.system.invoices(limit=500).invoices,
                nav="invoices")


@router.get("/console/batches/{batch_id}/report")
def report(batch_id: str, state: WebState = Agency) -> Response:
    """The batch's report, built now so it reflects every outcome so far."""
    return report_file(state.system.report(batch_id, out_dir=state.config.reports_dir), "html")
