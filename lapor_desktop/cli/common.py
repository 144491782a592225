"""What every command group shares: output, exit codes, opening the workspace, logging in."""

from __future__ import annotations

import getpass
import json
import os
import sys
from typing import Any

from lapor_desktop.config import ENV_PASSWORD

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


# ---------------------------------------------------------------------------- context

def open_workspace(args):
    from lapor_desktop.config import log_dir
    from lapor_desktop.logging_setup import configure
    from lapor_desktop.workspace import Workspace

    configure(log_dir(args.data_dir))
    return Workspace.open(args.data_dir)


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
    return ws.login(getattr(args, "operator", None), read_password())
