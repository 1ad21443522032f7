"""Scaling out: shard pools spread over the nodes, and losing a worker node mid-batch loses
nothing: its actors come back on the nodes that remain and every campaign is delivered once.
"""

from __future__ import annotations

import ray
from ray.util.state import list_actors

from runtime import NAMESPACE
from tests.e2e.conftest import SHARDS
from tests.integration.checks import assert_pack_intact, good_briefs, pack_dirs, processed_count

POOLS = ("production", "qc", "delivery")
N = 150


def placement(cluster) -> dict[str, str]:
    """Node id of every live actor in the runtime's namespace, by actor name."""
    actors = list_actors(address=cluster.address, limit=1000,
                         filters=[("ray_namespace", "=", NAMESPACE), ("state", "=", "ALIVE")])
    return {actor.name: actor.node_id for actor in actors}


def shard_names() -> list[str]:
    return [f"{pool}-{i}" for pool in POOLS for i in range(SHARDS)]


def test_each_pool_spreads_over_nodes(cluster, runtime):
    where = placement(cluster)
    assert len({node.node_id for node in cluster.list_all_nodes()}) == 3
    for pool in POOLS:
        nodes = {where[f"{pool}-{i}"] for i in range(SHARDS)}
        assert len(nodes) >= 2, f"{pool} shards all on one node"


def busiest_worker(cluster, where: dict[str, str]):
    """The worker node hosting the most shards (the driver's head node cannot be removed)."""
    shards = [where[name] for name in shard_names()]
    victim = max(cluster.worker_nodes, key=lambda node: shards.count(node.node_id))
    assert victim.node_id in shards, "no shard on any worker node"
    return victim


def test_worker_node_removed_mid_batch(cluster, runtime, tmp_path):
    before = processed_count(runtime.settings.data_dir, "delivery", "BuildPack")
    out = tmp_path / "packs"
    handle = runtime.submit(good_briefs(N), batch_id="node-lost", out_dir=out, window=32,
                            pack_formats="data")
    view = handle.progress()
    while view.finished < N * 15 // 100:
        view = handle.progress(wait_seconds=1.0)
    assert not view.done, "the batch finished before the fault: make it bigger"

    where = placement(cluster)
    victim = busiest_worker(cluster, where)
    lost = sorted(name for name, node in where.items() if node == victim.node_id)
    cluster.remove_node(victim)

    view = handle.wait(timeout=240)
    assert view.done and view.counts == {"delivered": N}
    assert len({c.campaign_id for c in view.campaigns}) == N
    assert len(pack_dirs(out)) == N
    for campaign in view.campaigns:
        assert_pack_intact(campaign.pack_dir, full=False)
    builds = processed_count(runtime.settings.data_dir, "delivery", "BuildPack") - before
    assert builds == N  # one applied BuildPack per campaign, however often it was resent

    # Each actor of the lost node answers again, from a node that is still there.
    ray.get([ray.get_actor(name, namespace=NAMESPACE).ready.remote() for name in lost])
    moved = placement(cluster)
    assert all(moved[name] != victim.node_id for name in lost), moved
