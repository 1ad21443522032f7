"""Retention's own tables. Nobody else reads or writes them.

Dates and datetimes are ISO text; lists of channels and the risk are JSON text. Every row
is written through the frame's `tx.rows(table).put`, an upsert by primary key.
"""

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

clients = Table(
    "clients",
    metadata,
    Column("client_id", String, primary_key=True),
    Column("client_name", String, nullable=False),
    Column("lifecycle", String, nullable=False),  # onboarding | active | at_risk | churned
    Column("contract_end", String),
    # contract_end, or the latest live campaign_end without one: what the churn sweep reads.
    Column("term_end", String, index=True),
    Column("overdue_invoices", Integer, nullable=False),
    Column("risk_json", Text),  # NULL while there is nothing to assess
    Column("upsell_json", Text, nullable=False),
    Column("updated_at", String, nullable=False),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("client_id", String, index=True),  # NULL for a tombstone of an unknown campaign
    Column("status", String, nullable=False),  # live | cancelled (tombstone)
    Column("delivered_at", String),
    Column("campaign_end", String),
    Column("channels_used_json", Text, nullable=False),
    Column("channels_unavailable_json", Text, nullable=False),
    Column("revision_rounds", Integer, nullable=False),
    Column("review_days", Float, nullable=False),
    Column("qc_score", Integer, nullable=False),
    Column("reason", Text),  # why it was cancelled
    Column("updated_at", String, nullable=False),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    Column("follow_up_id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("client_id", String, nullable=False, index=True),
    Column("kind", String, nullable=False),  # check_in | performance_review | renewal
    Column("due_on", String, nullable=False),
    Column("status", String, nullable=False),  # scheduled | done | cancelled
    Column("note", Text, nullable=False),
    Column("updated_at", String, nullable=False),
    Index("ix_follow_ups_status_due", "status", "due_on"),
)
