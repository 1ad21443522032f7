"""Client review's baseline: the tables of release 0.1, the last one before versioned migrations.

Generated with alembic.autogenerate from the metadata of that release. A database made by
that release has these tables and no version table; infra.migrations stamps it here.

Revision ID: client_review_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "client_review_0001"
down_revision = None
branch_labels = None
depends_on = None

# What a database of release 0.1 has: infra.migrations stamps such a database at this
# revision instead of creating them again.
BASELINE_TABLES = ("processed_messages", "reviews", "withdrawn")


def upgrade() -> None:
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
        "reviews",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("client_id", sa.String(), nullable=False),
        sa.Column("client_name", sa.String(), nullable=False),
        sa.Column("qc_score", sa.Integer(), nullable=False),
        sa.Column("preview_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("changes_json", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=True),
        sa.Column("requested_at", sa.String(), nullable=False),
        sa.Column("due_at", sa.String(), nullable=False),
        sa.Column("decided_at", sa.String(), nullable=True),
        sa.Column("escalated_at", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id", "round"),
    )
    op.create_table(
        "withdrawn",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )


def downgrade() -> None:
    op.drop_table("withdrawn")
    op.drop_table("reviews")
    op.drop_index(op.f("ix_processed_messages_correlation_id"), table_name="processed_messages")
    op.drop_table("processed_messages")
