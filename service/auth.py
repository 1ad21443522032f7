"""Who may use the agency side: the API token, as a Bearer header (API) or as the console's
session cookie (set by the login form). Compared in constant time.

The cookie holds an HMAC of the token, not the token: a cookie that leaks does not give
the API token away, and changing the token logs every console out."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from starlette.exceptions import HTTPException

SESSION_COOKIE = "aicmo_session"


def same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def session_value(token: str) -> str:
    return hmac.new(token.encode(), b"aicmo console session", hashlib.sha256).hexdigest()


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


class TokenAuth:
    """FastAPI dependencies for the API (Bearer) and the console (cookie)."""

    def __init__(self, token: str):
        self._token = token
        self._session = session_value(token)

    def api(self, request: Request) -> None:
        if not same(bearer(request), self._token):
            raise HTTPException(401, "send the API token as 'Authorization: Bearer TOKEN' "
                                     "(aicmo up wrote it to DATA_DIR/service/api-token)")

    def token_matches(self, given: str) -> bool:
        return same(given.strip(), self._token)

    def signed_in(self, request: Request) -> bool:
        return same(request.cookies.get(SESSION_COOKIE, ""), self._session) or same(
            bearer(request), self._token)

    @property
    def session(self) -> str:
        return self._session
