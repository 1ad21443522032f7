"""The composition root on Ray: the only module that knows Ray.

It hosts the actor objects wiring.py builds as named, detached, restartable Ray actors in
one namespace (runtime.hosting), connects the supervisor to them, and exposes the driver
API: Runtime.start / connect / submit / cancel. The same objects
wired in-process (no Ray) are wiring.LocalSystem, re-exported here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import ray

from contracts.common import Contract, new_id
from contracts.supervisor import (
    BatchAccepted,
    BatchList,
    BatchView,
    CancelAccepted,
    CancelCampaigns,
    GetBatch,
    ListBatches,
    ReviewSettings,
    SubmitBatch,
)
from driver.api import LifecycleApi
from driver.errors import CampaignTaken, Conflict, DriverError, Invalid, NotFound, Unavailable
from driver.requests import answer, request, submissions
from infra.store_upgrade import StoreUpgrade
from runtime.head import is_loopback, loopback_only
from runtime.hosting import NAMESPACE, actor_name, deploy_actor
from wiring import (
    SUPERVISOR,
    LocalSystem,
    Settings,
    build_module,
    build_supervisor,
    store_owners,
    upgrade_stores_apart,
)

__all__ = ["NAMESPACE", "BatchHandle", "CampaignTaken", "Conflict", "DriverError", "Invalid",
           "LocalSystem", "NotFound", "Runtime", "Settings", "Unavailable", "actor_name",
           "answer", "build_module", "build_supervisor", "request", "submissions"]

class Runtime(LifecycleApi):
    """The driver API on Ray. `start()` embeds a local Ray; `connect(address)` joins one.
    Batches are here; leads, deals, reviews, invoices, follow-ups and reports come from
    LifecycleApi."""

    def __init__(self, settings: Settings):
        # The cluster store's roles are made here, in the driver: actors get role URLs only.
        self.settings = settings.provisioned()
        self._supervisor: Any = None
        self.metrics_port: int | None = None

    @classmethod
    def start(cls, settings: Settings | None = None, *, num_cpus: int | None = None,
              dashboard: bool = False, metrics_export_port: int | None = None,
              log_to_driver: bool = False) -> Runtime:
        """Start an embedded local Ray, every port of it on 127.0.0.1 (GCS, raylet,
        dashboard, agents, workers: nothing listens on other interfaces). With
        `metrics_export_port`, Prometheus can scrape 127.0.0.1:<port>/metrics. With
        `log_to_driver`, the actors' log lines (their warnings) reach this driver's stderr."""
        settings = (settings or Settings()).provisioned()  # a store it can't reach: no Ray
        upgrade = StoreUpgrade(store_owners(settings))  # beside Ray's start: it is longer
        # address="local": always a new instance, even if another Ray runs on this machine
        # (a bare ray.init() would join that one instead). Every port on loopback.
        try:
            with loopback_only():
                ray.init(address="local", num_cpus=num_cpus, namespace=NAMESPACE,
                         include_dashboard=dashboard, dashboard_host="127.0.0.1",
                         log_to_driver=log_to_driver,
                         _metrics_export_port=metrics_export_port)
        except BaseException:
            upgrade.abandon()
            raise
        try:
            upgrade.wait()
        except BaseException:
            ray.shutdown()  # a store at a schema this release cannot upgrade: no actors
            raise
        runtime = cls(settings)
        runtime.metrics_port = metrics_export_port
        return runtime._deploy_all()

    @classmethod
    def connect(cls, address: str = "auto", settings: Settings | None = None, *,
                log_to_driver: bool = False) -> Runtime:
        """Join a running Ray (a cluster, or the `aicmo up` service) and deploy any actor
        not there yet. A Ray on this machine's loopback (the service's) is joined with this
        driver's own ports on loopback too. Joining the service needs its token in the
        environment first (runtime.head.token_env)."""
        settings = (settings or Settings()).provisioned()
        here = is_loopback(address)
        with loopback_only() if here else nullcontext():
            ray.init(address=address, namespace=NAMESPACE, log_to_driver=log_to_driver)
        runtime = cls(settings)
        # SQLite files are on the node that runs the actors: upgraded from here only when
        # that is this machine.
        remote_files = not set(settings.store_names()) <= set(settings.db_urls)
        if (here or not remote_files) and not runtime._any_deployed():
            upgrade_stores_apart(settings)
        return runtime._deploy_all()

    @classmethod
    def attached(cls, settings: Settings) -> Runtime:
        """The driver API from inside this Ray (a Serve replica): Ray is up and whoever
        started it deployed the actors, so this only looks the supervisor up."""
        runtime = cls(settings)
        runtime._supervisor = ray.get_actor(actor_name(SUPERVISOR), namespace=NAMESPACE)
        return runtime

    def _deploy_all(self) -> Runtime:
        handles = [deploy_actor(d, self.settings) for d in self.settings.destinations()]
        ray.get([h.ready.remote() for h in handles])
        self._supervisor = deploy_actor(SUPERVISOR, self.settings)
        ray.get(self._supervisor.ready.remote())
        return self

    def _any_deployed(self) -> bool:
        """Whether any actor of these settings is up (a first deploy finds none)."""
        for destination in [*self.settings.destinations(), SUPERVISOR]:
            try:
                ray.get_actor(actor_name(destination), namespace=NAMESPACE)
            except ValueError:
                continue
            return True
        return False

    def ensure_actors(self) -> None:
        """Bring back any module actor or supervisor that is gone for good (killed without
        restart, or lost with its node): get-if-exists makes this a no-op for the rest."""
        self._deploy_all()

    def handle_of(self, destination: str) -> Any:
        """The Ray actor behind a destination ('strategy', 'qc/0', 'supervisor')."""
        return ray.get_actor(actor_name(destination), namespace=NAMESPACE)

    def ask(self, message: Contract, expected: type[Contract], correlation_id: str) -> Any:
        """One request to the supervisor. If it is gone for good, bring up a new one (which
        resumes from the saga log) and ask again."""
        frame = request(message, correlation_id)
        try:
            return answer(ray.get(self._supervisor.handle.remote(frame)), expected)
        except ray.exceptions.RayActorError:
            self._supervisor = deploy_actor(SUPERVISOR, self.settings)
            return answer(ray.get(self._supervisor.handle.remote(frame)), expected)

    def ask_module(self, destination: str, message: Contract, expected: type[Contract]) -> Any:
        """One request straight to a module actor: the lifecycle lists and lookups."""
        frame = request(message, destination)
        return answer(ray.get(self.handle_of(destination).handle.remote(frame)), expected)

    def submit(self, briefs: Iterable[Any], *, batch_id: str | None = None,
               out_dir: str | Path = "packs", window: int = 64, seed: int = 0,
               qc_rounds: int = 2, pack_formats: str = "full",
               review: ReviewSettings | None = None) -> BatchHandle:
        """Start a batch, or resume one: the id of an existing batch with the campaigns it
        was made from returns it (`created` False); with other campaigns it raises
        Conflict, and a campaign id another batch owns raises CampaignTaken (its
        `batch_id` is the batch to resume). Client review defaults to waiting for each
        client's decision; `review=ReviewSettings(policy="auto")` approves by policy for
        unattended runs."""
        batch_id = batch_id or new_id()
        command = SubmitBatch(batch_id=batch_id, out_dir=str(Path(out_dir).resolve()),
                              window=window, seed=seed, qc_rounds=qc_rounds,
                              pack_formats=pack_formats, review=review or ReviewSettings(),
                              campaigns=submissions(briefs, batch_id))
        accepted = self.ask(command, BatchAccepted, batch_id)
        return BatchHandle(self, batch_id, accepted.created)

    def cancel(self, target: str, reason: str = "cancelled by operator") -> CancelAccepted:
        """Stop a batch's (or one campaign's) pending work and undo what it completed."""
        return self.ask(CancelCampaigns(target=target, reason=reason), CancelAccepted, target)

    def batch(self, batch_id: str) -> BatchHandle:
        return BatchHandle(self, batch_id, created=False)

    def batches(self, limit: int = 20) -> list[BatchView]:
        return self.ask(ListBatches(limit=limit), BatchList, "batches").batches

    def shutdown(self) -> None:
        """Stop the embedded Ray, or, when connected to one, disconnect this driver (the
        cluster and its detached actors carry on). Either way Ray's driver threads end
        here, before the CLI gives stdout back (cli.output.own_stdout)."""
        ray.shutdown()


class BatchHandle:
    """A submitted batch: poll its progress or wait for every campaign's outcome."""

    def __init__(self, runtime: Runtime, batch_id: str, created: bool):
        self.runtime = runtime
        self.batch_id = batch_id
        self.created = created

    def progress(self, wait_seconds: float = 0.0, include_campaigns: bool = False) -> BatchView:
        query = GetBatch(batch_id=self.batch_id, wait_seconds=wait_seconds,
                         include_campaigns=include_campaigns)
        return self.runtime.ask(query, BatchView, self.batch_id)

    def wait(self, timeout: float | None = None,
             on_progress: Callable[[BatchView], None] | None = None) -> BatchView:
        """Block until every campaign has an outcome or awaits its client's review (see
        `view.settled` and the "awaiting_review" count); returns the view with campaigns."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            view = self.progress(wait_seconds=0.25)  # four progress updates a second
            if on_progress is not None:
                on_progress(view)
            if view.done or view.settled:
                return self.progress(include_campaigns=True)
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"batch {self.batch_id}: {view.finished}/{view.total} "
                                   f"finished after {timeout}s")
