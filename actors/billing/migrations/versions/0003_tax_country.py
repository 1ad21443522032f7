"""Invoices record the ISO country their tax was chosen by, and why no tax was charged.

`country_code` is the ISO 3166-1 alpha-2 country onboarding resolved the campaign's
geography to (NULL when it named no single country, and on invoices issued before this
revision). `tax_note` is set when no tax rule on the rate card covered the place, so the
invoice was issued without tax and flagged for review; NULL otherwise, and on older
invoices. Both are nullable: adding them rewrites nothing.

Revision ID: billing_0003
Revises: billing_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "billing_0003"
down_revision = "billing_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("invoices", sa.Column("country_code", sa.String(), nullable=True))
    op.add_column("invoices", sa.Column("tax_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("tax_note")
        batch.drop_column("country_code")
