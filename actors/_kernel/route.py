"""A module's routing table entry: the message type it answers, and the handler that does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from contracts.common import Contract
from contracts.envelope import Envelope
from infra.store import Tx

C = TypeVar("C", bound=Contract)
# A route is only read, and its handler returns an R: a Route[C, SomeReply] is a
# Route[C, Contract] too, so one list holds a module's routes (`list[Route[Any, Contract]]`).
R = TypeVar("R", bound=Contract, covariant=True)


@dataclass(frozen=True)
class Route(Generic[C, R]):
    """A message type a module answers, and its handler: `Route(GenerateStrategy,
    self._generate)` checks that `_generate` takes a GenerateStrategy and returns a contract.
    Queries change nothing, so they are not recorded."""

    model: type[C]
    handler: Callable[[Tx, C, Envelope], Awaitable[R]]
    is_query: bool = False
    # Housekeeping (actors._kernel.housekeeping) is about no one campaign, so a module's
    # `prefetch` never sees it; and applying it twice is the same as once, so it keeps no
    # dedupe row (a row per run that nothing would ever compact).
    housekeeping: bool = False

