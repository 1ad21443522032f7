"""Strategy's own tables: one row per strategy version."""

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

strategies = Table(
    "strategies",
    metadata,
    Column("strategy_id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("status", String, nullable=False),  # generated | approved | discarded (tombstone)
    Column("doc_json", Text),  # NULL once discarded
    Column("approved_by", String),
    Column("approved_at", String),
    Column("reason", Text),
    Column("updated_at", String, nullable=False),
)
