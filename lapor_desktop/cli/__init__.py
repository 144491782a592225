"""Command line: the same services as the desktop UI, for scripts and kecamatan batch work.

``lapor-desktop`` with no subcommand opens the desktop app. Output never carries personal
data unless a role allowed to see it asks for it (and that reveal is audited).

One module per command group; each has ``register(subparsers, common)`` and gives its leaf
parsers ``parents=[common]``. The services never import this package.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from lapor_desktop import __version__
from lapor_desktop.cli import audit, backup, bundles, device, reports, setup, status, sync
from lapor_desktop.cli.common import EXIT_ERROR, EXIT_INVALID, CliError, err

GROUPS = (setup, reports, sync, status, bundles, device, backup, audit)


def cmd_gui(args) -> int:
    from lapor_desktop.ui.app import run

    return run(args.data_dir)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lapor-desktop",
                                description="LAPOR Desktop: penerimaan pengaduan desa.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--data-dir", help="folder data (default: folder data pengguna)")
    p.add_argument("--operator", help="nama pengguna operator (boleh kosong bila hanya satu)")
    p.set_defaults(func=cmd_gui)
    # Global options are accepted after the subcommand too (``init --operator NAME``).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--operator", default=argparse.SUPPRESS,
                        help="nama pengguna operator")
    sub = p.add_subparsers(dest="command")
    for group in GROUPS:
        group.register(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from lapor_desktop.config import DataDirError, private_umask
    from lapor_desktop.store import DatabaseError
    from lapor_desktop.workspace import WeakPassword, WorkspaceError

    try:
        with private_umask():  # whatever the command writes is the operator's only
            return int(args.func(args) or 0)
    except CliError as exc:
        err(str(exc))
        return exc.code
    except DataDirError as exc:
        err(str(exc))
        return EXIT_INVALID
    except (WorkspaceError, DatabaseError) as exc:
        err(str(exc))
        return EXIT_INVALID if isinstance(exc, WeakPassword) else EXIT_ERROR
    except KeyboardInterrupt:
        err("Dibatalkan.")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
