"""accounts security: sessions, audit trail, spent tokens, account settings

Revision ID: 0002_accounts
Revises: 20449c9cf4ac
Create Date: 2026-12-03 16:59:22.850573

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_accounts'
down_revision = '20449c9cf4ac'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('spent_tokens',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spent_tokens'))
    )
    with op.batch_alter_table('spent_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_spent_tokens_expires', ['expires_at'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('detail', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_kind_email_created', ['kind', 'email', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_events_kind_ip_created', ['kind', 'ip', 'created_at'], unique=False)
        batch_op.create_index('ix_audit_events_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_user_sessions_user', ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('notify_weekly_digest', sa.Boolean(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('notify_new_sign_in', sa.Boolean(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('show_activity_addresses', sa.Boolean(), server_default=sa.text('1'), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('show_activity_addresses')
        batch_op.drop_column('notify_new_sign_in')
        batch_op.drop_column('notify_weekly_digest')
        batch_op.drop_column('password_changed_at')

    # Dropping a table drops its indexes; dropping them one by one first would trip MariaDB's
    # rule that a foreign key keeps an index.
    for table in ("user_sessions", "audit_events", "spent_tokens"):
        op.drop_table(table)
