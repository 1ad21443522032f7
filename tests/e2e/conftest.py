"""A three-node Ray cluster on this machine: a head and two workers, one CPU each.

Every node here shares this machine's filesystem, so a shard that Ray restarts on another
node reopens the same SQLite file. On a real cluster that only holds with a shared volume,
pinned placement or per-module database URLs: the documented storage story.
"""

from __future__ import annotations

import pytest
import ray
from ray.cluster_utils import Cluster

from runtime import Runtime, Settings

WORKERS = 2
SHARDS = 3


@pytest.fixture(scope="module")
def cluster():
    # The integration tier's embedded Ray (a session fixture) is still up when this tier
    # starts; a driver joins one Ray at a time. ray.shutdown() is safe to repeat, so that
    # fixture's own teardown at session end has nothing left to do.
    if ray.is_initialized():
        ray.shutdown()
    # The dashboard serves the state API that tells which node hosts each actor.
    nodes = Cluster(initialize_head=True,
                    head_node_args={"num_cpus": 1, "include_dashboard": True})
    for _ in range(WORKERS):
        nodes.add_node(num_cpus=1, resources={"worker": 1})
    nodes.wait_for_nodes()
    yield nodes
    nodes.shutdown()


@pytest.fixture(scope="module")
def runtime(cluster, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("aicmo-e2e-data")
    rt = Runtime.connect(cluster.address, Settings(
        data_dir=str(data_dir), production_shards=SHARDS, qc_shards=SHARDS,
        delivery_shards=SHARDS))
    yield rt
    rt.shutdown()
    ray.shutdown()  # a connected runtime leaves the cluster up: disconnect before removing it

