"""Initial schema, with FTS5 search over reports kept current by triggers.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 05:57:14.145262
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_report_id'), ['report_id'], unique=False)

    op.create_table('catalog_agency',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('catalog_category',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('catalog_route',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('region_prefix', sa.String(length=16), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('counter',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('operator',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('kdf_salt', sa.LargeBinary(), nullable=False),
    sa.Column('kdf_params', sa.JSON(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('report',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('local_number', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('incident_date', sa.Date(), nullable=True),
    sa.Column('region_code', sa.String(length=16), nullable=False),
    sa.Column('location_detail', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('agency', sa.String(length=64), nullable=True),
    sa.Column('privacy', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('enc_name', sa.LargeBinary(), nullable=True),
    sa.Column('enc_nik', sa.LargeBinary(), nullable=True),
    sa.Column('enc_phone', sa.LargeBinary(), nullable=True),
    sa.Column('enc_email', sa.LargeBinary(), nullable=True),
    sa.Column('enc_address', sa.LargeBinary(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('local_state', sa.String(length=20), nullable=False),
    sa.Column('supersedes', sa.String(length=36), nullable=True),
    sa.Column('superseded_by', sa.String(length=36), nullable=True),
    sa.Column('tracking_id', sa.String(length=32), nullable=True),
    sa.Column('remote_status', sa.String(length=20), nullable=True),
    sa.Column('remote_status_at', sa.DateTime(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('sync_error', sa.Text(), nullable=True),
    sa.Column('status_seen', sa.Boolean(), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=True),
    sa.Column('origin_region', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by'], ['operator.id'], ),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('id'),
    sa.UniqueConstraint('local_number')
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_created', ['created_at'], unique=False)
        batch_op.create_index('ix_report_kind', ['kind'], unique=False)
        batch_op.create_index('ix_report_region', ['region_code'], unique=False)
        batch_op.create_index('ix_report_state_created', ['local_state', 'created_at'], unique=False)
        batch_op.create_index('ix_report_tracking', ['tracking_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=128), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('stored_path', sa.String(length=512), nullable=False),
    sa.Column('upload_url', sa.String(length=512), nullable=True),
    sa.Column('upload_offset', sa.Integer(), nullable=False),
    sa.Column('uploaded', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_report_id'), ['report_id'], unique=False)

    op.create_table('outbox',
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('enqueued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_state_next', ['state', 'next_attempt_at'], unique=False)

    op.create_table('status_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('remote_event_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('agency', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'remote_event_id')
    )
    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_event_report_id'), ['report_id'], unique=False)

    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5("
        "title, body, location_detail, local_number, tracking_id, "
        "content='report', content_rowid='pk', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER report_fts_ai AFTER INSERT ON report BEGIN "
        "INSERT INTO report_fts(rowid, title, body, location_detail, local_number, tracking_id) "
        "VALUES (new.pk, new.title, new.body, new.location_detail, new.local_number, "
        "new.tracking_id); END"
    )
    op.execute(
        "CREATE TRIGGER report_fts_ad AFTER DELETE ON report BEGIN "
        "INSERT INTO report_fts(report_fts, rowid, title, body, location_detail, local_number, "
        "tracking_id) VALUES ('delete', old.pk, old.title, old.body, old.location_detail, "
        "old.local_number, old.tracking_id); END"
    )
    op.execute(
        "CREATE TRIGGER report_fts_au AFTER UPDATE OF title, body, location_detail, "
        "local_number, tracking_id ON report BEGIN "
        "INSERT INTO report_fts(report_fts, rowid, title, body, location_detail, local_number, "
        "tracking_id) VALUES ('delete', old.pk, old.title, old.body, old.location_detail, "
        "old.local_number, old.tracking_id); "
        "INSERT INTO report_fts(rowid, title, body, location_detail, local_number, tracking_id) "
        "VALUES (new.pk, new.title, new.body, new.location_detail, new.local_number, "
        "new.tracking_id); END"
    )

    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN "
        "SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN "
        "SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS report_fts")

    with op.batch_alter_table('status_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_event_report_id'))

    op.drop_table('status_event')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state_next')

    op.drop_table('outbox')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_report_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_tracking')
        batch_op.drop_index('ix_report_state_created')
        batch_op.drop_index('ix_report_region')
        batch_op.drop_index('ix_report_kind')
        batch_op.drop_index('ix_report_created')

    op.drop_table('report')
    op.drop_table('operator')
    op.drop_table('meta')
    op.drop_table('counter')
    op.drop_table('catalog_route')
    op.drop_table('catalog_category')
    op.drop_table('catalog_agency')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_report_id'))

    op.drop_table('audit_event')

