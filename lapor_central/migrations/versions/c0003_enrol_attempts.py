"""Enrolment attempts per address, counted in the database (atomic under concurrency)

Revision ID: c0003
Revises: c0005
"""

import sqlalchemy as sa
from alembic import op

revision = 'c0003'
down_revision = 'c0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('enrol_attempt',
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('address')
    )


def downgrade() -> None:
    op.drop_table('enrol_attempt')
