"""A production shard's own tables: the campaigns it owns and their assets."""

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

productions = Table(
    "productions",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("status", String, nullable=False),  # live | discarded (tombstone)
    Column("strategy_id", String, nullable=False),
    Column("asset_count", Integer, nullable=False),
    Column("rounds", Integer, nullable=False, default=0),  # revision rounds applied
    Column("calendar_json", Text),  # NULL once discarded
    Column("hashtag_sets_json", Text),
    Column("reason", Text),
    Column("updated_at", String, nullable=False),
)

assets = Table(
    "assets",
    metadata,
    Column("asset_id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("channel", String, nullable=False),
    Column("position", Integer, nullable=False),  # order within the campaign's set
    Column("status", String, nullable=False),  # live | discarded
    Column("asset_json", Text),  # NULL once discarded
)
