"""The cluster store on a three-node Ray cluster: every module keeps its data in its own
schema on PostgreSQL, as deploy/README.md recommends for a cluster.

The head (one CPU) offers no custom resource; two workers (one CPU each) offer the shard
resource. The settings set `shard_resource` and leave `state_resource` unset, so the
shards spread over the workers and the singletons and the supervisor land wherever Ray
puts them (any of them may go down with the removed worker, as on a real cluster).

Unlike tests/e2e/test_multinode.py, whose nodes share this machine's SQLite files, what a
lost worker costs here is exactly what it costs on a real cluster with the store: nothing.
Its shards' history stays on the server, and a campaign in client review whose
production shard was there gets its requested changes applied.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest
import ray
from ray.cluster_utils import Cluster
from ray.util.state import list_actors
from sqlalchemy.engine import make_url

from contracts.client_review import ChangeKind, Decision, RequestedChange
from contracts.delivery import GetPack, PackView
from contracts.production import AssetsView, GetAssets
from contracts.qc import EvaluationView, GetEvaluation
from contracts.routing import Destination
from contracts.supervisor import AUTO_APPROVE, ReviewSettings
from infra.pg_roles import role_name, schema_name
from runtime import NAMESPACE, Runtime, Settings, submissions
from tests.integration.checks import assert_pack_intact, good_briefs, pack_dirs
from tests.stores import on_database

pytestmark = pytest.mark.ray

SHARD = "aicmo_shard"
WORKERS = 2
SHARDS = 4  # per pool: with two workers, each holds about half of every pool
POOLS = ("production", "qc", "delivery")
N = 150  # the batch a worker is removed from
REVIEWED = 8  # campaigns parked in client review before the fault
REVIEW_BATCH = "pg-review"
_TABLES = {"production": ("productions", "assets"), "qc": ("evaluations",),
           "delivery": ("packs",)}  # each pool's own tables, besides its dedupe rows


# --- the store, seen by its administrator ----------------------------------------------------

def sql(url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    """One query over a fresh connection, as the role in `url`."""
    return on_database(url, lambda conn: conn.fetch(query, *args))


def count_in(url: str, schema: str, table: str, where: str = "TRUE", *args: Any) -> int:
    return sql(url, f'SELECT count(*) AS n FROM "{schema}"."{table}" WHERE {where}', *args)[0]["n"]


def applied(url: str, pool: str, message_type: str) -> int:
    """Applied messages of a type over every shard of a pool (their dedupe rows)."""
    return sum(count_in(url, schema_name(f"{pool}-{i}"), "processed_messages", "type = $1",
                        message_type) for i in range(SHARDS))


# --- the cluster ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_url(postgres) -> Iterator[str]:
    """An empty database for this module's cluster, as `pg_database` makes one per test:
    both tests here share one cluster, and the cluster's actors hold their role URLs."""
    name = f"t{uuid.uuid4().hex[:8]}"
    url = postgres.create_database(name)
    try:
        yield url
    finally:
        postgres.drop_database(name)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if ray.is_initialized():  # another tier's embedded Ray: a driver joins one Ray at a time
        ray.shutdown()
    # The dashboard serves the state API, which tells on which node each actor runs.
    nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1,
                                                          "include_dashboard": True})
    for _ in range(WORKERS):
        nodes.add_node(num_cpus=1, resources={SHARD: 1})
    nodes.wait_for_nodes()
    yield nodes
    nodes.shutdown()


@pytest.fixture(scope="module")
def runtime(cluster, store_url, tmp_path_factory) -> Iterator[Runtime]:
    rt = Runtime.connect(cluster.address, Settings(
        data_dir=str(tmp_path_factory.mktemp("aicmo-pg-e2e")), database_url=store_url,
        shard_resource=SHARD, production_shards=SHARDS, qc_shards=SHARDS,
        delivery_shards=SHARDS))
    yield rt
    rt.shutdown()  # disconnect before the cluster goes


def placement(cluster: Cluster) -> dict[str, str]:
    """Node id of every live actor in the runtime's namespace, by actor name."""
    actors = list_actors(address=cluster.address, limit=1000,
                         filters=[("ray_namespace", "=", NAMESPACE), ("state", "=", "ALIVE")])
    return {actor.name: actor.node_id for actor in actors}


def routes(campaign_id: str) -> dict[str, str]:
    """The actor name of each pool's shard that owns a campaign (as intake routes it)."""
    return {pool: Destination.owning(pool, campaign_id, SHARDS).slug for pool in POOLS}


# What each pool's shard answers about a campaign it owns: (pool, query, reply).
_ASKS = {"assets": ("production", GetAssets, AssetsView),
         "qc": ("qc", GetEvaluation, EvaluationView),
         "pack": ("delivery", GetPack, PackView)}


def ask_owner(rt: Runtime, campaign_id: str, pool: str, query: Any, reply: Any) -> Any:
    """What the shard of `pool` that owns the campaign answers to `query`, as JSON."""
    owner = str(Destination.owning(pool, campaign_id, SHARDS))
    return rt.ask_module(owner, query(campaign_id=campaign_id), reply).model_dump(mode="json")


def assets(rt: Runtime, campaign_id: str) -> list[dict[str, Any]]:
    """The campaign's assets, as its production shard answers."""
    return ask_owner(rt, campaign_id, *_ASKS["assets"])["assets"]


def history(rt: Runtime, campaign_id: str) -> dict[str, Any]:
    """What the campaign's production, QC and delivery shards answer about it."""
    return {key: ask_owner(rt, campaign_id, *ask) for key, ask in _ASKS.items()}


# --- the tests --------------------------------------------------------------------------------

def test_each_modules_rows_sit_in_its_own_schema_owned_by_its_own_role(runtime, store_url,
                                                                        tmp_path):
    view = runtime.submit(good_briefs(6), batch_id="pg-owners", out_dir=tmp_path / "packs",
                          pack_formats="data", review=AUTO_APPROVE).wait(timeout=300)
    assert view.counts == {"delivered": 6}

    # The actors got role URLs only: the administrator URL stayed in this driver.
    admin = make_url(store_url)
    assert runtime.settings.database_url is None
    database = admin.database
    for name in runtime.settings.store_names():
        schema, url = schema_name(name), make_url(runtime.settings.db_urls[name])
        role = role_name(database, schema)
        assert (url.username, url.database) == (role, database), name
        assert url.username != admin.username and url.password != admin.password
        [owner] = sql(store_url, "SELECT nspowner::regrole::text AS owner FROM pg_namespace "
                                 "WHERE nspname = $1", schema)
        assert owner["owner"] == role, name
        tables = sql(store_url, "SELECT tablename, tableowner FROM pg_tables "
                                "WHERE schemaname = $1", schema)
        names = {t["tablename"] for t in tables}
        # Every store is versioned; every module dedupes (the saga log has its own tables).
        expected = {"alembic_version"} | ({"sagas"} if name == "supervisor"
                                          else {"processed_messages"})
        assert expected <= names, (name, names)
        assert {t["tableowner"] for t in tables} == {role}, name
    assert sql(store_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == []

    # Each campaign's rows are in the schemas of the shards it is routed to, and only there.
    for campaign in view.campaigns:
        owners = routes(campaign.campaign_id)
        for pool, table in (("production", "assets"), ("qc", "evaluations"),
                            ("delivery", "packs")):
            found = {f"{pool}-{i}": count_in(store_url, schema_name(f"{pool}-{i}"), table,
                                             "campaign_id = $1", campaign.campaign_id)
                     for i in range(SHARDS)}
            assert {shard for shard, n in found.items() if n} == {owners[pool]}, (pool, found)

    # The server, not only our code, keeps a module out of another module's schema.
    qc_role = runtime.settings.db_urls["qc-0"]
    for other in ("production_0", "supervisor", "cam"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            sql(qc_role, f'SELECT count(*) FROM "{other}".processed_messages')
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        sql(qc_role, "CREATE TABLE public.intruder (x int)")
    own = sql(qc_role, "SELECT count(*) AS n FROM qc_0.processed_messages")[0]["n"]
    assert own == count_in(store_url, "qc_0", "processed_messages")  # its own: readable


def test_removing_a_worker_mid_batch_loses_no_history_and_no_review(cluster, runtime,
                                                                      store_url, tmp_path):
    builds_before = applied(store_url, "delivery", "BuildPack")

    # Campaigns parked in client review, their production shards covering every shard.
    review_ids = [s.campaign_id for s in submissions(good_briefs(REVIEWED), REVIEW_BATCH)]
    assert {routes(c)["production"] for c in review_ids} == {
        f"production-{i}" for i in range(SHARDS)}, "pick another REVIEW_BATCH id"
    reviews = runtime.submit(good_briefs(REVIEWED), batch_id=REVIEW_BATCH,
                             out_dir=tmp_path / "reviewed", window=REVIEWED,
                             pack_formats="data", review=ReviewSettings())
    parked = reviews.wait(timeout=300)
    assert parked.counts == {"awaiting_review": REVIEWED}

    # The batch a worker is removed from.
    out = tmp_path / "packs"
    handle = runtime.submit(good_briefs(N), batch_id="pg-worker-lost", out_dir=out, window=24,
                            pack_formats="data", review=AUTO_APPROVE)
    view = handle.progress()
    while view.finished < N * 20 // 100:
        view = handle.progress(wait_seconds=1.0)
    assert not view.done, "the batch finished before the fault: make it bigger"

    where = placement(cluster)
    shards_on = {node.node_id: [name for name, at in where.items()
                                if at == node.node_id and name.split("-")[0] in POOLS]
                 for node in cluster.worker_nodes}
    victim = max(cluster.worker_nodes, key=lambda node: len(shards_on[node.node_id]))
    lost = set(shards_on[victim.node_id])
    lost_actors = sorted(name for name, at in where.items() if at == victim.node_id)
    assert lost, "the victim hosts no shard"

    # What the lost shards hold about the campaigns they had finished, before the fault.
    finished = handle.progress(include_campaigns=True)
    done = [c.campaign_id for c in finished.campaigns if c.outcome == "delivered"]
    on_lost = [c for c in done if lost & set(routes(c).values())]
    for pool in POOLS:
        assert any(routes(c)[pool] in lost for c in on_lost), f"no finished campaign on a " \
                                                              f"lost {pool} shard"
    before = {c: history(runtime, c) for c in on_lost}
    rows_before = {name: {t: count_in(store_url, schema_name(name), t)
                          for t in ("processed_messages", *_TABLES[name.split("-")[0]])}
                   for name in lost}
    # The parked campaigns whose production shard goes down: ask for a new hook later.
    revised = [c for c in review_ids if routes(c)["production"] in lost]
    assert revised, "no parked campaign on a lost production shard"
    hooks = {}
    for c in revised:
        # A post whose hook opens its body (not an ad, whose hook is its first headline).
        asset = next(a for a in assets(runtime, c)
                     if a["hook"] and a["kind"] != "ad" and a["hook"] in a["body"])
        hooks[c] = (asset["asset_id"], asset["hook"])

    # Shown when the test fails: what the fault took away.
    print(f"removing {victim.node_id[:8]} with {lost_actors}: {len(on_lost)} finished "
          f"campaigns on its shards, {len(revised)} parked ones to revise "
          f"({view.finished}/{N} finished)")
    cluster.remove_node(victim)

    # Client decisions after the fault: changes where the production shard was lost.
    for c in review_ids:
        if c in hooks:
            change = RequestedChange(kind=ChangeKind.NEW_HOOK, asset_id=hooks[c][0],
                                     note="sharper, please")
            runtime.feedback(c, Decision.CHANGES_REQUESTED, changes=[change],
                             reviewer="dana@client.io")
        else:
            runtime.feedback(c, Decision.APPROVED, reviewer="dana@client.io")

    view = handle.wait(timeout=600)
    assert view.done and view.counts == {"delivered": N}
    assert len({c.campaign_id for c in view.campaigns}) == N
    assert len(pack_dirs(out)) == N
    for campaign in view.campaigns:
        assert_pack_intact(campaign.pack_dir, full=False)

    # The changed campaigns come back in a new round, their assets revised: approve them.
    round_two = reviews.wait(timeout=300)
    assert round_two.counts == {"awaiting_review": len(revised),
                                "delivered": REVIEWED - len(revised)}
    for c in revised:
        asset_id, old_hook = hooks[c]
        [asset] = [a for a in assets(runtime, c) if a["asset_id"] == asset_id]
        assert asset["hook"] and asset["hook"] != old_hook, c
        runtime.feedback(c, Decision.APPROVED, reviewer="dana@client.io")
    delivered = reviews.wait(timeout=300)
    assert delivered.done and delivered.counts == {"delivered": REVIEWED}
    for campaign in delivered.campaigns:
        assert_pack_intact(campaign.pack_dir, full=False)

    # One applied BuildPack per campaign, however often a step was resent.
    assert applied(store_url, "delivery", "BuildPack") - builds_before == N + REVIEWED

    # The lost shards' history is all there: the same answers, and no row gone.
    for c, seen in before.items():
        assert history(runtime, c) == seen, c
    for name, counts in rows_before.items():
        for table, n in counts.items():
            assert count_in(store_url, schema_name(name), table) >= n, (name, table)

    # Each actor of the lost node answers again, from a node that is left.
    ray.get([ray.get_actor(name, namespace=NAMESPACE).ready.remote() for name in lost_actors])
    moved = placement(cluster)
    survivors = {node.node_id for node in cluster.worker_nodes}
    assert {moved[name] for name in lost} == survivors, moved
    assert {moved[name] for name in lost_actors} <= survivors | {cluster.head_node.node_id}
