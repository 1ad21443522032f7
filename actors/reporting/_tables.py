"""Reporting's own tables: append-only outcome events and their step timings."""

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

from actors._kernel import insert_ignore, processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

outcomes = Table(
    "outcomes",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("batch_id", String, nullable=False),
    Column("campaign_id", String, nullable=False),
    Column("client_id", String),
    Column("client_name", String),
    Column("outcome", String, nullable=False),
    Column("state", String, nullable=False),
    Column("reason", Text),
    Column("qc_score", Integer),
    Column("revision_rounds", Integer, nullable=False),
    Column("review_rounds", Integer, nullable=False),
    Column("compensated_steps_json", Text, nullable=False),
    Column("compensation_failures_json", Text, nullable=False),
    Column("invoice_total", String),  # Decimal as text: exact
    Column("currency", String),
    Column("started_at", String),
    Column("finished_at", String, nullable=False),
    Column("recorded_at", String, nullable=False),
    Index("ix_outcomes_batch", "batch_id"),
    Index("ix_outcomes_client", "client_id"),
)

step_timings = Table(
    "step_timings",
    metadata,
    Column("event_id", String, ForeignKey("outcomes.event_id"), primary_key=True),
    Column("position", Integer, primary_key=True),  # the step's place in the saga run
    Column("step", String, nullable=False),
    Column("module", String, nullable=False),
    Column("started_at", String, nullable=False),
    Column("finished_at", String, nullable=False),
    Column("attempts", Integer, nullable=False),
)

# Events are never rewritten: the handler skips known event ids, and an insert-ignore keeps
# a duplicate that slipped past it from failing the whole frame.
insert_outcome = insert_ignore(outcomes)
insert_step = insert_ignore(step_timings)
