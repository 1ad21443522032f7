"""A three-node Ray cluster on this machine, placed as deploy/README.md documents: the head
(one CPU) offers the state resource, so onboarding, strategy and the supervisor live there;
two workers (one CPU each) offer the shard resource and host the production, QC and
delivery shards.

Every node here shares this machine's filesystem, so a shard that Ray restarts on another
node reopens its own SQLite file. On a real cluster each worker has its own disk and the
shard starts on a new, empty file (see "what a lost worker costs" in deploy/README.md).
"""

from __future__ import annotations

import pytest
import ray
from ray.cluster_utils import Cluster

from runtime import Runtime, Settings

STATE, SHARD = "aicmo_state", "aicmo_shard"
WORKERS = 2
SHARDS = 3


@pytest.fixture(scope="module")
def cluster():
    # The integration tier's embedded Ray (a session fixture) is still up when this tier
    # starts, and a driver joins one Ray at a time. ray.shutdown() is safe to repeat, so
    # that fixture's own teardown at session end has nothing left to do.
    if ray.is_initialized():
        ray.shutdown()
    # The dashboard serves the state API, which tells on which node each actor runs.
    nodes = Cluster(initialize_head=True, head_node_args={
        "num_cpus": 1, "include_dashboard": True, "resources": {STATE: 1}})
    for _ in range(WORKERS):
        nodes.add_node(num_cpus=1, resources={SHARD: 1})
    nodes.wait_for_nodes()
    yield nodes
    nodes.shutdown()


@pytest.fixture(scope="module")
def runtime(cluster, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("aicmo-e2e-data")
    rt = Runtime.connect(cluster.address, Settings(
        data_dir=str(data_dir), state_resource=STATE, shard_resource=SHARD,
        production_shards=SHARDS, qc_shards=SHARDS, delivery_shards=SHARDS))
    yield rt
    rt.shutdown()
    ray.shutdown()  # a connected runtime leaves the cluster up: disconnect before removing it
