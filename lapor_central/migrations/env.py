"""Alembic environment of the central server: runs on the connection handed in by
``lapor_central.db.Database.migrate``. Generic on purpose: the target is the whole of
``lapor_central.models.Base.metadata``, so later revisions (any module's tables registered
on that Base) chain after "c0001" as usual.

It does not configure logging, so the server's own logging stays as set up.
"""

from alembic import context

from lapor_central.desk import models as _desk_models  # noqa: F401  (registers desk tables)
from lapor_central.models import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # `alembic` CLI use during development
    from lapor_central.db import make_engine

    connection = make_engine(config.get_main_option("sqlalchemy.url",
                                                    "sqlite:///central-dev.sqlite3")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
