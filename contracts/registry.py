"""Every module's message types by wire name, so receivers and tests can look them up."""

from __future__ import annotations

from functools import cache
from types import ModuleType

from contracts import (
    billing,
    cam,
    client_review,
    delivery,
    housekeeping,
    onboarding,
    production,
    qc,
    reporting,
    retention,
    strategy,
    supervisor,
)
from contracts.common import Contract

_MODULES: dict[str, ModuleType] = {
    "cam": cam,
    "onboarding": onboarding,
    "strategy": strategy,
    "production": production,
    "qc": qc,
    "delivery": delivery,
    "client_review": client_review,
    "billing": billing,
    "retention": retention,
    "reporting": reporting,
    "supervisor": supervisor,
}


def accepted_by(module: str) -> dict[str, type[Contract]]:
    """Commands and queries a module answers, keyed by wire type name: its own contract's
    and the housekeeping every module (or the supervisor) answers."""
    contract = _MODULES[module]
    shared = (housekeeping.SUPERVISOR_COMMANDS if module == "supervisor"
              else housekeeping.MODULE_COMMANDS)
    return {cls.__name__: cls for cls in (*contract.COMMANDS, *contract.QUERIES, *shared)}


@cache
def reply_types() -> dict[str, type[Contract]]:
    """Every reply model, keyed by wire type name."""
    return {cls.__name__: cls for m in (*_MODULES.values(), housekeeping) for cls in m.REPLIES}

def modules() -> list[str]:
    return list(_MODULES)
