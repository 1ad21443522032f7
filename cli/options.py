"""What every `aicmo` command shares: exit codes, input errors, the options every command
takes (defined once, also read from AICMO_* variables), the one data dir, the runtime.

Precedence of a shared option: the flag (before or after the subcommand), else its
environment variable (AICMO_DATA_DIR, AICMO_ADDRESS, ...; see CliSettings), else the default.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from contracts.supervisor import ReviewSettings
from infra.service_state import (
    ServiceState,
    ServiceStateError,
    running_pointed_state,
    running_state,
    token_env,
)

EXIT_OK, EXIT_NEEDS_OPERATOR, EXIT_INPUT, EXIT_TIMEOUT, EXIT_RUNTIME = 0, 1, 2, 3, 4
EXIT_AWAITING_REVIEW = 5
EXIT_DEAD_LETTER = 6  # parked on dead letters: an operator retries or discards them

DEFAULT_DATA_DIR = Path(".aicmo/data")
DEMO_DATA_DIR = Path(".aicmo/demo")


class InputError(Exception):
    """The user's input cannot be used; the message says where and why."""


class CliSettings(BaseSettings):
    """The shared options' values: a flag given on the command line wins (passed as init
    arguments), else the AICMO_<NAME> environment variable, else the default here."""

    model_config = SettingsConfigDict(env_prefix="AICMO_", extra="ignore")

    data_dir: Path | None = None  # None: resolved by resolve_data_dir
    address: str | None = None
    database_url: str | None = None
    state_resource: str | None = None
    shard_resource: str | None = None
    shards: int | None = None
    num_cpus: int | None = None
    rate_card: Path | None = None
    dashboard: bool = False
    verbose: bool = False


SHARED = tuple(CliSettings.model_fields)  # the attributes `resolve` puts on the namespace


def common_options() -> argparse.ArgumentParser:
    """The options every command takes, defined once: the top-level parser and every
    subcommand get this parser as a parent. Defaults are SUPPRESS so a value given before
    the subcommand is not overwritten by the subcommand's default; `resolve` fills them."""
    p = argparse.ArgumentParser(add_help=False)
    unset = argparse.SUPPRESS
    p.add_argument("--data-dir", default=unset,
                   help="module databases ($AICMO_DATA_DIR, else the running service's "
                        "(aicmo up), else .aicmo/data)")
    p.add_argument("--address", default=unset,
                   help="join this Ray cluster instead of the running service or an "
                        "embedded Ray ($AICMO_ADDRESS)")
    p.add_argument("--database-url", default=unset,
                   help="the cluster store: postgresql+asyncpg://ADMIN:PASSWORD@HOST/DB "
                        "(default: $AICMO_DATABASE_URL, else SQLite files in the data dir); "
                        "prefer the variable, which keeps the password out of `ps`")
    p.add_argument("--state-resource", default=unset,
                   help="custom resource pinning the state-owning actors (cluster.yaml: "
                        "aicmo_state)")
    p.add_argument("--shard-resource", default=unset,
                   help="custom resource placing the shard pools (cluster.yaml: aicmo_shard)")
    p.add_argument("--shards", type=int, default=unset,
                   help="production, QC and delivery pool size (default: CPUs)")
    p.add_argument("--num-cpus", type=int, default=unset, help="CPUs for the embedded Ray")
    p.add_argument("--rate-card", default=unset,
                   help="billing's rate card, a JSON file (default: built in)")
    p.add_argument("--dashboard", action="store_true", default=unset,
                   help="start the Ray dashboard")
    p.add_argument("--json", action="store_true", default=unset,
                   help="machine-readable output on stdout (JSON; lists: one object a line)")
    p.add_argument("-v", "--verbose", action="store_true", default=unset,
                   help="show the actors' warnings on stderr")
    return p


def list_options() -> argparse.ArgumentParser:
    """The extra output format of a list command."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--csv", action="store_true", default=argparse.SUPPRESS,
                   help="a header and one row per item, on stdout")
    return p


def resolve(args: argparse.Namespace) -> argparse.Namespace:
    """Fill every shared option on `args` (flag > environment > default) and the one data
    dir the command uses. Bad values from the environment are an InputError."""
    given = {name: getattr(args, name) for name in SHARED if hasattr(args, name)}
    try:
        settings = CliSettings(**given)
    except ValidationError as exc:
        problems = "; ".join(f"AICMO_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}"
                             for e in exc.errors())
        raise InputError(f"bad environment setting: {problems}") from exc
    for name in SHARED:
        setattr(args, name, getattr(settings, name))
    if getattr(args, "own_data_dir", None):  # the demo: its own dir, cleared each run
        args.data_dir = Path(given.get("data_dir") or args.own_data_dir).resolve()
    else:
        args.data_dir = resolve_data_dir(settings.data_dir)
    args.json = bool(getattr(args, "json", False))
    args.csv = bool(getattr(args, "csv", False))
    if args.json and args.csv:
        raise InputError("--json and --csv: choose one output format")
    args.format = "json" if args.json else "csv" if args.csv else "text"
    return args


def resolve_data_dir(chosen: Path | None) -> Path:
    """The one data dir: the flag or AICMO_DATA_DIR (`chosen`), else the one a running
    service uses, else .aicmo/data; absolute, so every actor and message agrees."""
    return (chosen or running_service_data_dir() or DEFAULT_DATA_DIR).resolve()


def running_service_data_dir() -> Path | None:
    """The data dir of the user's running `aicmo up` service: the one ~/.aicmo/service
    names, if the state file there says its head is alive; else None."""
    state = running_pointed_state()
    return Path(state.data_dir) if state else None


def service_state(data_dir: Path) -> ServiceState | None:
    """The running service on this data dir (`aicmo up`), else None."""
    try:
        return running_state(data_dir)
    except ServiceStateError as exc:
        raise InputError(str(exc)) from exc


def require_store(args: argparse.Namespace) -> None:
    """A command that only reads must not create an empty store where none is: a wrong
    data dir would otherwise look like an empty system. With --address or a database URL
    the store lives elsewhere, so there is nothing to check here."""
    if args.address or args.database_url:
        return
    if not any(Path(args.data_dir).glob("*.db")):
        raise InputError(f"no AICMO data in {args.data_dir}: pass --data-dir or set "
                         f"AICMO_DATA_DIR")


def open_runtime(args: argparse.Namespace, reads_only: bool = True) -> Any:
    """The runtime the command talks to: with --address, that Ray; else the `aicmo up`
    service running on the data dir, joined with the settings it deployed its actors with
    (this command's --shards, --rate-card, ... do not resize or reconfigure a running
    service); else an embedded Ray started for this command. A command that only reads
    refuses a data dir holding no store (`require_store`). Its `shutdown()` stops an
    embedded Ray but only disconnects from the service or a cluster."""
    if reads_only:
        require_store(args)
    service = None if args.address else service_state(args.data_dir)
    if service is not None:
        return join_service(service, log_to_driver=args.verbose)
    from runtime import Runtime  # imports Ray: only when a command needs it

    settings = cli_settings(args)
    if args.address:
        return Runtime.connect(args.address, settings, log_to_driver=args.verbose)
    return Runtime.start(settings, num_cpus=args.num_cpus, dashboard=args.dashboard,
                         log_to_driver=args.verbose)


def join_service(service: ServiceState, log_to_driver: bool = False) -> Any:
    """A driver on the running service: its token in this process's environment before
    Ray starts here (Ray reads it once), then its settings."""
    os.environ.update(token_env(service.service_dir))
    from runtime import Runtime
    from runtime.head import settings_from_record

    return Runtime.connect(service.gcs_address, settings_from_record(service.settings),
                           log_to_driver=log_to_driver)


def cli_settings(args: argparse.Namespace) -> Any:
    """The runtime Settings the shared options describe (wiring.Settings)."""
    from wiring import AgencyConfigError, Settings

    shards = {"production_shards": args.shards, "qc_shards": args.shards,
              "delivery_shards": args.shards} if args.shards else {}
    rate_card = str(Path(args.rate_card).resolve()) if args.rate_card else None
    try:
        return Settings(data_dir=str(args.data_dir), **shards,
                        state_resource=args.state_resource,
                        shard_resource=args.shard_resource, rate_card=rate_card,
                        database_url=args.database_url)
    except AgencyConfigError as exc:  # the environment's AICMO_AGENCY_*: the user's input
        raise InputError(str(exc)) from exc


def review_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--auto-approve", action="store_true",
                    help="client review approved by policy (unattended runs); default: wait "
                         "for each client's decision (aicmo review ...)")
    sp.add_argument("--review-days", type=float, default=5.0, help="review deadline in days")
    sp.add_argument("--on-review-timeout", choices=["escalate", "approve", "reject"],
                    default="escalate", help="what the deadline does (default: escalate and "
                                             "keep waiting)")


def review_settings(args: argparse.Namespace) -> ReviewSettings:
    return ReviewSettings(policy="auto" if args.auto_approve else "client",
                          days=args.review_days, on_timeout=args.on_review_timeout)


_COMMON, _LIST = common_options(), list_options()


def add_command(sub: Any, name: str, help: str, *, lists: bool = False) -> Any:
    """A subcommand's parser with the shared options (and, for a list, --csv)."""
    return sub.add_parser(name, help=help, parents=[_COMMON, _LIST] if lists else [_COMMON])


def top_parser(**kwargs: Any) -> argparse.ArgumentParser:
    """The `aicmo` parser: the shared options may come before the subcommand too."""
    return argparse.ArgumentParser(parents=[_COMMON], **kwargs)
