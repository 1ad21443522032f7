"""QC keeps the check of each campaign's rendered pack (EvaluatePack), apart from the
evaluation of its creative, which the revision rounds overwrite.

Revision ID: qc_0002
Revises: qc_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "qc_0002"
down_revision = "qc_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_checks",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("qc_status", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("pack_dir", sa.Text(), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id"),
    )


def downgrade() -> None:
    op.drop_table("pack_checks")
