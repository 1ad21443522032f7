"""What every request handler reaches: the system, the config, the auth and link checks,
the clock and the templates. One per app, on `app.state.web`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.auth import TokenAuth
from service.config import WebConfig
from service.links import ReviewLink, ReviewLinks
from service.ports import SystemApi

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def utc_now() -> datetime:
    return datetime.now(UTC)


def templates() -> Environment:
    """Every template autoescaped, whatever its name: brief text is the client's own."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(
        enabled_extensions=("html",), default_for_string=True, default=True))
    from service import formats  # the filters the pages share

    env.filters.update(formats.FILTERS)
    return env


@dataclass
class WebState:
    system: SystemApi
    config: WebConfig
    now: Callable[[], datetime] = utc_now
    auth: TokenAuth = field(init=False)
    links: ReviewLinks = field(init=False)
    pages: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.auth = TokenAuth(self.config.api_token)
        self.links = ReviewLinks(self.config.link_secret)
        self.pages = templates()

    def share(self, request: Request, campaign_id: str,
              days: float | None) -> tuple[str, ReviewLink]:
        """A client review link for the campaign, absolute on the host the agency used."""
        token, link = self.links.issue(campaign_id, self.now(), days or self.config.link_days)
        return str(request.url_for("client_review", token=token)), link


def web_state(request: Request) -> WebState:
    return request.app.state.web
