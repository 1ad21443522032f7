"""Where a module keeps its data, as a value: drivers pass it around without loading
SQLAlchemy, which only the processes that open a store need (infra.store)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreConfig:
    """Where a module keeps its data: a SQLite file (the embedded default) or its own schema
    on a PostgreSQL server (the cluster store; see infra.pg_roles for the roles)."""

    url: str
    # FULL fsyncs the WAL on every commit: an acknowledged message survives power loss,
    # not only a killed process. Frames batch many messages per commit, so it is cheap.
    # SQLite only: PostgreSQL's durability is the server's (synchronous_commit).
    synchronous: str = "FULL"
    # PostgreSQL only: the schema this module owns. Its connection searches only there.
    schema: str | None = None
    # Connections per engine. A module applies one frame at a time, so one is enough; the
    # supervisor reads batch views while its saga log commits, so it gets two.
    pool_size: int = 1

    @classmethod
    def sqlite_file(cls, data_dir: str | Path, name: str, synchronous: str = "FULL") -> StoreConfig:
        path = Path(data_dir).resolve() / f"{name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(url=f"sqlite+aiosqlite:///{path}", synchronous=synchronous)

    @property
    def dialect(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).get_backend_name()
