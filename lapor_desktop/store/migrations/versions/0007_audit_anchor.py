"""Audit-chain anchors: the last anchor per device and the known points of each chain.

A village records the heads it sends (to central by sync, to the kecamatan by bundle) and
the anchor central gives back; a kecamatan records each village's anchors from bundles.
See docs/security.md ("Anchoring the audit chain").

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_anchor",
        sa.Column("device_id", sa.String(length=100), primary_key=True),
        sa.Column("region_code", sa.String(length=13), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("problem", sa.String(length=16), nullable=True),
        sa.Column("problem_at", sa.DateTime(), nullable=True),
        sa.Column("problem_detail", sa.String(length=200), nullable=True),
    )
    op.create_table(
        "audit_anchor_point",
        sa.Column("device_id", sa.String(length=100), primary_key=True),
        sa.Column("count", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_anchor_point")
    op.drop_table("audit_anchor")
