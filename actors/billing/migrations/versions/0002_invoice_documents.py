"""Invoice documents: where each campaign's invoice PDF and HTML were written.

Billing renders an invoice to <out_dir>/_invoices/<campaign_id>/<number>.pdf and .html when
it issues it, and again, marked VOID, when it voids it. This table keeps the out_dir and the
agency identity the documents print, so a repeat or a void renders the same documents. An
invoice issued before this revision has no row, and no documents.

Revision ID: billing_0002
Revises: billing_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "billing_0002"
down_revision = "billing_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoice_documents",
        sa.Column("campaign_id", sa.String(), nullable=False),
        sa.Column("out_dir", sa.Text(), nullable=False),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id"),
    )


def downgrade() -> None:
    op.drop_table("invoice_documents")
