"""Sealed attachment names and the identity blind index.

``attachment.enc_file_name`` holds the original file name encrypted under the data key;
rows written before this revision are sealed at the next login (the key is needed).
``identity_index`` holds keyed HMACs of each report's phone number and NIK so a returning
citizen can be found without storing who they are.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attachment", sa.Column("enc_file_name", sa.LargeBinary(), nullable=True))
    op.create_table(
        "identity_index",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.String(length=36),
                  sa.ForeignKey("report.id", ondelete="CASCADE"), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
    )
    op.create_index("ix_identity_index_report_id", "identity_index", ["report_id"])
    op.create_index("ix_identity_index_digest", "identity_index", ["digest"])


def downgrade() -> None:
    op.drop_table("identity_index")
    with op.batch_alter_table("attachment") as batch_op:
        batch_op.drop_column("enc_file_name")
