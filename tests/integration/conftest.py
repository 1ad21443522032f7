"""One embedded Ray for the whole integration session, with a fixed CPU count."""

from __future__ import annotations

import pytest

from runtime import Runtime, Settings


@pytest.fixture(scope="session")
def runtime(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("aicmo-data")
    rt = Runtime.start(Settings(data_dir=str(data_dir), production_shards=2, qc_shards=2,
                                delivery_shards=2),
                       num_cpus=2)
    yield rt
    rt.shutdown()
