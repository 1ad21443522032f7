"""A local server that speaks chat completions, a fake clock, and copy requests, for the
OpenAI-compatible generator tests (test_llm_generator_*, test_production_reword).

The server is a stdlib ThreadingHTTPServer on 127.0.0.1: it records every request and
answers from a script. Waits (backoff, rate limit) go through an injected fake sleeper
and monotonic clock, so no test sleeps; only the timeout test waits on the real socket.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from actors._kernel.generation import CopyRequest
from actors._kernel.llm import OpenAICompatibleGenerator

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


# --- factories -----------------------------------------------------------------------------

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
