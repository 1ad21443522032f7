"""An LLM behind the generation port: any OpenAI-compatible chat-completions endpoint.

Selected by configuration (`generator_from_config`); the deterministic DraftGenerator
stays the default. The LLM only rewords a draft that already meets the rules: an answer
that breaks a hard rule (empty, too long, missing the brand or CTA, a forbidden claim)
is dropped for the draft, and QC still checks whatever comes out.

The API key is read from an environment variable whose *name* is configured, and is
kept out of reprs, logs and error messages.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from contracts.envelope import ErrorCode

from .errors import ModuleError
from .generation import CopyRequest, DraftGenerator, TextGenerator

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]
_Retry = tuple[str, float | None]  # why an attempt failed, and the server's Retry-After

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"
_RETRY_STATUSES = frozenset({408, 429})  # plus every 5xx
_SYSTEM_PROMPT = (
    "You are a senior copywriter at a marketing agency. You reword draft copy so it reads "
    "better while keeping every rule you are given. Reply with the finished copy only: no "
    "preamble, no quotes around it, no notes."
)


class GenerationError(ModuleError):
    """The provider could not produce copy. `retryable` says if trying later may help."""

    code = ErrorCode.UNAVAILABLE

    def __init__(self, message: str, retryable: bool):
        super().__init__(message, retryable=retryable)

    def __reduce__(self) -> tuple[Any, ...]:
        # Ray pickles faults between processes; rebuild with both arguments.
        return type(self), (str(self), self.retryable)


class _TokenBucket:
    """Client-side rate limit: `rate` requests per second, bursts of at most `burst`."""

    def __init__(self, rate: float, burst: float, monotonic: Monotonic, sleep: Sleep):
        self._rate, self._burst = rate, burst
        self._monotonic, self._sleep = monotonic, sleep
        self._tokens = burst
        self._stamp: float | None = None
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._monotonic()
        if self._stamp is not None:
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now

    async def acquire(self) -> None:
        async with self._lock:  # waiters queue in order instead of racing for tokens
            self._refill()
            while self._tokens < 1:
                await self._sleep((1 - self._tokens) / self._rate)
                self._refill()
            self._tokens -= 1


class OpenAICompatibleGenerator(TextGenerator):
    """Rewords drafts through POST {base_url}/chat/completions, within the draft's rules."""

    def __init__(self, model: str, base_url: str = DEFAULT_BASE_URL, *,
                 api_key_env: str = DEFAULT_KEY_ENV, timeout: float = 30,
                 max_retries: int = 3, rate_per_second: float = 2,
                 backoff_base: float = 0.5, backoff_max: float = 30,
                 sleep: Sleep = asyncio.sleep, monotonic: Monotonic = time.monotonic):
        _require(bool(model), "model must be named")
        _require(base_url.startswith(("http://", "https://")), "base_url must be an http(s) URL")
        _require(timeout > 0, "timeout must be positive")
        _require(max_retries >= 0, "max_retries must be 0 or more")
        _require(rate_per_second > 0, "rate_per_second must be positive")
        self.name = f"openai-compatible:{model}"
        self.model, self.api_key_env, self.timeout = model, api_key_env, timeout
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.max_retries = max_retries
        self.backoff_base, self.backoff_max = backoff_base, backoff_max
        self.fallbacks = 0  # answers dropped for the draft: how often the LLM broke a rule
        self._key = _key_from_env(api_key_env)
        self._sleep = sleep
        self._bucket = _TokenBucket(rate_per_second, 1, monotonic, sleep)
        self._client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return (f"OpenAICompatibleGenerator(model={self.model!r}, url={self.url!r}, "
                f"api_key_env={self.api_key_env!r})")

    async def write(self, request: CopyRequest) -> str:
        answer = _content(await self._complete(_body(self.model, request)))
        problem = _rule_broken(answer, request)
        if problem is None:
            return answer
        self.fallbacks += 1
        log.warning("%s: answer %s; kept the draft", self.name, problem)
        return request.draft

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _complete(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST with rate limit and bounded retries; the parsed JSON of the first success."""
        failure, retry_after = "", None
        for attempt in range(self.max_retries + 1):
            if attempt:
                await self._sleep(self._delay(attempt - 1, retry_after))
            await self._bucket.acquire()
            outcome = await self._post(body)
            if isinstance(outcome, dict):
                return outcome
            failure, retry_after = outcome
        raise GenerationError(
            f"{self.name}: gave up after {self.max_retries + 1} attempts; last: {failure}",
            retryable=True)

    async def _post(self, body: dict[str, Any]) -> dict[str, Any] | _Retry:
        """The parsed answer, or (why it failed, Retry-After seconds) when a retry may help."""
        try:
            response = await self._http().post(self.url, json=body)
        except httpx.TimeoutException:
            return f"no answer within {self.timeout}s", None
        except httpx.TransportError as exc:
            return self._redact(f"{type(exc).__name__}: {exc}"), None
        status = response.status_code
        if status in _RETRY_STATUSES or status >= 500:
            return f"HTTP {status}", _retry_after(response)
        if status != 200:
            # Redact before cutting, so no fragment of an echoed key survives.
            detail = self._redact(response.text)[:200]
            raise GenerationError(f"{self.name}: HTTP {status}: {detail}", retryable=False)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise GenerationError(f"{self.name}: answer is not a JSON object", retryable=False)
        return answer

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:  # the server knows best when it will take us again
            return min(retry_after, self.backoff_max)
        return min(self.backoff_base * 2 ** attempt, self.backoff_max)

    def _http(self) -> httpx.AsyncClient:
        # Built on first use, inside the event loop that will drive it.
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self.timeout, headers={"Authorization": f"Bearer {self._key}"})
        return self._client

    def _redact(self, text: str) -> str:
        return text.replace(self._key, "[redacted]")


def generator_from_config(config: Mapping[str, Any] | None) -> TextGenerator:
    """The generator a configuration names; None means the deterministic default.

    {"provider": "deterministic"} or {"provider": "openai-compatible", "model": ...,
    "base_url": ..., "api_key_env": "OPENAI_API_KEY", "timeout": 30, "max_retries": 3,
    "rate_per_second": 2}.
    """
    settings = dict(config or {})
    provider = settings.pop("provider", "deterministic")
    build = _PROVIDERS.get(provider)
    if build is None:
        raise ValueError(f"unknown text generator provider {provider!r}; "
                         f"expected one of {sorted(_PROVIDERS)}")
    return build(settings)


def _deterministic(settings: dict[str, Any]) -> TextGenerator:
    _no_unknown_keys("deterministic", settings, set())
    return DraftGenerator()


_OPENAI_KEYS = {"model", "base_url", "api_key_env", "timeout", "max_retries", "rate_per_second"}


def _openai_compatible(settings: dict[str, Any]) -> TextGenerator:
    _no_unknown_keys("openai-compatible", settings, _OPENAI_KEYS)
    _require("model" in settings, "openai-compatible provider needs a 'model'")
    return OpenAICompatibleGenerator(**settings)


_PROVIDERS: dict[str, Callable[[dict[str, Any]], TextGenerator]] = {
    "deterministic": _deterministic,
    "openai-compatible": _openai_compatible,
}


def _no_unknown_keys(provider: str, settings: Mapping[str, Any], known: set[str]) -> None:
    unknown = sorted(set(settings) - known)
    _require(not unknown, f"{provider} provider does not take {unknown}; known: {sorted(known)}")


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _key_from_env(name: str) -> str:
    key = os.environ.get(name, "").strip()
    _require(bool(key), f"environment variable {name} holds no API key; set it or configure "
                        f"'api_key_env' to name the variable that does")
    return key


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds; the HTTP-date form is ignored (we back off instead)."""
    try:
        return max(0.0, float(response.headers["retry-after"]))
    except (KeyError, ValueError):
        return None


def _body(model: str, request: CopyRequest) -> dict[str, Any]:
    return {
        "model": model,
        "messages": [{"role": "system", "content": _SYSTEM_PROMPT},
                     {"role": "user", "content": _prompt(request)}],
        "temperature": 0,
        "seed": request.seed,
        # ~3 characters a token, with headroom; the character limit is checked afterwards.
        "max_tokens": min(4096, request.max_chars // 3 + 64),
    }


def _prompt(request: CopyRequest) -> str:
    keep = "\n".join(f"- {s}" for s in request.must_include) or "- (nothing)"
    avoid = "\n".join(f"- {s}" for s in request.forbidden) or "- (nothing)"
    return (
        f"Reword this {request.channel} {request.kind} for {request.brand}.\n"
        f"Offer: {request.offer}\nAudience: {request.audience}\n"
        f"Messaging pillar: {request.pillar}\nCall to action: {request.cta}\n"
        f"Tone: {request.tone}\n"
        f"Hard rules:\n"
        f"1. At most {request.max_chars} characters in all, hashtags included.\n"
        f"2. Keep each of these strings exactly as written, character for character:\n{keep}\n"
        f"3. Never make or imply these claims:\n{avoid}\n"
        f"4. Reply with the copy only.\n\n"
        f"Draft:\n{request.draft}"
    )


def _content(answer: Mapping[str, Any]) -> str:
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise GenerationError("chat completion has no choices[0].message",
                              retryable=False) from None
    return content.strip() if isinstance(content, str) else ""


def _rule_broken(answer: str, request: CopyRequest) -> str | None:
    """Why the answer may not replace the draft, or None when it may."""
    if not answer:
        return "is empty"
    if len(answer) > request.max_chars:
        return f"has {len(answer)} chars, over the {request.max_chars} limit"
    missing = [s for s in request.must_include if s not in answer]
    if missing:
        return f"misses {missing}"
    lowered = answer.lower()
    claims = [c for c in request.forbidden if c and c.lower() in lowered]
    if claims:
        return f"makes forbidden claims {claims}"
    return None
