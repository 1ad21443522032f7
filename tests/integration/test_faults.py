"""Killing actors mid-batch: every campaign still ends in exactly one outcome, once."""

from __future__ import annotations

import pytest
import ray

from contracts.supervisor import AUTO_APPROVE
from tests.integration.checks import assert_pack_intact, good_briefs, pack_dirs, processed_count

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]
N = 400


def run_until_some_finished(runtime, out_dir, batch_id):
    handle = runtime.submit(good_briefs(N), batch_id=batch_id, out_dir=out_dir, window=64,
                            pack_formats="data", review=AUTO_APPROVE)
    view = handle.progress()
    while view.finished < N // 10:
        view = handle.progress(wait_seconds=1.0)
    assert not view.done, "the batch finished before the fault: make it bigger"
    return handle


def assert_delivered_exactly_once(runtime, view, out_dir, builds_before):
    assert view.done and view.counts == {"delivered": N}
    assert len({c.campaign_id for c in view.campaigns}) == N
    assert len(pack_dirs(out_dir)) == N
    for campaign in view.campaigns:
        assert_pack_intact(campaign.pack_dir, full=False)
    builds = processed_count(runtime.settings.data_dir, "delivery", "BuildPack") - builds_before
    assert builds == N  # one applied BuildPack per campaign, however often it was resent


@pytest.mark.parametrize("victims", [("strategy",), ("production/0", "qc/1", "delivery/0")])
def test_module_actors_killed_mid_batch(runtime, tmp_path, victims):
    before = processed_count(runtime.settings.data_dir, "delivery", "BuildPack")
    out = tmp_path / "packs"
    # a batch id is path-safe: no "/" from the destination names
    handle = run_until_some_finished(runtime, out, "kill-" + "-".join(victims).replace("/", ""))
    for victim in victims:
        ray.kill(runtime.handle_of(victim), no_restart=False)
    assert_delivered_exactly_once(runtime, handle.wait(timeout=300), out, before)


@pytest.mark.parametrize("restart", ["ray-restarts-it", "driver-replaces-it"])
def test_supervisor_killed_mid_batch_resumes_from_its_log(runtime, tmp_path, restart):
    before = processed_count(runtime.settings.data_dir, "delivery", "BuildPack")
    out = tmp_path / "packs"
    handle = run_until_some_finished(runtime, out, f"supervisor-{restart}")
    ray.kill(runtime.handle_of("supervisor"), no_restart=restart == "driver-replaces-it")
    assert_delivered_exactly_once(runtime, handle.wait(timeout=300), out, before)
