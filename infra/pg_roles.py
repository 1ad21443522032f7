"""Each module's schema on PostgreSQL, owned by its own role: ownership enforced by the server.

Given one administrator URL (a role that may create roles and schemas in the database),
`provision` makes, for every store name ("cam", "qc-1", "supervisor"):

- a schema named after it ("qc_1"), owned by
- a login role "<database>_<schema>" (roles are server-wide; the database name keeps two
  AICMO databases on one server apart), whose only privileges are on its own schema and
  CONNECT on the database (PostgreSQL 15 and newer let no one but the database's owner
  create in the shared `public` schema; on an older server, revoke that by hand);

and returns, per name, a URL that logs in as that role. A module's engine connects with
that URL and searches only its schema (infra.store), so reading or writing another
module's tables is refused by the server ("permission denied for schema ..."), not only
by our code.

Passwords are derived from the administrator's password (HMAC-SHA256 of the role name), so
every driver that provisions computes the same ones, nothing needs storing, and the
administrator URL never has to reach an actor: drivers provision, actors get role URLs.
Rotating the administrator password rotates every role's at the next provisioning.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import threading
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from sqlalchemy.engine import URL, make_url

T = TypeVar("T")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# PostgreSQL truncates identifiers beyond 63 bytes; a truncated role name could collide.
_MAX_IDENTIFIER = 63


class ProvisionError(Exception):
    """The database could not be prepared: a bad URL or name, or missing privileges."""


def schema_name(store_name: str) -> str:
    """'qc-1' -> 'qc_1': a store name as an unquoted PostgreSQL identifier."""
    schema = store_name.replace("-", "_").replace("/", "_").lower()
    if not _NAME.fullmatch(schema):
        raise ProvisionError(f"store name {store_name!r} makes no valid schema name")
    return schema


def role_name(database: str, schema: str) -> str:
    role = f"{database}_{schema}".lower()
    if not _NAME.fullmatch(role) or len(role) > _MAX_IDENTIFIER:
        raise ProvisionError(f"database {database!r} and schema {schema!r} make no valid "
                             f"role name (letters, digits and _, at most 63)")
    return role


def role_password(admin: URL, role: str) -> str:
    secret = (admin.password or admin.render_as_string(hide_password=False)).encode()
    return hmac.new(secret, role.encode(), hashlib.sha256).hexdigest()


def role_url(admin_url: str, store_name: str) -> str:
    """The URL that logs in as `store_name`'s own role (no server round trip)."""
    admin = _admin(admin_url)
    role = role_name(admin.database or "", schema_name(store_name))
    return admin.set(username=role, password=role_password(admin, role)).render_as_string(
        hide_password=False)


async def provision(admin_url: str, store_names: Iterable[str]) -> dict[str, str]:
    """Create (or bring up to date) each store's role and schema; their role URLs by name.
    Idempotent: run by every driver that starts or connects to a system."""
    import asyncpg  # here: drivers provision; the actors on SQLite never load the driver

    admin = _admin(admin_url)
    names = list(dict.fromkeys(store_names))
    conn = await asyncpg.connect(host=admin.host, port=admin.port, user=admin.username,
                                 password=admin.password, database=admin.database)
    try:
        for name in names:
            await _provision_one(conn, admin, schema_name(name))
    except asyncpg.PostgresError as exc:
        raise ProvisionError(f"could not prepare the schemas in {admin.database!r} as "
                             f"{admin.username!r}: {exc.__class__.__name__}: {exc}. The "
                             f"administrator role needs CREATEROLE and CREATE on the "
                             f"database (deploy/README.md).") from exc
    finally:
        await conn.close()
    return {name: role_url(admin_url, name) for name in names}


def provision_now(admin_url: str, store_names: Iterable[str]) -> dict[str, str]:
    """`provision` from synchronous code (a driver's constructor)."""
    return run_now(lambda: provision(admin_url, store_names))


def run_now(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`work()` to completion from synchronous code, even code running inside an event loop:
    on its own loop in a short-lived thread."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = asyncio.run(work())
        except BaseException as exc:  # handed to the caller's thread below
            result["error"] = exc

    thread = threading.Thread(target=run, name="aicmo-run-now")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


async def _provision_one(conn: Any, admin: URL, schema: str) -> None:
    database = admin.database or ""
    role = role_name(database, schema)
    password = role_password(admin, role)
    # Identifiers are checked against _NAME above, so quoting them is enough; the password
    # is hex. DDL takes no bind parameters, hence the literals.
    async with conn.transaction():
        # Roles are server-wide: two drivers provisioning at once may both see none.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('aicmo-provision'))")
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        verb = "ALTER" if exists else "CREATE"
        await conn.execute(f"{verb} ROLE \"{role}\" LOGIN NOINHERIT PASSWORD '{password}'")
        # The administrator must be a member of a role to create a schema it owns (a
        # superuser need not be, but it does no harm).
        await conn.execute(f'GRANT "{role}" TO CURRENT_USER')
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}" AUTHORIZATION "{role}"')
        await conn.execute(f'ALTER SCHEMA "{schema}" OWNER TO "{role}"')
        await conn.execute(f'REVOKE ALL ON SCHEMA "{schema}" FROM PUBLIC')
        await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')


def _admin(admin_url: str) -> URL:
    try:
        url = make_url(admin_url)
    except Exception as exc:
        raise ProvisionError(f"not a database URL: {exc}") from None
    if url.get_backend_name() != "postgresql" or not url.database:
        raise ProvisionError("the cluster store needs a PostgreSQL URL with a database, "
                             "e.g. postgresql+asyncpg://admin:secret@db.internal:5432/aicmo")
    if url.drivername != "postgresql+asyncpg":
        url = url.set(drivername="postgresql+asyncpg")
    return url
