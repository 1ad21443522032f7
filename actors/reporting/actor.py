"""The reporting module: records how every campaign ended, and builds batch and client reports.

Append-only, so it offers no compensation. Reports are written on the node this actor runs
on; on a cluster, `out_dir` must be a path that node can write (a shared volume when the
actor may move).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from actors._kernel import ModuleActor, ModuleError, NotFound, Route, Tx
from actors._kernel.housekeeping import count
from actors._text import plural
from contracts.common import Contract
from contracts.envelope import Envelope, ErrorCode
from contracts.reporting import (
    BuildClientReport,
    BuildReport,
    GetFigures,
    ListOutcomes,
    OutcomeList,
    OutcomeRecorded,
    OutcomeRow,
    Receivable,
    RecordOutcome,
    ReportBuilt,
    ReportFigures,
)

from . import _tables as t
from ._events import load_events, outcome_row, step_rows
from ._figures import figures, latest_per_campaign
from ._files import json_twin, write_report
from ._html import render_page

# Failures no retry will fix: the directory is not ours to write.
_PERMANENT_IO = (PermissionError, NotADirectoryError, FileExistsError, IsADirectoryError)


class ReportingActor(ModuleActor):
    module = "reporting"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"

    async def prune_history(self, tx: Tx, before: datetime) -> int:
        """Outcome events are history: past the retention horizon they go, with their
        step timings (reports of batches that old can no longer be rebuilt)."""
        old = select(t.outcomes.c.event_id).where(t.outcomes.c.finished_at < before.isoformat())
        pruned = (await count(tx, t.outcomes, t.outcomes.c.event_id.in_(old))
                  + await count(tx, t.step_timings, t.step_timings.c.event_id.in_(old)))
        tx.write(delete(t.step_timings).where(t.step_timings.c.event_id.in_(old)), {})
        tx.write(delete(t.outcomes).where(t.outcomes.c.event_id.in_(old)), {})
        return pruned

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(RecordOutcome, self._record),
            Route(BuildReport, self._build_batch),
            Route(BuildClientReport, self._build_client),
            Route(GetFigures, self._figures, is_query=True),
            Route(ListOutcomes, self._list, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        await tx.rows(t.outcomes).load(
            [m.event_id for _, m in commands if isinstance(m, RecordOutcome)])

    async def _record(self, tx: Tx, cmd: RecordOutcome, env: Envelope) -> OutcomeRecorded:
        outcomes = tx.rows(t.outcomes)
        if await outcomes.get(cmd.event_id) is not None:  # a resend, perhaps under a new id
            return OutcomeRecorded(event_id=cmd.event_id, stored=False)
        outcomes.put(outcome_row(cmd, self.clock.now()), t.insert_outcome)
        steps = tx.rows(t.step_timings)
        for row in step_rows(cmd):
            steps.put(row, t.insert_step)
        return OutcomeRecorded(event_id=cmd.event_id, stored=True)

    async def _build_batch(self, tx: Tx, cmd: BuildReport, env: Envelope) -> ReportBuilt:
        events = await load_events(tx, batch_id=cmd.batch_id)
        if not events:
            raise NotFound(f"no outcomes recorded for batch {cmd.batch_id}")
        return self._publish(cmd.batch_id, f"Batch report: {cmd.batch_id}",
                             f"Batch {cmd.batch_id}", events, cmd.receivables, cmd.out_dir)

    async def _build_client(self, tx: Tx, cmd: BuildClientReport, env: Envelope) -> ReportBuilt:
        events = await load_events(tx, client_id=cmd.client_id)
        if not events:
            raise NotFound(f"no outcomes recorded for client {cmd.client_id}")
        named = sorted((e for e in events if e.client_name),
                       key=lambda e: (e.finished_at, e.event_id))
        client = named[-1].client_name if named else cmd.client_id  # the latest name used
        batches = len({e.batch_id for e in events})
        return self._publish(f"client-{cmd.client_id}", f"Client report: {client}",
                             f"Client {cmd.client_id}, across "
                             f"{plural(batches, 'batch', 'batches')}", events,
                             cmd.receivables, cmd.out_dir)

    def _publish(self, name: str, title: str, scope: str, events: list[RecordOutcome],
                 receivables: list[Receivable], out_dir: str) -> ReportBuilt:
        """Compute the figures, render both files and write them into `out_dir`."""
        # matplotlib (and numpy under it) comes in with the first report: about 40 MiB
        # that the reporting actor does not need to record outcomes.
        from . import _charts as charts

        figs = figures(events, receivables)
        generated_at = self.clock.now()
        svgs = {"outcomes": charts.outcomes_chart(figs.outcomes),
                "qc": charts.qc_chart(figs.qc.buckets),
                "latency": charts.latency_chart(figs.latency),
                "revenue": charts.revenue_chart(figs.revenue)}
        html = render_page(title, scope, generated_at, figs, svgs)
        try:
            html_path, json_path = write_report(out_dir, name, html,
                                                json_twin(name, generated_at, figs))
        except ValueError as exc:  # a name that is not a safe path
            raise ModuleError(str(exc), code=ErrorCode.BAD_PAYLOAD) from exc
        except OSError as exc:
            raise ModuleError(f"cannot write report under {out_dir}: {exc}",
                              code=ErrorCode.IO_FAILED,
                              retryable=not isinstance(exc, _PERMANENT_IO)) from exc
        return ReportBuilt(batch_id=name, html_path=html_path, json_path=json_path,
                           campaigns=figs.campaigns, figures=figs)

    async def _figures(self, tx: Tx, query: GetFigures, env: Envelope) -> ReportFigures:
        events = await load_events(tx, batch_id=query.batch_id, client_id=query.client_id)
        if not events:
            scope = f"batch {query.batch_id}" if query.batch_id else f"client {query.client_id}"
            raise NotFound(f"no outcomes recorded for {scope}")
        return figures(events, [])

    async def _list(self, tx: Tx, query: ListOutcomes, env: Envelope) -> OutcomeList:
        campaigns = latest_per_campaign(await load_events(tx, batch_id=query.batch_id))
        return OutcomeList(outcomes=[
            OutcomeRow(campaign_id=c.campaign_id, outcome=c.outcome, reason=c.reason,
                       qc_score=c.qc_score, revision_rounds=c.revision_rounds,
                       finished_at=c.finished_at)
            for c in campaigns[:query.limit]])
