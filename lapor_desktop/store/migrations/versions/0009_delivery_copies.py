"""Delivery copies: a finalised report's identity sealed to its recipients.

``report.delivery_boxes`` is a JSON object with up to two boxes, each sealed to a key this
installation learnt from outside: ``central`` (the wire member ``identity_box``, sealed to
central's key, learnt at enrolment or from ``GET /api/v1/central-key``) and ``kecamatan``
(``{"fingerprint", "sealed"}``: the bundle's sealed complainant and file names, sealed to the
kecamatan's key). Once they exist the work copy under the data key is erased, so an
operator's session never reads the identity of a finalised report. Central's public key is
kept in ``meta`` (``central_key``). The boxes are made by ``delivery.seal_pending`` (at
finalising, and when a key becomes known), not here.

Revision ID: 0009
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("delivery_boxes", sa.Text(), nullable=True))


def downgrade() -> None:
    op.get_bind().exec_driver_sql("ALTER TABLE report DROP COLUMN delivery_boxes")
