"""Client review's own tables. Nobody else reads or writes them."""

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

# One row per review round. The newest round of a campaign is the one feedback applies to.
reviews = Table(
    "reviews",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("review_id", String, nullable=False),
    Column("client_id", String, nullable=False),
    Column("client_name", String, nullable=False),
    Column("qc_score", Integer, nullable=False),
    Column("preview_json", Text, nullable=False),
    Column("status", String, nullable=False),  # pending | approved | changes_requested | ...
    Column("changes_json", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("reviewer", String),
    Column("requested_at", String, nullable=False),
    Column("due_at", String, nullable=False),
    Column("decided_at", String),
    Column("escalated_at", String),
)

# A campaign's tombstone: once its reviews are withdrawn (compensation), no round reopens.
withdrawn = Table(
    "withdrawn",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("withdrawn_at", String, nullable=False),
)
