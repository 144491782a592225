"""A rotating log for support, with personal data masked on every handler.

GUI and CLI both call ``configure``: the file goes to DATA_DIR/logs/ when a data dir was
given (``--data-dir`` or ``LAPOR_DESKTOP_DATA_DIR``), else to platformdirs' user log dir;
1 MB per file, five files kept. lokal-id's UU PDP masking filter sits on every handler, so
a name, NIK or phone number that slips into a message is masked before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "lapor-desktop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


def pii_filter() -> logging.Filter:
    from lokal.samaran.logging import SamaranFilter

    return SamaranFilter()


def configure(log_dir: Path | None = None, level: int = logging.INFO, *,
              console: bool = True) -> Path | None:
    """Install the handlers once per process; returns the log file's path (if any)."""
    root = logging.getLogger()
    if getattr(root, "_lapor_configured", False):
        return getattr(root, "_lapor_log_file", None)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        handlers.append(stream)
    log_file = None
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            log_file = log_dir / LOG_FILE
            handlers.append(logging.handlers.RotatingFileHandler(
                log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8",
                delay=True))
        except OSError:
            log_file = None  # a read-only place: keep working, log to the console only
    flt = pii_filter()
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(flt)
        root.addHandler(h)
    root.setLevel(level)
    # SQLAlchemy's own loggers stay quiet (statements are not logged in production).
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    root._lapor_configured = True  # type: ignore[attr-defined]
    root._lapor_log_file = log_file  # type: ignore[attr-defined]
    return log_file


def reset() -> None:
    """Remove and close the handlers ``configure`` installed (tests, re-configuration)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if any(type(f).__name__ == "SamaranFilter" for f in h.filters):
            root.removeHandler(h)
            h.close()
    root._lapor_configured = False  # type: ignore[attr-defined]
    root._lapor_log_file = None  # type: ignore[attr-defined]
