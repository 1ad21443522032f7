"""Errors as RFC 9457 problem documents (application/problem+json) carrying the contract's
error code, so an HTTP client tells a missing batch from a refused one without parsing
prose."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from driver.errors import Conflict, DriverError, Invalid, NotFound

PROBLEM_JSON = "application/problem+json"
_STATUS: dict[type[DriverError], int] = {NotFound: 404, Conflict: 409, Invalid: 422}
_TITLES = {400: "Bad request", 401: "Unauthorized", 404: "Not found", 405: "Method not allowed",
           409: "Conflict", 422: "Unprocessable content", 503: "Service unavailable"}


def problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": f"urn:aicmo:problem:{code}", "title": _TITLES.get(status, "Error"),
            "status": status, "code": code, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(exc: DriverError) -> int:
    """A refusal's HTTP status: its kind decides; faults on the far side are 503."""
    return next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), 503)


async def driver_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DriverError)
    return problem(status_of(exc), exc.code, exc.message)


async def invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    detail = f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
    return problem(422, "bad_payload", detail, errors=errors)


async def http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(
        exc.status_code, "http_error")
    return problem(exc.status_code, code, str(exc.detail))


async def invalid_contract(_request: Request, exc: Exception) -> JSONResponse:
    """A contract the service built from the request refused its values."""
    assert isinstance(exc, ValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
    detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:3])
    return problem(422, "bad_payload", detail, errors=errors)
