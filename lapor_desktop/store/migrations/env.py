"""Alembic environment: runs on the connection handed in by ``store.db.migrate``.

It deliberately does not configure logging, so the app's own (PII-masked) logging stays.
"""

from alembic import context

from lapor_desktop.store.models import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # `alembic` CLI use during development
    from pathlib import Path

    from lapor_desktop.store.db import make_engine

    engine = make_engine(Path(config.get_main_option("sqlalchemy.url", "dev.sqlite3")))
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
