"""The OpenAI-compatible generator against a local server that speaks chat completions.

The server is a stdlib ThreadingHTTPServer on 127.0.0.1: it records every request and
answers from a script. Waits (backoff, rate limit) go through an injected fake sleeper
and monotonic clock, so no test sleeps; only the timeout test waits on the real socket.
"""

from __future__ import annotations

import json
import logging
import pickle
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from actors._kernel.generation import CopyRequest, DraftGenerator
from actors._kernel.llm import GenerationError, OpenAICompatibleGenerator, generator_from_config

KEY = "sk-test-4f1d9c0e7b2a-secret"
KEY_ENV = "AICMO_TEST_LLM_KEY"
MODEL = "gpt-test"
Make = Callable[..., OpenAICompatibleGenerator]


# --- a local chat-completions server -------------------------------------------------------

@dataclass(frozen=True)
class Reply:
    """One scripted answer. `stall` holds the response until the server stops."""

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent as the body instead of a chat completion
    stall: bool = False


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: dict[str, Any]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        chat = self.server.chat
        length = int(self.headers["Content-Length"])
        headers = {k.lower(): v for k, v in self.headers.items()}
        chat.requests.append(Seen(self.path, headers, json.loads(self.rfile.read(length))))
        reply = chat.replies.popleft() if chat.replies else Reply(status=500, raw=b"unscripted")
        if reply.stall:
            chat.released.wait(timeout=10)
            return  # the client gave up long ago; close without answering
        self._answer(reply)

    def _answer(self, reply: Reply) -> None:
        body = reply.raw if reply.raw is not None else json.dumps(
            {"choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": reply.content}}]}
        ).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads

    def __init__(self, chat: ChatServer):
        self.chat = chat
        super().__init__(("127.0.0.1", 0), _Handler)


class ChatServer:
    """Start with `with ChatServer() as server:`; script replies, read `requests`."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Seen] = []
        self.released = threading.Event()
        self._httpd = _Server(self)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={
            "poll_interval": 0.02}, daemon=True)  # how soon shutdown() is noticed

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


class FakeTime:
    """A monotonic clock that moves only when the generator sleeps (or a test moves it)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


# --- fixtures and factories ----------------------------------------------------------------

@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as chat:
        yield chat


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def make_generator(server: ChatServer, fake_time: FakeTime,
                         monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Make]:
    """Builds generators pointed at the local server; closes them all afterwards."""
    monkeypatch.setenv(KEY_ENV, KEY)
    made: list[OpenAICompatibleGenerator] = []

    def make(**overrides: Any) -> OpenAICompatibleGenerator:
        settings: dict[str, Any] = {"api_key_env": KEY_ENV, "timeout": 5, "max_retries": 3,
                                    "rate_per_second": 2, "sleep": fake_time.sleep,
                                    "monotonic": fake_time.monotonic, **overrides}
        made.append(OpenAICompatibleGenerator(MODEL, server.base_url, **settings))
        return made[-1]

    yield make
    for generator in made:
        await generator.close()


@pytest.fixture
def generator(make_generator: Make) -> OpenAICompatibleGenerator:
    return make_generator()


def copy_request(**overrides: Any) -> CopyRequest:
    base: dict[str, Any] = {
        "channel": "x", "kind": "post", "brand": "Northwind", "offer": "a 30-day free trial",
        "audience": "heads of data", "pillar": "Answers in minutes", "cta": "Start your trial",
        "tone": "confident, clear", "max_chars": 280,
        "draft": "Northwind gets heads of data answers in minutes. Start your trial",
        "must_include": ("Northwind", "Start your trial"),
        "forbidden": ("guaranteed results",), "seed": 7,
    }
    return CopyRequest(**{**base, **overrides})


GOOD = "Heads of data: Northwind turns questions into answers in minutes. Start your trial"


# --- the protocol --------------------------------------------------------------------------

async def test_a_good_answer_becomes_the_copy(
        server: ChatServer, generator: OpenAICompatibleGenerator):
    server.script(Reply(GOOD))

    assert await generator.write(copy_request()) == GOOD

    [seen] = server.requests
    assert seen.path == "/v1/chat/completions"
    assert seen.headers["authorization"] == f"Bearer {KEY}"
    assert seen.body["model"] == MODEL
    assert seen.body["temperature"] == 0
    assert seen.body["seed"] == 7
    assert seen.body["max_tokens"] > 0
    assert [m["role"] for m in seen.body["messages"]] == ["system", "user"]
    prompt = seen.body["messages"][1]["content"]
    for expected in ("Northwind", "Start your trial", "guaranteed results", "280",
                     "confident, clear", "x post", copy_request().draft):
        assert expected in prompt
    assert generator.name == f"openai-compatible:{MODEL}"
    assert generator.fallbacks == 0


async def test_the_key_comes_from_the_default_environment_variable(
        server: ChatServer, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-default-env")
    server.script(Reply(GOOD))
    generator = OpenAICompatibleGenerator(MODEL, server.base_url)
    try:
        await generator.write(copy_request())
    finally:
        await generator.close()
    assert server.requests[0].headers["authorization"] == "Bearer sk-from-default-env"


async def test_429_and_500_are_retried_until_an_answer_comes(
        server: ChatServer, generator: OpenAICompatibleGenerator, fake_time: FakeTime):
    server.script(Reply(status=429, headers={"Retry-After": "0"}, raw=b"{}"),
                  Reply(status=500, raw=b"{}"), Reply(GOOD))

    assert await generator.write(copy_request()) == GOOD

    assert len(server.requests) == 3
    # Retry-After: 0 honoured, then the 2/s rate limit, then backoff 0.5 * 2 ** 1.
    assert fake_time.slept == [0.0, 0.5, 1.0]


async def test_a_timeout_is_retried(server: ChatServer, make_generator: Make):
    server.script(Reply(stall=True), Reply(GOOD))
    generator = make_generator(timeout=0.2)

    assert await generator.write(copy_request()) == GOOD
    assert len(server.requests) == 2


async def test_exhausted_retries_raise_a_retryable_error(
        server: ChatServer, make_generator: Make, fake_time: FakeTime):
    server.script(*[Reply(status=503, raw=b"busy")] * 3)
    generator = make_generator(max_retries=2, rate_per_second=100)

    with pytest.raises(GenerationError) as raised:
        await generator.write(copy_request())
    assert raised.value.retryable
    assert "3 attempts" in str(raised.value) and "HTTP 503" in str(raised.value)
    assert len(server.requests) == 3
    assert fake_time.slept == [0.5, 1.0]  # exponential backoff, none after the last try


@pytest.mark.parametrize(("reply", "why"), [
    (Reply(status=400, raw=b'{"error": "bad model"}'), "HTTP 400"),
    (Reply(raw=b"<html>not json</html>"), "not a JSON object"),
    (Reply(raw=b'{"choices": []}'), "no choices"),
])
async def test_faults_a_retry_cannot_fix_raise_at_once(
        server: ChatServer, generator: OpenAICompatibleGenerator, reply: Reply, why: str):
    server.script(reply)
    with pytest.raises(GenerationError, match=why) as raised:
        await generator.write(copy_request())
    assert not raised.value.retryable
    assert len(server.requests) == 1


# --- the hard rules ------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    pytest.param("", id="empty"),
    pytest.param(None, id="null-content"),
    pytest.param(GOOD + " " + "x" * 300, id="over-max-chars"),
    pytest.param("Answers in minutes for heads of data. Start your trial", id="no-brand"),
    pytest.param("Northwind: answers in minutes for heads of data.", id="no-cta"),
    pytest.param("Northwind: GUARANTEED RESULTS in minutes. Start your trial", id="forbidden"),
])
async def test_an_answer_that_breaks_a_hard_rule_gives_way_to_the_draft(
        server: ChatServer, generator: OpenAICompatibleGenerator, answer: str | None):
    server.script(Reply(answer))
    request = copy_request()

    assert await generator.write(request) == request.draft
    assert generator.fallbacks == 1


async def test_the_fallback_count_adds_up_over_calls(
        server: ChatServer, generator: OpenAICompatibleGenerator):
    server.script(Reply("too short"), Reply(GOOD), Reply("x" * 500))
    for _ in range(3):
        await generator.write(copy_request())
    assert generator.fallbacks == 2


# --- rate limit ----------------------------------------------------------------------------

async def test_the_rate_limit_spaces_requests(
        server: ChatServer, generator: OpenAICompatibleGenerator, fake_time: FakeTime):
    server.script(*[Reply(GOOD)] * 4)

    for _ in range(3):
        await generator.write(copy_request())
    assert fake_time.slept == [0.5, 0.5]  # 2 per second: the 3 requests span 1 s
    assert fake_time.now == 1.0

    fake_time.now += 10  # idle time refills the bucket, but only up to one request
    await generator.write(copy_request())
    assert fake_time.slept == [0.5, 0.5]
    assert len(server.requests) == 4


# --- the key stays secret ------------------------------------------------------------------

async def test_the_key_never_shows_in_repr_errors_or_logs(
        server: ChatServer, generator: OpenAICompatibleGenerator, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    echo = json.dumps({"error": f"Incorrect API key provided: {KEY}"}).encode()
    server.script(Reply(status=401, raw=echo), Reply("no brand here"))

    with pytest.raises(GenerationError) as raised:
        await generator.write(copy_request())
    await generator.write(copy_request())  # a fallback, which logs a warning

    assert "HTTP 401" in str(raised.value) and "[redacted]" in str(raised.value)
    assert "kept the draft" in caplog.text
    texts = [repr(generator), str(generator), str(raised.value), repr(raised.value),
             caplog.text, str(pickle.loads(pickle.dumps(raised.value)))]
    assert all(KEY not in text for text in texts)
    assert KEY_ENV in repr(generator)


def test_a_generation_error_survives_pickling():
    error = pickle.loads(pickle.dumps(GenerationError("provider down", retryable=True)))
    assert isinstance(error, GenerationError)
    assert (str(error), error.retryable) == ("provider down", True)


# --- configuration -------------------------------------------------------------------------

@pytest.mark.parametrize("config", [None, {}, {"provider": "deterministic"}])
def test_the_default_configuration_is_the_deterministic_generator(config: Any):
    assert isinstance(generator_from_config(config), DraftGenerator)


async def test_an_openai_compatible_configuration(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    generator = generator_from_config({
        "provider": "openai-compatible", "model": "llama-3.1-8b",
        "base_url": "http://127.0.0.1:8000/v1/", "api_key_env": KEY_ENV,
        "timeout": 30, "max_retries": 3, "rate_per_second": 2})

    assert isinstance(generator, OpenAICompatibleGenerator)
    assert generator.name == "openai-compatible:llama-3.1-8b"
    assert generator.url == "http://127.0.0.1:8000/v1/chat/completions"
    assert (generator.timeout, generator.max_retries) == (30, 3)
    await generator.close()


def test_an_unknown_provider_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown text generator provider 'gpt-magic'"):
        generator_from_config({"provider": "gpt-magic"})


def test_a_missing_key_names_the_variable_not_a_value(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("AICMO_NO_SUCH_KEY", raising=False)
    with pytest.raises(ValueError, match="AICMO_NO_SUCH_KEY"):
        generator_from_config({"provider": "openai-compatible", "model": MODEL,
                               "api_key_env": "AICMO_NO_SUCH_KEY"})


@pytest.mark.parametrize(("config", "why"), [
    ({"provider": "openai-compatible", "base_url": "http://h/v1"}, "needs a 'model'"),
    ({"provider": "openai-compatible", "model": MODEL, "temprature": 1}, "temprature"),
    ({"provider": "openai-compatible", "model": MODEL, "timeout": 0}, "timeout"),
    ({"provider": "openai-compatible", "model": MODEL, "base_url": "ftp://h"}, "base_url"),
    ({"provider": "deterministic", "model": MODEL}, "does not take"),
])
def test_a_bad_configuration_is_refused_with_the_reason(
        monkeypatch: pytest.MonkeyPatch, config: dict[str, Any], why: str):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with pytest.raises(ValueError, match=why):
        generator_from_config(config)
