"""Entry point of the packaged app (PyInstaller): the same ``lapor_desktop.cli.main``.

A windowed build (Windows, no console) starts with ``sys.stdout`` and ``sys.stderr`` set to
None; anything that prints (argparse, the CLI, a library warning) would then fail. They are
pointed at the null device before anything else runs; the log file still records errors.
"""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def main() -> int:
    _ensure_streams()
    from lapor_desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
