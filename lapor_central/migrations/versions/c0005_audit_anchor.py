"""Audit-chain anchors: each device's last anchor and the points of its chain

Revision ID: c0005
Revises: c0002
"""

import sqlalchemy as sa
from alembic import op

revision = 'c0005'
down_revision = 'c0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_anchor',
    sa.Column('device_id', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('problem', sa.String(length=16), nullable=True),
    sa.Column('problem_at', sa.DateTime(), nullable=True),
    sa.Column('problem_detail', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.PrimaryKeyConstraint('device_id')
    )
    with op.batch_alter_table('audit_anchor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_anchor_region_code'), ['region_code'],
                              unique=False)
    op.create_table('audit_anchor_point',
    sa.Column('device_id', sa.String(length=100), nullable=False),
    sa.Column('count', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.PrimaryKeyConstraint('device_id', 'count')
    )


def downgrade() -> None:
    op.drop_table('audit_anchor_point')
    with op.batch_alter_table('audit_anchor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_anchor_region_code'))
    op.drop_table('audit_anchor')
