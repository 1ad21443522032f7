"""The web service over a real system without Ray: runtime.Runtime's driver API with its
two calls (`ask`, `ask_module`) answered by an in-process LocalSystem running on its own
event-loop thread, the way a Serve replica's thread pool calls a Ray actor. The app is
the real one (service.app.build_app); only the transport differs."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from contracts.common import Contract
from contracts.supervisor import BatchView, ReviewSettings
from driver.requests import answer, request
from runtime import Runtime
from service.app import build_app
from service.config import WebConfig
from tests.support import brief_dict
from tests.unit.batch_harness import settings_for
from wiring import LocalSystem

TOKEN = "test-api-token-0123456789"
SECRET = "test-link-secret-abcdef"


class InProcessRuntime(Runtime):
    def __init__(self, root: Path):
        super().__init__(settings_for(root))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.system = LocalSystem(self.settings)
        self._run(self.system.start())

    def _run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=120)

    def ask(self, message: Contract, expected: type[Contract], correlation_id: str) -> Any:
        frame = request(message, correlation_id)
        return answer(self._run(self.system.supervisor.handle(frame)), expected)

    def ask_module(self, destination: str, message: Contract, expected: type[Contract]) -> Any:
        frame = request(message, destination)
        return answer(self._run(self.system.modules[destination].handle(frame)), expected)

    def settle(self, batch_id: str, timeout: float = 120) -> BatchView:
        """Wait until every campaign has an outcome or awaits its client."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            view = self.batch(batch_id).progress(wait_seconds=0.5)
            if view.done or view.settled:
                return self.batch(batch_id).progress(include_campaigns=True)
        raise TimeoutError(f"batch {batch_id} did not settle in {timeout}s")

    def close(self) -> None:
        self._run(self.system.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


def web_client(runtime: Runtime, root: Path,
               now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> TestClient:
    config = WebConfig(api_token=TOKEN, link_secret=SECRET, packs_dir=root / "packs",
                       reports_dir=root / "reports")
    return TestClient(build_app(runtime, config, now), follow_redirects=False)


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def review_batch(runtime: InProcessRuntime, batch_id: str, **brief: Any) -> BatchView:
    """One campaign that waits for its client's review, settled there."""
    runtime.submit([brief_dict(**brief)], batch_id=batch_id, out_dir=runtime.settings.data_dir,
                   pack_formats="data", review=ReviewSettings(policy="client"))
    return runtime.settle(batch_id)
