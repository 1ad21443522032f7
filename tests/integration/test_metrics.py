"""The custom metrics reach Prometheus: run work that exercises each, then scrape."""

from __future__ import annotations

import re
import time
import urllib.request

import pytest
import ray

from contracts.codec import decode_replies
from contracts.onboarding import DiscardBrief
from contracts.supervisor import AUTO_APPROVE
from runtime import request
from tests.integration.checks import good_briefs
from tests.integration.test_batches import by_note

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]
SERIES = re.compile(r"^(ray_aicmo_\w+)\{([^}]*)\} ([0-9.e+-]+)$")


def scrape(port: int) -> dict[str, list[tuple[str, float]]]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
    found: dict[str, list[tuple[str, float]]] = {}
    for line in text.decode().splitlines():
        match = SERIES.match(line)
        if match:
            found.setdefault(match[1], []).append((match[2], float(match[3])))
    return found


def total(found: dict, name: str, label: str = "") -> float:
    return sum(value for labels, value in found.get(name, []) if label in labels)


def exercise_everything(runtime, tmp_path) -> None:
    """Deliveries, compensations, a lost actor (retries) and a redelivered command."""
    handle = runtime.submit(good_briefs(60) + by_note("QC fails the strategy document"),
                            out_dir=tmp_path, pack_formats="data", window=16, review=AUTO_APPROVE)
    while handle.progress().finished < 10:
        handle.progress(wait_seconds=0.25)
    # Gone for good, so in-flight calls fail and sagas retry; then an operator brings it
    # back (a restartable actor's calls are retried by Ray itself, invisible to the saga).
    ray.kill(runtime.handle_of("strategy"), no_restart=True)
    runtime.ensure_actors()
    handle.wait(timeout=300)
    frame = request(DiscardBrief(campaign_id="metrics-probe", reason="probe"), "metrics-probe")
    onboarding = runtime.handle_of("onboarding")
    for _ in range(2):  # the same message id twice: the second is deduplicated
        [reply] = decode_replies(ray.get(onboarding.handle.remote(frame)))
        assert reply.ok


def test_every_exercised_metric_is_scraped_with_sane_values(runtime, tmp_path):
    exercise_everything(runtime, tmp_path)
    wanted = {"ray_aicmo_sagas_started_total", "ray_aicmo_sagas_finished_total",
              "ray_aicmo_campaigns_in_flight", "ray_aicmo_window_occupancy",
              "ray_aicmo_step_latency_seconds_count", "ray_aicmo_step_retries_total",
              "ray_aicmo_compensations_total", "ray_aicmo_qc_score_count",
              "ray_aicmo_messages_applied_total", "ray_aicmo_redeliveries_deduplicated_total",
              "ray_aicmo_frame_messages_count"}
    deadline = time.monotonic() + 90  # Ray's agent exports on an interval, not on demand
    found = scrape(runtime.metrics_port)
    while unmet(found, wanted) and time.monotonic() < deadline:
        time.sleep(1)
        found = scrape(runtime.metrics_port)
    assert unmet(found, wanted) == []


def unmet(found: dict, wanted: set[str]) -> list[str]:
    """Every expectation the scrape does not meet yet: a name missing or a value too low."""
    missing = [f"missing {name}" for name in sorted(wanted - found.keys())]
    floors = [
        ("ray_aicmo_sagas_finished_total", 'outcome="delivered"', 60),
        ("ray_aicmo_sagas_finished_total", 'outcome="compensated"', 2),
        ("ray_aicmo_sagas_started_total", "", 62),
        ("ray_aicmo_step_latency_seconds_count", 'module="qc"', 62),
        ("ray_aicmo_compensations_total", 'step="onboard"', 2),
        ("ray_aicmo_step_retries_total", "", 1),
        ("ray_aicmo_redeliveries_deduplicated_total", 'module="onboarding"', 1),
        ("ray_aicmo_qc_score_count", "", 62),
    ]
    low = [f"{name}{{{label}}} < {floor}" for name, label, floor in floors
           if total(found, name, label) < floor]
    occupancy = total(found, "ray_aicmo_window_occupancy")
    return missing + low + ([] if 0 <= occupancy <= 1 else [f"occupancy {occupancy}"])
