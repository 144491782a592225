"""Logging with personal data masked on every handler (lokal-id's UU PDP filter)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def pii_filter() -> logging.Filter:
    from lokal.samaran.logging import SamaranFilter

    return SamaranFilter()


def configure(log_dir: Path | None = None, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if getattr(root, "_lapor_configured", False):
        return
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    handlers[0].setLevel(logging.WARNING)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            log_dir / "lapor-desktop.log", maxBytes=2_000_000, backupCount=3,
            encoding="utf-8"))
    flt = pii_filter()
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(flt)
        root.addHandler(h)
    root.setLevel(level)
    root._lapor_configured = True  # type: ignore[attr-defined]
