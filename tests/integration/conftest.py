"""One embedded Ray for the whole integration session, with a fixed CPU count and a
Prometheus metrics port on loopback."""

from __future__ import annotations

import socket

import pytest

from runtime import Runtime, Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def runtime(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("aicmo-data")
    rt = Runtime.start(Settings(data_dir=str(data_dir), production_shards=2, qc_shards=2,
                                delivery_shards=2),
                       num_cpus=2, metrics_export_port=free_port())
    yield rt
    rt.shutdown()
