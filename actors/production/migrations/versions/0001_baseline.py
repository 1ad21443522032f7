"""Production's baseline: the tables of release 0.1, the last one before versioned migrations.

Generated with alembic.autogenerate from the metadata of that release. A database made by
that release has these tables and no version table; infra.migrations stamps it here.

Revision ID: production_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "production_0001"
down_revision = None
branch_labels = None
depends_on = None

# What a database of release 0.1 has: infra.migrations stamps such a database at this
# revision instead of creating them again.
BASELINE_TABLES = ("assets", "processed_messages", "productions")


def upgrade() -> None:
    op.create_table(
        "assets",
        sa.Column("asset_id", sa.String(), nullable=False),
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("asset_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("asset_id"),
    )
    op.create_index(op.f("ix_assets_campaign_id"), "assets", ["campaign_id"], unique=False)
    op.create_table(
        "processed_messages",
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("correlation_id", sa.String(), nullable=False),
        sa.Column("reply", sa.LargeBinary(), nullable=False),
        sa.Column("processed_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("message_id"),
    )
    op.create_index(
        op.f("ix_processed_messages_correlation_id"),
        "processed_messages",
        ["correlation_id"],
        unique=False,
    )
    op.create_table(
        "productions",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("strategy_id", sa.String(), nullable=False),
        sa.Column("asset_count", sa.Integer(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("calendar_json", sa.Text(), nullable=True),
        sa.Column("hashtag_sets_json", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )


def downgrade() -> None:
    op.drop_table("productions")
    op.drop_index(op.f("ix_processed_messages_correlation_id"), table_name="processed_messages")
    op.drop_table("processed_messages")
    op.drop_index(op.f("ix_assets_campaign_id"), table_name="assets")
    op.drop_table("assets")
