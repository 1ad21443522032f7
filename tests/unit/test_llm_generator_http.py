"""The OpenAI-compatible generator against a local server that speaks chat completions:
the protocol, retries, the hard rules and fallbacks, the rate limit, and the key's secrecy.

The server and fake clock live in chat_server.py; no test sleeps, only the timeout test
waits on the real socket.
"""

from __future__ import annotations

import json
import logging
import pickle
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from actors._kernel.llm import GenerationError, OpenAICompatibleGenerator
from tests.unit.chat_server import (
    GOOD,
    KEY,
    KEY_ENV,
    MODEL,
    ChatServer,
    FakeTime,
    Make,
    Reply,
    copy_request,
)

# --- fixtures ------------------------------------------------------------------------------

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

