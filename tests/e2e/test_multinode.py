"""Scaling out: every shard pool spreads over the workers while the state stays on the head,
and losing a worker mid-batch loses nothing: its shards come back on the worker that is
left, and every campaign is delivered exactly once.
"""

from __future__ import annotations

import ray
from ray.util.state import list_actors

from contracts.supervisor import AUTO_APPROVE
from runtime import NAMESPACE
from tests.e2e.conftest import SHARDS
from tests.integration.checks import assert_pack_intact, good_briefs, pack_dirs, processed_count

POOLS = ("production", "qc", "delivery")
STATEFUL = ("onboarding", "strategy", "supervisor")
N = 150


def placement(cluster) -> dict[str, str]:
    """Node id of every live actor in the runtime's namespace, by actor name."""
    actors = list_actors(address=cluster.address, limit=1000,
                         filters=[("ray_namespace", "=", NAMESPACE), ("state", "=", "ALIVE")])
    return {actor.name: actor.node_id for actor in actors}


def worker_ids(cluster) -> set[str]:
    return {node.node_id for node in cluster.worker_nodes}


def test_pools_spread_over_workers_and_state_stays_on_head(cluster, runtime):
    where = placement(cluster)
    for pool in POOLS:
        assert {where[f"{pool}-{i}"] for i in range(SHARDS)} == worker_ids(cluster), pool
    assert {where[name] for name in STATEFUL} == {cluster.head_node.node_id}


def test_worker_removed_mid_batch_delivers_every_campaign_once(cluster, runtime, tmp_path):
    before = processed_count(runtime.settings.data_dir, "delivery", "BuildPack")
    out = tmp_path / "packs"
    handle = runtime.submit(good_briefs(N), batch_id="worker-lost", out_dir=out, window=32,
                            pack_formats="data", review=AUTO_APPROVE)
    view = handle.progress()
    while view.finished < N * 15 // 100:
        view = handle.progress(wait_seconds=1.0)
    assert not view.done, "the batch finished before the fault: make it bigger"

    where = placement(cluster)
    victim = max(cluster.worker_nodes, key=lambda node: list(where.values()).count(node.node_id))
    lost = sorted(name for name, node in where.items() if node == victim.node_id)
    assert lost, "the victim hosts no actor"
    cluster.remove_node(victim)

    view = handle.wait(timeout=240)
    assert view.done and view.counts == {"delivered": N}
    assert len({c.campaign_id for c in view.campaigns}) == N
    assert len(pack_dirs(out)) == N
    for campaign in view.campaigns:
        assert_pack_intact(campaign.pack_dir, full=False)
    builds = processed_count(runtime.settings.data_dir, "delivery", "BuildPack") - before
    assert builds == N  # one applied BuildPack per campaign, however often it was resent

    # Each actor of the lost node answers again, from the one worker that is left.
    ray.get([ray.get_actor(name, namespace=NAMESPACE).ready.remote() for name in lost])
    moved = placement(cluster)
    assert {moved[name] for name in lost} == worker_ids(cluster), moved
