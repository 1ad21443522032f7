"""Delivery's own table: one pack per campaign, pointing at its files on disk."""

from sqlalchemy import Column, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

packs = Table(
    "packs",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("status", String, nullable=False),  # delivered | revoked (tombstone)
    Column("pack_dir", Text, nullable=False),
    Column("zip_path", Text, nullable=False, default=""),
    Column("files_json", Text, nullable=False),
    Column("manifest_sha256", String, nullable=False),
    Column("reason", Text),
    Column("updated_at", String, nullable=False),
)
