"""The web service as one FastAPI app: the API under /api/v1 (OpenAPI at
/api/v1/openapi.json), the agency console under /console, client review pages under
/review. `build_app` takes the system behind the driver-API port, so the same app runs in
a Ray Serve replica (runtime.serve) and in a test with a fake system.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from driver.errors import DriverError
from service import api, console, problems, review_page
from service.config import WebConfig
from service.ports import SystemApi
from service.state import STATIC, WebState, utc_now

API_PREFIX = "/api/v1"


def build_app(system: SystemApi, config: WebConfig,
              now: Callable[[], datetime] = utc_now) -> FastAPI:
    app = FastAPI(title="AICMO", version="1", openapi_url=f"{API_PREFIX}/openapi.json",
                  docs_url=f"{API_PREFIX}/docs", redoc_url=None,
                  description="Batches, campaigns, client review, invoices and dead letters "
                              "of an AICMO service. Send the API token as a Bearer token.")
    app.state.web = WebState(system, config, now)
    app.include_router(api.router)
    app.include_router(console.router)
    app.include_router(review_page.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for kind, handler in _HANDLERS.items():
        app.add_exception_handler(kind, _either(handler))
    app.add_exception_handler(console.SignInRequired, console.to_sign_in)
    return app


def _either(api_handler: Callable) -> Callable:
    """problem+json for the API; a page that says what went wrong for the console."""

    async def handle(request: Request, exc: Exception) -> Response:
        answer = await api_handler(request, exc)
        if request.url.path.startswith(API_PREFIX):
            return answer
        state: WebState = request.app.state.web
        detail = json.loads(bytes(answer.body))["detail"]
        return console.page(state, "error.html", answer.status_code,
                            status=answer.status_code, detail=detail)

    return handle


_HANDLERS: dict[type[Exception], Callable] = {
    DriverError: problems.driver_error,
    RequestValidationError: problems.invalid_request,
    ValidationError: problems.invalid_contract,
    HTTPException: problems.http_error,
}
