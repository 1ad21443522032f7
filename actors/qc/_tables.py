"""A QC shard's own tables: one evaluation and one pack check per campaign it owns."""

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

evaluations = Table(
    "evaluations",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("status", String, nullable=False),  # live | discarded (tombstone)
    Column("qc_status", String, nullable=False),  # PASS | WARN | FAIL
    Column("score", Integer, nullable=False),
    Column("round", Integer, nullable=False, default=0),  # the latest evaluation's round
    Column("report_json", Text),  # NULL once discarded
    Column("reason", Text),
    Column("updated_at", String, nullable=False),
)

# The check of the campaign's rendered pack (EvaluatePack): apart from `evaluations`, which
# the revision rounds overwrite, so each report stays what it was.
pack_checks = Table(
    "pack_checks",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("status", String, nullable=False),  # live | discarded (tombstone)
    Column("qc_status", String, nullable=False),  # PASS | WARN | FAIL
    Column("score", Integer, nullable=False),
    Column("pack_dir", Text, nullable=False),
    Column("report_json", Text),  # NULL once discarded
    Column("reason", Text),
    Column("updated_at", String, nullable=False),
)
