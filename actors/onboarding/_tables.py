"""Onboarding's own tables. Nobody else reads or writes them."""

from sqlalchemy import Column, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

briefs = Table(
    "briefs",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("status", String, nullable=False),  # live | rejected | discarded (tombstone)
    Column("client_name", String, nullable=False),
    Column("brief_json", Text),  # the normalized brief; NULL once discarded
    Column("problems_json", Text, nullable=False),
    Column("reason", Text),
    Column("updated_at", String, nullable=False),
)
