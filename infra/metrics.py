"""The metrics port: what the runtime measures, named once, recorded through one method.

Supervisors and actors call `metrics.record(name, value, **tags)`; runtime.py backs it
with ray.util.metrics (exported to Prometheus as ray_<name>, counters also as _total).
In-process wiring has no exporter, so it gets NullMetrics unless a caller passes one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricSpec:
    name: str
    kind: str  # counter | histogram | gauge
    description: str
    tags: tuple[str, ...] = ()
    boundaries: tuple[float, ...] = ()


_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SPECS: dict[str, MetricSpec] = {spec.name: spec for spec in (
    MetricSpec("aicmo_sagas_started", "counter", "Campaign sagas that began running"),
    MetricSpec("aicmo_sagas_finished", "counter",
               "Campaign sagas that reached a terminal outcome", ("outcome",)),
    MetricSpec("aicmo_campaigns_in_flight", "gauge", "Campaign sagas running now"),
    MetricSpec("aicmo_window_occupancy", "gauge",
               "Sagas in flight as a share of the open batches' windows (0-1)"),
    MetricSpec("aicmo_step_latency_seconds", "histogram",
               "Send-to-reply time of a saga step, retries included", ("module", "step"),
               _LATENCY),
    MetricSpec("aicmo_step_retries", "counter", "Saga step attempts that were retried",
               ("step",)),
    MetricSpec("aicmo_compensations", "counter", "Compensations that succeeded", ("step",)),
    MetricSpec("aicmo_dead_letters", "counter",
               "Steps whose retryable error outlasted every retry, parked for an operator",
               ("step",)),
    MetricSpec("aicmo_compensation_failures", "counter",
               "Compensations that kept failing: parked on a dead letter or recorded",
               ("step",)),
    MetricSpec("aicmo_outcomes_quarantined", "counter",
               "Finished sagas' outcomes set aside instead of reported (invalid, or refused "
               "for good): their saga rows have reported_at 'quarantined:<time>'"),
    MetricSpec("aicmo_saga_log_failures", "counter",
               "Saga log writes that failed after their retries; the saga is queued again"),
    MetricSpec("aicmo_invoices_untaxed", "counter",
               "Invoices issued without tax because no tax rule covers the campaign's "
               "place; each carries a tax_note for the agency to review"),
    MetricSpec("aicmo_qc_score", "histogram", "QC scores of evaluated creative", (),
               (10, 20, 30, 40, 50, 60, 70, 80, 90, 100)),
    MetricSpec("aicmo_messages_applied", "counter", "Commands a module applied",
               ("module", "type")),
    MetricSpec("aicmo_redeliveries_deduplicated", "counter",
               "Commands answered from the dedupe table instead of applied again",
               ("module",)),
    MetricSpec("aicmo_frame_messages", "histogram", "Messages per frame a module received",
               ("module",), (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)),
)}


class Metrics:
    """Port. `record` counts (counter), observes (histogram) or sets (gauge) by the spec."""

    def record(self, name: str, value: float = 1.0, **tags: str) -> None:
        raise NotImplementedError


class NullMetrics(Metrics):
    """Where nothing exports metrics (in-process wiring, unit tests): checks, keeps nothing."""

    def record(self, name: str, value: float = 1.0, **tags: str) -> None:
        spec = SPECS[name]  # an unknown name or tag is a bug wherever it is recorded
        if set(tags) != set(spec.tags):
            raise ValueError(f"{name} takes tags {spec.tags}, got {tuple(tags)}")
