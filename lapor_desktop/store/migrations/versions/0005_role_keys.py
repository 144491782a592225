"""A role is a key: sealed identities and per-operator key pairs.

``report.sealed_identity`` holds a finalised report's identity sealed to the
installation's role key pair (X25519); ``report.identity_source`` names the report whose id
a carried-over sealed identity is bound to. ``operator.public_key`` /
``wrapped_private_key`` are the operator's own key pair and ``role_key_box`` the role's
private key sealed to it. The rows are filled at login (keys are needed, see
``rolekeys.after_login``), not here.

Revision ID: 0005
Revises: 0007 (chained after the audit anchors, which landed first)
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("sealed_identity", sa.LargeBinary(), nullable=True))
    op.add_column("report", sa.Column("identity_source", sa.String(length=36), nullable=True))
    op.add_column("operator", sa.Column("public_key", sa.LargeBinary(), nullable=True))
    op.add_column("operator", sa.Column("wrapped_private_key", sa.LargeBinary(),
                                        nullable=True))
    op.add_column("operator", sa.Column("role_key_box", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of ``operator`` would drop a table that
    # ``report.recorded_by`` refers to, which foreign_keys=ON refuses.
    bind = op.get_bind()
    for table, column in (("operator", "role_key_box"), ("operator", "wrapped_private_key"),
                          ("operator", "public_key"), ("report", "identity_source"),
                          ("report", "sealed_identity")):
        bind.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
