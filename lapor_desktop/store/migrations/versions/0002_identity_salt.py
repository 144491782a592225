"""A random salt kept (encrypted) with the complainant's identity.

The content hash of a report is stored and carried in the clear; a salt inside the hashed
identity means the hash can no longer be used to test guesses of that identity. Reports
finalised before this revision keep hashing without one.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE (no table rebuild): the FTS triggers and rowids stay as they are.
    op.add_column("report", sa.Column("enc_salt", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report") as batch_op:
        batch_op.drop_column("enc_salt")
