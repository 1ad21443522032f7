"""Reporting: an append-only record of every finished campaign, and the reports built on it.

The supervisor records one outcome per finished saga (and may resend it: the event id makes
that safe) and asks for a batch or client report; billing's receivables reach reporting only
through the supervisor, inside the command.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, AwareDatetime, Field, model_validator

from contracts.common import CAMPAIGN_ID_PATTERN, AbsoluteDir, Contract, Round

OutcomeName = Literal["delivered", "compensated", "rejected", "cancelled", "compensation_failed"]
OUTCOME_NAMES: tuple[str, ...] = get_args(OutcomeName)  # the order reports list them in
QC_BUCKETS: tuple[str, ...] = ("0-59", "60-69", "70-79", "80-89", "90-100")


def _report_name(value: str) -> str:
    # The name becomes <out_dir>/<name>.html: one plain path component, nothing to climb with.
    if ".." in value:
        raise ValueError(f"{value!r} may not contain '..'")
    return value


ReportName = Annotated[str, Field(pattern=CAMPAIGN_ID_PATTERN), AfterValidator(_report_name)]


class StepTiming(Contract):
    """How long one saga step took, send to final reply, retries included."""

    step: str = Field(min_length=1, max_length=64)
    module: str = Field(min_length=1, max_length=64)
    started_at: AwareDatetime
    finished_at: AwareDatetime
    attempts: int = Field(ge=1, le=10_000)

    @model_validator(mode="after")
    def _ordered(self) -> StepTiming:
        if self.finished_at < self.started_at:
            raise ValueError(f"step {self.step} finished before it started")
        return self


class RecordOutcome(Contract):
    """Record how one campaign's saga ended. Append-only and idempotent by `event_id`: an
    event id seen before is not stored again, whatever message carries it."""

    event_id: str = Field(min_length=1, max_length=64)
    batch_id: str = Field(min_length=1, max_length=64)
    campaign_id: str = Field(min_length=1, max_length=64)
    client_id: str | None = Field(default=None, max_length=64)
    client_name: str | None = Field(default=None, max_length=200)
    outcome: OutcomeName
    state: str = Field(max_length=64, description="the project state the saga ended in")
    reason: str | None = None
    qc_score: int | None = Field(default=None, ge=0, le=100)
    revision_rounds: Round = 0
    review_rounds: Round = 0
    compensated_steps: list[str] = Field(default=[], description="steps undone, in undo order")
    compensation_failures: list[str] = []
    invoice_total: Decimal | None = None
    currency: str | None = Field(default=None, max_length=8)
    steps: list[StepTiming] = Field(default=[], max_length=1000)
    started_at: AwareDatetime | None = None
    finished_at: AwareDatetime


class OutcomeRecorded(Contract):
    event_id: str
    stored: bool = Field(description="False when the event id was already recorded")


class Receivable(Contract):
    """One invoice as billing sees it, passed in by the supervisor."""

    campaign_id: str
    invoice_id: str
    number: str
    currency: str
    total: Decimal
    paid: Decimal
    outstanding: Decimal
    status: str = Field(description="billing's status; 'void' invoices count for nothing")


class BuildReport(Contract):
    """Write `<out_dir>/<batch_id>.html` and its JSON twin from the batch's recorded events."""

    batch_id: ReportName = Field(description="path-safe: names the files")
    out_dir: AbsoluteDir = Field(description="created if missing")
    receivables: list[Receivable] = []


class BuildClientReport(Contract):
    """The same report over every recorded event of one client, across batches:
    `<out_dir>/client-<client_id>.html` and `.json`."""

    client_id: ReportName
    out_dir: AbsoluteDir
    receivables: list[Receivable] = []


class QcDistribution(Contract):
    """QC scores of the campaigns that were scored; the statistics are None when none were."""

    scored: int
    unscored: int
    min: int | None
    median: float | None
    mean: float | None = Field(description="rounded to 2 decimals")
    max: int | None
    buckets: dict[str, int] = Field(description="campaigns per score band, keys QC_BUCKETS")


class CompensationRow(Contract):
    """A campaign whose completed work was undone (or whose undoing failed)."""

    campaign_id: str
    outcome: str
    reason: str | None
    steps_undone: list[str]
    failures: list[str]


class StepLatency(Contract):
    """A saga step's latency in seconds over the report's campaigns, by nearest rank."""

    step: str
    module: str
    count: int
    p50: float
    p90: float
    p99: float
    max: float
    retries: int = Field(description="attempts beyond the first, summed")


class Revenue(Contract):
    """Invoiced (sum of totals) and outstanding amounts in one currency, void excluded."""

    currency: str
    invoiced: Decimal
    outstanding: Decimal
    invoices: int


class ReportFigures(Contract):
    """Every figure a report shows; the JSON twin of a report is exactly these."""

    campaigns: int
    outcomes: dict[str, int] = Field(description="every outcome name, zero when none")
    qc: QcDistribution
    revision_rounds: dict[str, int] = Field(description="campaigns per number of rounds")
    review_rounds: dict[str, int]
    compensations: list[CompensationRow]
    latency: list[StepLatency] = Field(description="in saga order")
    revenue: list[Revenue] = Field(description="by currency code")


class ReportBuilt(Contract):
    batch_id: str = Field(description="the report's name: the batch id or client-<client_id>")
    html_path: str
    json_path: str
    campaigns: int
    figures: ReportFigures


class GetFigures(Contract):
    """The figures of a batch or of a client (exactly one), computed now; no files."""

    batch_id: str | None = None
    client_id: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> GetFigures:
        if (self.batch_id is None) == (self.client_id is None):
            raise ValueError("give exactly one of batch_id and client_id")
        return self


class ListOutcomes(Contract):
    batch_id: str
    limit: int = Field(default=10_000, ge=1, le=10_000)


class OutcomeRow(Contract):
    campaign_id: str
    outcome: str
    reason: str | None
    qc_score: int | None
    revision_rounds: int
    finished_at: datetime


class OutcomeList(Contract):
    """A batch's campaigns (latest outcome of each), by finish time."""

    outcomes: list[OutcomeRow]


COMMANDS = (RecordOutcome, BuildReport, BuildClientReport)
QUERIES = (GetFigures, ListOutcomes)
REPLIES = (OutcomeRecorded, ReportBuilt, ReportFigures, OutcomeList)
