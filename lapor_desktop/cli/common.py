"""What every command group shares: output, exit codes, opening the workspace, logging in."""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from lapor_desktop.config import ENV_PASSWORD
from lapor_desktop.fsutil import FileTooLarge, NotRegularFile, open_regular

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def dump_json(value: Any) -> None:
    out(json.dumps(value, ensure_ascii=False, indent=2, default=str))


# ---------------------------------------------------------------------------- files

def file_problem(source: str | os.PathLike[str], exc: OSError) -> CliError:
    """A clear message (exit 2) for a file named on the command line that cannot be read."""
    name = os.fspath(source)
    if isinstance(exc, NotRegularFile):
        return CliError(f"'{name}' bukan berkas biasa (mis. folder, FIFO atau perangkat); "
                        "sebutkan berkas yang benar.", EXIT_INVALID)
    if isinstance(exc, FileTooLarge):
        return CliError(f"Berkas '{name}' terlalu besar untuk jenisnya: bukan berkas yang "
                        "dimaksud.", EXIT_INVALID)
    if isinstance(exc, FileNotFoundError):
        return CliError(f"Berkas '{name}' tidak dapat dibaca: tidak ditemukan.", EXIT_INVALID)
    return CliError(f"Berkas '{name}' tidak dapat dibaca: {exc.strerror or exc}", EXIT_INVALID)


def check_input_file(source: str | os.PathLike[str], max_bytes: int | None = None) -> Path:
    """The path of a regular file to read, checked (``stat``, then a non-blocking open)
    before any service opens it; a FIFO, device or folder is a CliError with exit 2."""
    try:
        with open_regular(source, max_bytes=max_bytes):
            return Path(source)
    except OSError as exc:
        raise file_problem(source, exc) from None


def read_regular(source: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (see ``check_input_file``)."""
    try:
        with open_regular(source) as fh:
            return fh.read(limit)
    except OSError as exc:
        raise file_problem(source, exc) from None


# ---------------------------------------------------------------------------- context

class _CliWorkspace:
    """``with open_workspace(args) as ws``: the workspace, closed at the end; after work by
    a logged-in operator, files a crash left behind are swept (as the GUI does at start),
    at most once an hour (``upkeep.sweep_if_due``)."""

    def __init__(self, args):
        from lapor_desktop.config import DataDirError, log_dir
        from lapor_desktop.logging_setup import configure
        from lapor_desktop.workspace import Workspace

        try:
            configure(log_dir(args.data_dir))
            self.ws = Workspace.open(args.data_dir)
        except DataDirError as exc:
            raise CliError(str(exc), EXIT_INVALID) from None

    def __enter__(self):
        return self.ws

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if getattr(self.ws, LOGGED_IN_FLAG, False):
                from lapor_desktop import upkeep

                try:
                    upkeep.sweep_if_due(self.ws)
                except Exception:  # housekeeping never turns finished work into a failure
                    logging.getLogger(__name__).warning("sweep after CLI work failed",
                                                        exc_info=True)
        finally:
            self.ws.close()


LOGGED_IN_FLAG = "_cli_logged_in"


def open_workspace(args) -> _CliWorkspace:
    return _CliWorkspace(args)


def read_password(prompt: str = "Kata sandi: ", confirm: bool = False) -> str:
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"Kata sandi tidak diberikan: isi variabel {ENV_PASSWORD}.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
        raise CliError("Kata sandi tidak sama.")
    return first


def login(ws, args):
    if not ws.is_initialised:
        raise CliError("Aplikasi belum disiapkan. Jalankan dulu: lapor-desktop init --region "
                       "KODE --operator NAMA")
    actor = ws.login(getattr(args, "operator", None), read_password())
    setattr(ws, LOGGED_IN_FLAG, True)
    return actor
