"""The unfinished sagas a supervisor holds, shared by the desks that act on them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from supervisors.saga_run import SagaRun


class OpenSagas:
    """Unfinished sagas by campaign id, the batch each loaded campaign belongs to, and how
    to wake a parked one (it carries on from where it waited)."""

    def __init__(self, runs: dict[str, SagaRun], batches: Mapping[str, str],
                 wake: Callable[[str], None]):
        self.runs = runs
        self._batches = batches  # campaign id -> batch id, of every loaded batch
        self.wake = wake

    def get(self, campaign_id: str) -> SagaRun | None:
        return self.runs.get(campaign_id)

    def batch_of(self, campaign_id: str) -> str | None:
        return self._batches.get(campaign_id)
