"""Wiring without Ray: settings, the actor objects behind each destination, and the
in-process system (every actor in one event loop, the same SQLite durability) used by
unit tests and the benchmark baseline. runtime.py hosts the same objects on Ray.
"""

from __future__ import annotations

import gc
import os
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from contracts.common import AgencyIdentity
from contracts.routing import Destination
from infra.clock import Clock, SystemClock
from infra.metrics import Metrics
from infra.store_config import StoreConfig
from infra.store_upgrade import StoreUpgrade
from supervisors.ports import LocalTransport, MessagePort, Transport

if TYPE_CHECKING:  # imported where used: a driver needs none of them (no SQLAlchemy)
    from actors._kernel import ModuleActor
    from supervisors.batch import BatchSupervisor

SUPERVISOR = "supervisor"
SAGA_LOG = "supervisors.saga_log:SagaLog"  # the supervisor's store's owner
# Each module's actor class, as "package:Class", imported only where that actor is built:
# an actor process loads its own module's libraries, not every module's (the reporting
# charts' matplotlib, the delivery renderers' reportlab and python-pptx, ...), which keeps
# each of the many actor processes' memory down (bench/throughput.py prints it as PSS).
_SINGLETONS: dict[str, str] = {
    "cam": "actors.cam:CamActor", "onboarding": "actors.onboarding:OnboardingActor",
    "strategy": "actors.strategy:StrategyActor",
    "client_review": "actors.client_review:ClientReviewActor",
    "billing": "actors.billing:BillingActor", "retention": "actors.retention:RetentionActor",
    "reporting": "actors.reporting:ReportingActor"}
# Sharded by campaign: the heavy steps. Delivery joined production and QC when packs
# started rendering PDFs and decks: it became the most expensive step per campaign.
_POOLS: dict[str, str] = {
    "production": "actors.production:ProductionActor", "qc": "actors.qc:QcActor",
    "delivery": "actors.delivery:DeliveryActor"}


AGENCY_ENV = {"name": "AICMO_AGENCY_NAME", "address": "AICMO_AGENCY_ADDRESS",
              "tax_id": "AICMO_AGENCY_TAX_ID", "email": "AICMO_AGENCY_EMAIL"}


class AgencyConfigError(ValueError):
    """The AICMO_AGENCY_* variables do not make an agency identity."""


def agency_from_env(environ: Mapping[str, str] | None = None) -> AgencyIdentity | None:
    """The agency's identity from AICMO_AGENCY_NAME, _ADDRESS (lines split at newlines or a
    literal "\\n"), _TAX_ID and _EMAIL; None when none of them is set (not configured).
    A partial identity (an address but no name) is an error, not a silent default."""
    env = os.environ if environ is None else environ
    given = {key: env[name].strip() for key, name in AGENCY_ENV.items()
             if env.get(name, "").strip()}
    if not given:
        return None
    if "name" not in given:
        raise AgencyConfigError(f"{AGENCY_ENV['name']} must be set when any of "
                                f"{sorted(AGENCY_ENV.values())} is")
    if "address" in given:
        given["address"] = given["address"].replace("\\n", "\n")
    try:
        return AgencyIdentity(**given)
    except ValueError as exc:
        raise AgencyConfigError(f"AICMO_AGENCY_* do not make an agency identity: {exc}") from exc


@dataclass(frozen=True)
class Settings:
    """Where data lives and how big the shard pools are. Pool sizes default to the CPUs."""

    data_dir: str = field(default_factory=lambda: str(Path(".aicmo/data").resolve()))
    production_shards: int = field(default_factory=lambda: os.cpu_count() or 1)
    qc_shards: int = field(default_factory=lambda: os.cpu_count() or 1)
    delivery_shards: int = field(default_factory=lambda: os.cpu_count() or 1)
    synchronous: str = "FULL"
    # The cluster store: a PostgreSQL URL (postgresql+asyncpg://admin:...@host/db) of a role
    # that may create roles and schemas. Drivers turn it into one schema and role per
    # module and shard (`provisioned`, infra.pg_roles); actors only ever see their role's
    # URL. None: one SQLite file per module in data_dir, the embedded default.
    database_url: str | None = None
    # Per-store URLs ("cam", "qc-1", "supervisor"), filled by `provisioned` or set by hand
    # (roles made by an operator); they win over database_url and the SQLite files.
    db_urls: dict[str, str] = field(default_factory=dict)
    # How the supervisor batches messages per destination (see supervisors.ports).
    max_batch: int = 256
    max_in_flight: int = 1
    # Who words the copy: None is the deterministic offline writer; an LLM provider is a
    # dict such as {"provider": "openai-compatible", "model": ..., "base_url": ...,
    # "api_key_env": "OPENAI_API_KEY"} (see actors._kernel.llm). Keys stay in the env.
    generator: dict[str, Any] | None = None
    # On a cluster: a custom resource (e.g. "aicmo_state", offered by the head in
    # cluster.yaml) that pins the singletons and the supervisor, so their SQLite files stay
    # on one node's disk across restarts. None places them anywhere (one machine).
    state_resource: str | None = None
    # Likewise for the shard pools (cluster.yaml gives workers "aicmo_shard"), so shards run
    # on workers and an autoscaler sees that pending shards need one.
    shard_resource: str | None = None
    # Billing's rate card (a JSON file, see actors.billing.RateCard); None: the default card.
    rate_card: str | None = None
    # Who the agency is: invoices print it, outreach is signed with its name. Defaults to
    # AICMO_AGENCY_* (agency_from_env); None (not configured): outreach is signed
    # contracts.common.DEFAULT_AGENCY_NAME and invoices say they are not valid tax invoices.
    agency: AgencyIdentity | None = field(default_factory=agency_from_env)
    # The retention policy (supervisors.housekeeping): finished sagas' step results and
    # stored replies are compacted after this many days; history is deleted after the
    # second (None keeps it forever).
    compact_after_days: float = 30.0
    prune_after_days: float | None = 400.0

    def store(self, name: str) -> StoreConfig:
        file_name = Destination.parse(name).slug
        # The supervisor reads views while its saga log commits: two connections.
        pool_size = 2 if name == SUPERVISOR else 1
        if file_name in self.db_urls:
            url = self.db_urls[file_name]
            from infra.pg_roles import schema_name

            schema = schema_name(file_name) if url.startswith("postgresql") else None
            return StoreConfig(url=url, synchronous=self.synchronous, schema=schema,
                               pool_size=pool_size)
        if self.database_url:
            raise RuntimeError(f"no store for {name!r}: settings with a database_url must "
                               f"be provisioned first (Settings.provisioned)")
        return StoreConfig.sqlite_file(self.data_dir, file_name, self.synchronous)

    def store_names(self) -> list[str]:
        return [Destination.parse(d).slug for d in [*self.destinations(), SUPERVISOR]]

    def provisioned(self) -> Settings:
        """These settings with every module's and shard's own schema and role ready on the
        cluster store, and their role URLs in place of the administrator's; unchanged on
        the embedded default. Drivers call it before building any actor."""
        if not self.database_url:
            return self
        from infra.pg_roles import provision_now

        urls = provision_now(self.database_url, self.store_names())
        return replace(self, database_url=None, db_urls={**urls, **self.db_urls})

    def pools(self) -> dict[str, int]:
        return {"production": self.production_shards, "qc": self.qc_shards,
                "delivery": self.delivery_shards}

    def destinations(self) -> list[str]:
        shards = [str(Destination(pool, i)) for pool, n in self.pools().items() for i in range(n)]
        return [*_SINGLETONS, *shards]


def module_class_name(destination: str) -> str:
    """The name of the actor class behind a destination, without importing it."""
    return _class_path(destination).rpartition(":")[2]


def module_class(destination: str) -> type[ModuleActor]:
    """The actor class behind a destination such as 'strategy' or 'qc/1'."""
    found: type[ModuleActor] = pkgutil.resolve_name(_class_path(destination))
    return found


def _class_path(destination: str) -> str:
    module = Destination.parse(destination).module
    return _SINGLETONS.get(module) or _POOLS[module]


def store_owners(settings: Settings) -> list[tuple[StoreConfig, str]]:
    """Every store of `settings` (each module's, each shard's, the saga log's) with its
    owner, for infra.store_upgrade."""
    return [(settings.store(name), _class_path(name) if name != SUPERVISOR else SAGA_LOG)
            for name in [*settings.destinations(), SUPERVISOR]]


def upgrade_stores_apart(settings: Settings) -> None:
    """Every store of `settings` brought to its head in a child process, waited for."""
    StoreUpgrade(store_owners(settings)).wait()


def tune_gc() -> None:
    """Collect the young generation less often. Every message allocates many short-lived
    dicts and models, and the default threshold (700) makes the collector run thousands
    of times a second under load; measured here: about 8 % more campaigns/s."""
    gc.set_threshold(50_000, 20, 100)


def build_module(destination: str, settings: Settings, clock: Clock | None = None,
                 metrics: Metrics | None = None) -> ModuleActor:
    """The plain actor object behind a destination name such as 'strategy' or 'qc/1'."""
    kind = Destination.parse(destination).module
    actor_class: Any = module_class(destination)
    if kind == "production":
        from actors._kernel.llm import generator_from_config

        return actor_class(settings.store(destination), clock,
                           generator_from_config(settings.generator), metrics)
    if kind == "billing":
        from actors.billing import RateCard

        card = RateCard.from_file(settings.rate_card) if settings.rate_card else None
        return actor_class(settings.store(destination), clock, metrics, rate_card=card,
                           agency=settings.agency)
    if kind == "cam":
        return actor_class(settings.store(destination), clock, metrics, agency=settings.agency)
    return actor_class(settings.store(destination), clock, metrics)


def build_supervisor(settings: Settings, transport: Transport, clock: Clock | None = None,
                     metrics: Metrics | None = None) -> BatchSupervisor:
    from supervisors.batch import BatchSupervisor
    from supervisors.housekeeping import RetentionPolicy
    from supervisors.saga_log import SagaLog

    port = MessagePort(transport, max_batch=settings.max_batch,
                       max_in_flight=settings.max_in_flight)
    retention = RetentionPolicy(settings.compact_after_days, settings.prune_after_days)
    return BatchSupervisor(SagaLog(settings.store(SUPERVISOR)), port, clock or SystemClock(),
                           pools=settings.pools(), metrics=metrics, retention=retention)


class LocalSystem:
    """Every actor in this process, wired through a LocalTransport: no Ray."""

    def __init__(self, settings: Settings, clock: Clock | None = None,
                 metrics: Metrics | None = None):
        settings = self.settings = settings.provisioned()
        self.modules = {d: build_module(d, settings, clock, metrics)
                        for d in settings.destinations()}
        self.supervisor = build_supervisor(settings, LocalTransport(self.modules), clock,
                                           metrics)

    async def start(self) -> Self:
        tune_gc()
        for module in self.modules.values():
            await module.start()
        await self.supervisor.start()
        return self

    async def close(self) -> None:
        await self.supervisor.close()
        for module in self.modules.values():
            await module.close()
