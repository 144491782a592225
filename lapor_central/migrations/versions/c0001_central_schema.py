"""Central schema: devices, enrolment codes, reports, attachments, status events, tus
uploads, counters, catalogue and server secrets.

Revision ID: c0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = 'c0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('catalog',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=100), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('counter',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('device',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('enrollment_code',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('used_by', sa.String(length=100), nullable=True),
    sa.Column('replaces_device', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_table('server_secret',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('upload',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('device_id', sa.String(length=100), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('attachment_id', sa.String(length=36), nullable=False),
    sa.Column('length', sa.BigInteger(), nullable=False),
    sa.Column('upload_offset', sa.BigInteger(), nullable=False),
    sa.Column('metadata_header', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('lease_token', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_upload_expires_at'), ['expires_at'], unique=False)

    op.create_table('device_token',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('device_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_token_device_id'), ['device_id'], unique=False)

    _create_report_tables()


def _create_report_tables() -> None:
    op.create_table('report',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tracking_id', sa.String(length=20), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('local_number', sa.String(length=100), nullable=False),
    sa.Column('supersedes', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('agency', sa.String(length=100), nullable=True),
    sa.Column('privacy', sa.String(length=16), nullable=False),
    sa.Column('origin_device_id', sa.String(length=100), nullable=False),
    sa.Column('origin_region_code', sa.String(length=13), nullable=False),
    sa.Column('pushed_by', sa.String(length=100), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('wire_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['pushed_by'], ['device.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tracking_id')
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_origin_device_id'), ['origin_device_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_report_pushed_by'), ['pushed_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_region_code'), ['region_code'], unique=False)

    op.create_table('attachment',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=127), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('failed_uploads', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ),
    sa.PrimaryKeyConstraint('report_id', 'id')
    )
    op.create_table('status_event',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('agency', sa.String(length=100), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.create_index('ix_status_event_report', ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.drop_index('ix_status_event_report')

    op.drop_table('status_event')
    op.drop_table('attachment')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_region_code'))
        batch_op.drop_index(batch_op.f('ix_report_pushed_by'))
        batch_op.drop_index(batch_op.f('ix_report_origin_device_id'))

    op.drop_table('report')
    with op.batch_alter_table('device_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_token_device_id'))

    op.drop_table('device_token')
    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_expires_at'))
        batch_op.drop_index(batch_op.f('ix_upload_device_id'))

    op.drop_table('upload')
    op.drop_table('server_secret')
    op.drop_table('enrollment_code')
    op.drop_table('device')
    op.drop_table('counter')
    op.drop_table('catalog')
