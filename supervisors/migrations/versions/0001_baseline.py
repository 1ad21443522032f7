"""The saga log's baseline: the tables of release 0.1, the last one before versioned migrations.

Generated with alembic.autogenerate from the metadata of that release. A database made by
that release has these tables and no version table; infra.migrations stamps it here.

Revision ID: saga_log_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "saga_log_0001"
down_revision = None
branch_labels = None
depends_on = None

# What a database of release 0.1 has: infra.migrations stamps such a database at this
# revision instead of creating them again.
BASELINE_TABLES = ("batches", "dead_letters", "saga_steps", "sagas")


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("batch_id", sa.String(), nullable=False),
        sa.Column("out_dir", sa.Text(), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        # BigInteger though release 0.1 declared Integer: a seed is 64-bit
        # (contracts.common.Seed); on SQLite both are INTEGER, so a 0.1 file matches as it is.
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("batch_id"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("letter_id", sa.String(), nullable=False),
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("destination", sa.String(), nullable=False),
        sa.Column("message_type", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("resolved_at", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("letter_id"),
    )
    op.create_index(
        op.f("ix_dead_letters_campaign_id"), "dead_letters", ["campaign_id"], unique=False
    )
    op.create_table(
        "saga_steps",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", sa.String(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id", "step", "kind"),
    )
    op.create_table(
        "sagas",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("batch_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("input", sa.LargeBinary(), nullable=False),
        sa.Column("compensation_failures", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("reported_at", sa.String(), nullable=True),
        sa.Column("started_at", sa.String(), nullable=True),
        sa.Column("finished_at", sa.String(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )
    op.create_index(op.f("ix_sagas_batch_id"), "sagas", ["batch_id"], unique=False)
    op.create_index(op.f("ix_sagas_reported_at"), "sagas", ["reported_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sagas_reported_at"), table_name="sagas")
    op.drop_index(op.f("ix_sagas_batch_id"), table_name="sagas")
    op.drop_table("sagas")
    op.drop_table("saga_steps")
    op.drop_index(op.f("ix_dead_letters_campaign_id"), table_name="dead_letters")
    op.drop_table("dead_letters")
    op.drop_table("batches")
