"""The local store: typed models, engine setup, migrations, search."""

from lapor_desktop.store.db import (
    Database,
    DatabaseBusy,
    DatabaseError,
    SchemaTooNewError,
    open_database,
)

__all__ = ["Database", "DatabaseBusy", "DatabaseError", "SchemaTooNewError", "open_database"]
