"""Agency desk: staff, sessions, login throttle, audit, queue

Revision ID: c0002
Revises: c0001
"""

import sqlalchemy as sa
from alembic import op

revision = 'c0002'
down_revision = 'c0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('desk_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_audit_report_id'), ['report_id'], unique=False)

    op.create_table('desk_login_throttle',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locks', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('username')
    )
    op.create_table('desk_queue',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('tracking_id', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('agency', sa.String(length=100), nullable=True),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('kecamatan', sa.String(length=8), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('due_key', sa.Date(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('desk_queue', schema=None) as batch_op:
        batch_op.create_index('ix_desk_queue_agency_due', ['agency', 'due_key', 'report_id'], unique=False)
        batch_op.create_index('ix_desk_queue_agency_status', ['agency', 'status'], unique=False)
        batch_op.create_index('ix_desk_queue_category_due', ['category', 'due_key', 'report_id'], unique=False)
        batch_op.create_index('ix_desk_queue_due', ['due_key', 'report_id'], unique=False)
        batch_op.create_index('ix_desk_queue_kec_due', ['kecamatan', 'due_key', 'report_id'], unique=False)
        batch_op.create_index('ix_desk_queue_region_due', ['region_code', 'due_key', 'report_id'], unique=False)
        batch_op.create_index('ix_desk_queue_status_due', ['status', 'due_key', 'report_id'], unique=False)
        batch_op.create_index('ix_desk_queue_tracking', ['tracking_id'], unique=False)

    op.create_table('desk_session',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('desk_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_session_staff_id'), ['staff_id'], unique=False)

    op.create_table('desk_staff',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('agency', sa.String(length=100), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('desk_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )


def downgrade() -> None:
    op.drop_table('desk_state')
    op.drop_table('desk_staff')
    with op.batch_alter_table('desk_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_session_staff_id'))

    op.drop_table('desk_session')
    with op.batch_alter_table('desk_queue', schema=None) as batch_op:
        batch_op.drop_index('ix_desk_queue_tracking')
        batch_op.drop_index('ix_desk_queue_status_due')
        batch_op.drop_index('ix_desk_queue_region_due')
        batch_op.drop_index('ix_desk_queue_kec_due')
        batch_op.drop_index('ix_desk_queue_due')
        batch_op.drop_index('ix_desk_queue_category_due')
        batch_op.drop_index('ix_desk_queue_agency_status')
        batch_op.drop_index('ix_desk_queue_agency_due')

    op.drop_table('desk_queue')
    op.drop_table('desk_login_throttle')
    with op.batch_alter_table('desk_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_audit_report_id'))
        batch_op.drop_index(batch_op.f('ix_desk_audit_at'))

    op.drop_table('desk_audit')
