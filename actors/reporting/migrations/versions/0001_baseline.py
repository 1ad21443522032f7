"""Reporting's baseline: the tables of release 0.1, the last one before versioned migrations.

Generated with alembic.autogenerate from the metadata of that release. A database made by
that release has these tables and no version table; infra.migrations stamps it here.

Revision ID: reporting_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "reporting_0001"
down_revision = None
branch_labels = None
depends_on = None

# What a database of release 0.1 has: infra.migrations stamps such a database at this
# revision instead of creating them again.
BASELINE_TABLES = ("outcomes", "processed_messages", "step_timings")


def upgrade() -> None:
    op.create_table(
        "outcomes",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("batch_id", sa.String(), nullable=False),
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("client_id", sa.String(), nullable=True),
        sa.Column("client_name", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("qc_score", sa.Integer(), nullable=True),
        sa.Column("revision_rounds", sa.Integer(), nullable=False),
        sa.Column("review_rounds", sa.Integer(), nullable=False),
        sa.Column("compensated_steps_json", sa.Text(), nullable=False),
        sa.Column("compensation_failures_json", sa.Text(), nullable=False),
        sa.Column("invoice_total", sa.String(), nullable=True),
        sa.Column("currency", sa.String(), nullable=True),
        sa.Column("started_at", sa.String(), nullable=True),
        sa.Column("finished_at", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_outcomes_batch", "outcomes", ["batch_id"], unique=False)
    op.create_index("ix_outcomes_client", "outcomes", ["client_id"], unique=False)
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
        "step_timings",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("module", sa.String(), nullable=False),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outcomes.event_id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "position"),
    )


def downgrade() -> None:
    op.drop_table("step_timings")
    op.drop_index(op.f("ix_processed_messages_correlation_id"), table_name="processed_messages")
    op.drop_table("processed_messages")
    op.drop_index("ix_outcomes_client", table_name="outcomes")
    op.drop_index("ix_outcomes_batch", table_name="outcomes")
    op.drop_table("outcomes")
