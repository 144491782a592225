"""The agency desk at ``/desk/``: where kabupaten and agency staff work the report queue.

``mount(app, central)`` adds the pages and static files to the server; ``register(sub)``
adds the ``staff`` admin commands to ``lapor-central``. See docs/desk.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def mount(app: Any, central: Any) -> None:
    from fastapi.staticfiles import StaticFiles

    from lapor_central.desk.queue import catch_up
    from lapor_central.desk.routes import build_router

    # The desk tables come with the central migrations (revision c0002).
    catch_up(central.db)
    app.include_router(build_router(central))
    app.mount("/desk/static", StaticFiles(directory=Path(__file__).parent / "static"),
              name="desk-static")


def register(subparsers: Any) -> None:
    from lapor_central.desk.cli import register as _register

    _register(subparsers)
