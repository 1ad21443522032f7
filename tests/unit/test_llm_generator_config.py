"""The text generator's configuration: the default, the OpenAI-compatible provider, and
refusals that name the reason (and a missing key's variable, never a value)."""

from __future__ import annotations

from typing import Any

import pytest

from actors._kernel.generation import DraftGenerator
from actors._kernel.llm import OpenAICompatibleGenerator, generator_from_config
from tests.unit.chat_server import KEY, KEY_ENV, MODEL

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
