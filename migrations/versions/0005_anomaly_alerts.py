"""anomaly alerts: an opt-in setting on users

Revision ID: 0005_anomaly_alerts
Revises: 0004_settings_feedback
Create Date: 2026-12-03 18:27:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_anomaly_alerts"
down_revision = "0004_settings_feedback"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_anomalies", sa.Boolean(), server_default=sa.text("0"), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("notify_anomalies")
