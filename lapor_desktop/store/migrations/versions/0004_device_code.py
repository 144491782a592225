"""A device code for every installation, part of the local numbers it hands out.

Several laptops may serve one village; the code keeps their local numbers apart
(``61.05.01.2008/K7QD/2026/00017``). Existing stores get the code derived from their
device id; numbers already handed out stay as they are (they are printed on receipts).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from lapor_desktop.device import CODE_META, code_for

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    device_id = bind.execute(sa.text("SELECT value FROM meta WHERE key='device_id'")).scalar()
    have = bind.execute(sa.text("SELECT 1 FROM meta WHERE key=:k"), {"k": CODE_META}).first()
    if device_id and have is None:
        bind.execute(sa.text("INSERT INTO meta(key, value) VALUES(:k, :v)"),
                     {"k": CODE_META, "v": code_for(device_id)})


def downgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM meta WHERE key=:k"), {"k": CODE_META})
