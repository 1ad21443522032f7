"""Campaign latency from a finished batch's view, as the benchmarks print it."""

from __future__ import annotations

import statistics

from contracts.supervisor import BatchView


def latencies_ms(view: BatchView) -> list[float]:
    """Each finished campaign's time from its saga's start to its end, sorted."""
    return sorted((c.finished_at - c.started_at).total_seconds() * 1000
                  for c in view.campaigns if c.started_at and c.finished_at)


def p50_p99(view: BatchView) -> tuple[float, float]:
    """The median and the 99th percentile (nearest rank) of the campaigns' latencies."""
    lat = latencies_ms(view)
    return statistics.median(lat), lat[min(len(lat) - 1, int(len(lat) * 0.99))]
