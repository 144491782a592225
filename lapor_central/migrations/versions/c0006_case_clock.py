"""Cases and the walk-in clock: case_id, superseded_by, walk_in_at, clock_trusted

Revision ID: c0006
Revises: c0004

Every report row is one revision of a case (``case_id``: the id of the case's first
revision; ``superseded_by``: the revision that replaced it). ``walk_in_at`` is the trusted
walk-in time the case clock counts from (lapor_protocol.clock_skew), ``clock_trusted``
whether the device's recorded time could be used, ``verification_code`` the receipt's
code (lapor_protocol.tracking) so the desk can find a case by it with an index.

Backfill: corrections already received are linked to their cases by the rule ingest uses
(docs/deadlines.md); the walk-in is the recorded time in ``wire_json`` when it is plausible
(2024 or later and no later than 5 minutes after arrival; rows from before this revision
carry no device clock to correct it with), else the arrival time, untrusted. The desk queue
is a read model: it is emptied here and rebuilt from the status events on the next request,
so every row takes its deadline from the case clock and superseded revisions drop out.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = 'c0006'
down_revision = 'c0004'
branch_labels = None
depends_on = None

EARLIEST_PLAUSIBLE = datetime(2024, 1, 1)
ARRIVAL_TOLERANCE = timedelta(minutes=5)
CHUNK = 1000


def _walk_in(wire_json: str, received_at: datetime) -> tuple[datetime, bool]:
    """(walk-in as naive UTC, trusted) from the stored wire report (a frozen copy of the
    plausibility rule of lapor_protocol.clock_skew at this revision)."""
    try:
        text = json.loads(wire_json).get("recorded_at")
        at = datetime.fromisoformat(str(text))
    except (ValueError, TypeError, AttributeError):
        return received_at, False
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    if not EARLIEST_PLAUSIBLE <= at <= received_at + ARRIVAL_TOLERANCE:
        return received_at, False
    return min(at, received_at), True


def _verification_code(report_id: str, content_hash: str | None) -> str:
    """A frozen copy of lapor_protocol.tracking.verification_code (the receipt's code)."""
    digest = hashlib.sha256(f"{report_id}|{content_hash or ''}".encode()).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"{code[:4]}-{code[4:]}"


def _case_roots(links: dict[str, str | None]) -> dict[str, str]:
    """id -> case id: follow ``supersedes`` to the oldest revision present; a revision
    whose predecessor never arrived names that predecessor (it is the case's first)."""
    roots: dict[str, str] = {}
    for rid in links:
        seen = {rid}
        cur = rid
        while True:
            prev = links.get(cur)
            if prev is None:
                break
            if prev not in links:  # the predecessor never arrived: it is the first
                cur = prev
                break
            if prev in seen:  # a cycle cannot come from a village; stop where it closes
                break
            seen.add(prev)
            cur = prev
        roots[rid] = cur
    return roots


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): SQLite cannot drop and recreate ``report`` while
    # attachments and status events reference it.
    op.add_column('report', sa.Column('case_id', sa.String(length=36), nullable=True))
    op.add_column('report', sa.Column('superseded_by', sa.String(length=36), nullable=True))
    op.add_column('report', sa.Column('walk_in_at', sa.DateTime(), nullable=True))
    op.add_column('report', sa.Column('clock_trusted', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    op.add_column('report', sa.Column('verification_code', sa.String(length=9),
                                      nullable=True))
    op.create_index('ix_report_case_id', 'report', ['case_id'])
    op.create_index('ix_report_supersedes', 'report', ['supersedes'])
    op.create_index('ix_report_local_number', 'report', ['local_number'])
    op.create_index('ix_report_verification_code', 'report', ['verification_code'])
    op.add_column('desk_queue', sa.Column('case_id', sa.String(length=36), nullable=True))
    op.add_column('desk_queue', sa.Column('corrected', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.create_index('ix_desk_queue_case', 'desk_queue', ['case_id'])
    conn = op.get_bind()
    report = sa.table('report', sa.column('id', sa.String), sa.column('supersedes', sa.String),
                      sa.column('received_at', sa.DateTime), sa.column('wire_json', sa.Text),
                      sa.column('case_id', sa.String), sa.column('superseded_by', sa.String),
                      sa.column('walk_in_at', sa.DateTime),
                      sa.column('clock_trusted', sa.Boolean),
                      sa.column('content_hash', sa.String),
                      sa.column('verification_code', sa.String))
    links = dict(conn.execute(sa.select(report.c.id, report.c.supersedes)).all())
    roots = _case_roots(links)
    successor = {prev: rid for rid, prev in sorted(links.items()) if prev in links}
    rows = conn.execute(sa.select(report.c.id, report.c.received_at, report.c.wire_json,
                                  report.c.content_hash)).all()
    update = sa.update(report).where(report.c.id == sa.bindparam('rid')).values(
        case_id=sa.bindparam('case'), superseded_by=sa.bindparam('succ'),
        walk_in_at=sa.bindparam('walk'), clock_trusted=sa.bindparam('trusted'),
        verification_code=sa.bindparam('code'))
    for start in range(0, len(rows), CHUNK):
        params = []
        for rid, received_at, wire_json, content_hash in rows[start:start + CHUNK]:
            walk, trusted = _walk_in(wire_json, received_at)
            params.append(dict(rid=rid, case=roots[rid], succ=successor.get(rid),
                               walk=walk, trusted=trusted,
                               code=_verification_code(rid, content_hash)))
        conn.execute(update, params)
    op.execute("DELETE FROM desk_queue")
    op.execute("DELETE FROM desk_state WHERE key = 'queue_seq'")


def downgrade() -> None:
    with op.batch_alter_table('desk_queue', schema=None) as batch_op:
        batch_op.drop_index('ix_desk_queue_case')
        batch_op.drop_column('corrected')
        batch_op.drop_column('case_id')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_verification_code')
        batch_op.drop_index('ix_report_local_number')
        batch_op.drop_index('ix_report_supersedes')
        batch_op.drop_index('ix_report_case_id')
        batch_op.drop_column('verification_code')
        batch_op.drop_column('clock_trusted')
        batch_op.drop_column('walk_in_at')
        batch_op.drop_column('superseded_by')
        batch_op.drop_column('case_id')
    op.execute("DELETE FROM desk_queue")
    op.execute("DELETE FROM desk_state WHERE key = 'queue_seq'")
