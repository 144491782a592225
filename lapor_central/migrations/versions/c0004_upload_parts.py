"""Upload parts: each PATCH's bytes as their own object, recorded under the lease

Revision ID: c0004
Revises: c0003
"""

import sqlalchemy as sa
from alembic import op

revision = 'c0004'
down_revision = 'c0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('upload_part',
    sa.Column('upload_id', sa.String(length=32), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('upload_id', 'offset')
    )
    # Bytes of unfinished uploads were one file per upload before; they are not parts, so
    # those uploads start over (clients ask HEAD and resume from offset 0).
    op.execute("UPDATE upload SET upload_offset = 0, lease_until = NULL, lease_token = NULL "
               "WHERE finished_at IS NULL")


def downgrade() -> None:
    op.drop_table('upload_part')
