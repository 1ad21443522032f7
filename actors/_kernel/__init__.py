"""What every module actor shares: the frame entry point, the unit of work, the clock.

Infrastructure only, no business logic: a module may import this, never another module.
"""

from infra.clock import Clock, SystemClock
from infra.rows import Row, Rows
from infra.store import StoreConfig, Tx, processed_messages
from infra.upserts import insert_ignore, upsert

from .errors import Conflict, ModuleError, NotFound
from .module import ModuleActor
from .route import Route

__all__ = [
    "Clock",
    "Conflict",
    "ModuleActor",
    "ModuleError",
    "NotFound",
    "Route",
    "Row",
    "Rows",
    "StoreConfig",
    "SystemClock",
    "Tx",
    "insert_ignore",
    "processed_messages",
    "upsert",
]
