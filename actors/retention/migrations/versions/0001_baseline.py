"""Retention's baseline: the tables of release 0.1, the last one before versioned migrations.

Generated with alembic.autogenerate from the metadata of that release. A database made by
that release has these tables and no version table; infra.migrations stamps it here.

Revision ID: retention_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "retention_0001"
down_revision = None
branch_labels = None
depends_on = None

# What a database of release 0.1 has: infra.migrations stamps such a database at this
# revision instead of creating them again.
BASELINE_TABLES = ("campaigns", "clients", "follow_ups", "processed_messages")


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("client_id", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("delivered_at", sa.String(), nullable=True),
        sa.Column("campaign_end", sa.String(), nullable=True),
        sa.Column("channels_used_json", sa.Text(), nullable=False),
        sa.Column("channels_unavailable_json", sa.Text(), nullable=False),
        sa.Column("revision_rounds", sa.Integer(), nullable=False),
        sa.Column("review_days", sa.Float(), nullable=False),
        sa.Column("qc_score", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )
    op.create_index(op.f("ix_campaigns_client_id"), "campaigns", ["client_id"], unique=False)
    op.create_table(
        "clients",
        sa.Column("client_id", sa.String(), nullable=False),
        sa.Column("client_name", sa.String(), nullable=False),
        sa.Column("lifecycle", sa.String(), nullable=False),
        sa.Column("contract_end", sa.String(), nullable=True),
        sa.Column("term_end", sa.String(), nullable=True),
        sa.Column("overdue_invoices", sa.Integer(), nullable=False),
        sa.Column("risk_json", sa.Text(), nullable=True),
        sa.Column("upsell_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_index(op.f("ix_clients_term_end"), "clients", ["term_end"], unique=False)
    op.create_table(
        "follow_ups",
        sa.Column("follow_up_id", sa.String(), nullable=False),
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("client_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due_on", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("follow_up_id"),
    )
    op.create_index(op.f("ix_follow_ups_campaign_id"), "follow_ups", ["campaign_id"], unique=False)
    op.create_index(op.f("ix_follow_ups_client_id"), "follow_ups", ["client_id"], unique=False)
    op.create_index("ix_follow_ups_status_due", "follow_ups", ["status", "due_on"], unique=False)
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


def downgrade() -> None:
    op.drop_index(op.f("ix_processed_messages_correlation_id"), table_name="processed_messages")
    op.drop_table("processed_messages")
    op.drop_index("ix_follow_ups_status_due", table_name="follow_ups")
    op.drop_index(op.f("ix_follow_ups_client_id"), table_name="follow_ups")
    op.drop_index(op.f("ix_follow_ups_campaign_id"), table_name="follow_ups")
    op.drop_table("follow_ups")
    op.drop_index(op.f("ix_clients_term_end"), table_name="clients")
    op.drop_table("clients")
    op.drop_index(op.f("ix_campaigns_client_id"), table_name="campaigns")
    op.drop_table("campaigns")
