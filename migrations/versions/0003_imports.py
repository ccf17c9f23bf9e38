"""imports: stored files, spelling memory

Revision ID: 0003_imports
Revises: 0002_accounts
Create Date: 2026-12-03 17:09:30.833401

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql


# revision identifiers, used by Alembic.
revision = "0003_imports"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "spelling_mappings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("original", sa.String(length=64), nullable=False),
        sa.Column("replacement", sa.String(length=64), nullable=False),
        sa.Column("owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_spelling_mappings_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spelling_mappings")),
        sa.UniqueConstraint("owner_id", "field", "original", name="uq_spelling_mappings_key"),
    )
    op.create_table(
        "stored_files",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_stored_files_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stored_files_owner_created", ["owner_id", "created_at"], unique=False
        )

    op.create_table(
        "file_chunks",
        sa.Column("file_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column(
            "data",
            sa.LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_file_chunks_file_id_stored_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("file_id", "seq", name=op.f("pk_file_chunks")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("choices", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("message", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column(
                "upload_file_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "rejected_file_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("job_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_import_batches_rejected_file_id_stored_files"),
            "stored_files",
            ["rejected_file_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_import_batches_upload_file_id_stored_files"),
            "stored_files",
            ["upload_file_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_import_batches_upload_file_id_stored_files"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_import_batches_rejected_file_id_stored_files"), type_="foreignkey"
        )
        batch_op.drop_column("job_id")
        batch_op.drop_column("rejected_file_id")
        batch_op.drop_column("upload_file_id")
        batch_op.drop_column("message")
        batch_op.drop_column("choices")

    # The owner index backs a foreign key on MariaDB: it goes with its table.
    op.drop_table("file_chunks")
    op.drop_table("stored_files")
    op.drop_table("spelling_mappings")
