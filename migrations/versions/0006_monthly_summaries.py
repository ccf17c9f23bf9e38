"""monthly summaries: sales added up per month, make, model and region

Revision ID: 0006_monthly_summaries
Revises: 0005_anomaly_alerts
Create Date: 2026-12-03 19:50:00

Existing sales are summed into the new table, so dashboards are right straight after upgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_monthly_summaries"
down_revision = "0005_anomaly_alerts"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TOTAL = sa.Numeric(precision=16, scale=2)
COUNTS = (
    "sales", "costed_units", "stocked_sales", "stocked_units",
    "aged_0_60", "aged_60_90", "aged_90_120", "aged_120_plus",
)  # fmt: skip


def upgrade():
    op.create_table(
        "monthly_summaries",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("make", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("revenue", TOTAL, nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("costed_revenue", TOTAL, nullable=False),
        sa.Column("cost", TOTAL, nullable=False),
        sa.Column("stock_days", sa.BigInteger(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("owner_id", BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_monthly_summaries_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_summaries")),
    )
    with op.batch_alter_table("monthly_summaries", schema=None) as batch_op:
        batch_op.create_index("ix_monthly_summaries_owner_month", ["owner_id", "month"])
    _sum_existing_sales()


def _sum_existing_sales():
    """Fill the table from the sales already stored, one statement for every account."""
    if op.get_bind().dialect.name == "sqlite":
        month = "date(sale_date, 'start of month')"
        days = "CAST(julianday(sale_date) - julianday(stocked_on) AS INTEGER)"
    else:
        month = "SUBDATE(sale_date, DAYOFMONTH(sale_date) - 1)"
        days = "DATEDIFF(sale_date, stocked_on)"
    line = "unit_price * quantity"
    costed = "unit_cost IS NOT NULL"
    stocked = "stocked_on IS NOT NULL"
    op.execute(
        f"""
        INSERT INTO monthly_summaries (
            owner_id, month, make, model, region, revenue, costed_revenue, cost, units, sales,
            costed_units, stocked_sales, stocked_units, stock_days,
            aged_0_60, aged_60_90, aged_90_120, aged_120_plus, first_day, last_day)
        SELECT owner_id, {month}, make, model, region,
            SUM({line}),
            SUM(CASE WHEN {costed} THEN {line} ELSE 0 END),
            SUM(CASE WHEN {costed} THEN unit_cost * quantity ELSE 0 END),
            SUM(quantity), COUNT(id),
            SUM(CASE WHEN {costed} THEN quantity ELSE 0 END),
            SUM(CASE WHEN {stocked} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {stocked} THEN quantity ELSE 0 END),
            COALESCE(SUM({days}), 0),
            SUM(CASE WHEN {stocked} AND {days} >= 0 AND {days} < 60 THEN quantity ELSE 0 END),
            SUM(CASE WHEN {stocked} AND {days} >= 60 AND {days} < 90 THEN quantity ELSE 0 END),
            SUM(CASE WHEN {stocked} AND {days} >= 90 AND {days} < 120 THEN quantity ELSE 0 END),
            SUM(CASE WHEN {stocked} AND {days} >= 120 THEN quantity ELSE 0 END),
            MIN(sale_date), MAX(sale_date)
        FROM sales
        GROUP BY owner_id, {month}, make, model, region
        """  # noqa: S608 - no user input
    )


def downgrade():
    op.drop_table("monthly_summaries")
