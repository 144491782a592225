"""Every path the app uses, resolved once through platformdirs.

One override moves everything under a single folder: ``--data-dir DIR`` on the CLI or the
``LAPOR_DESKTOP_DATA_DIR`` environment variable. Tests use it so the real home directory is
never touched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "lapor-desktop"
APP_AUTHOR = "LAPOR"
ENV_DATA_DIR = "LAPOR_DESKTOP_DATA_DIR"
ENV_PASSWORD = "LAPOR_DESKTOP_PASSWORD"

DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077


class DataDirError(OSError):
    """The data dir is unusable (a file, or cannot be made); the message is for the user."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "Folder data tidak dapat dipakai."


def _chmod(path: Path, mode: int) -> None:
    try:
        if path.exists() and (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # not ours (another user's copy) or vanished: never fatal


@contextmanager
def private_umask() -> Iterator[None]:
    """New files and folders made inside the block are the owner's only (POSIX umask 077);
    the previous umask comes back afterwards. No effect on Windows (profile ACLs apply)."""
    if os.name == "nt":
        yield
        return
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


@dataclass(frozen=True)
class Paths:
    """The locations inside one data dir."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "lapor.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def receipts(self) -> Path:
        return self.root / "receipts"

    @property
    def bundles(self) -> Path:
        return self.root / "bundles"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    def ensure(self) -> Paths:
        """Make the folders (owner only on POSIX); ``DataDirError`` when the data dir is a
        file or cannot be made."""
        if self.root.exists() and not self.root.is_dir():
            raise DataDirError(f"Folder data '{self.root}' adalah sebuah berkas, bukan folder. "
                               "Sebutkan folder lain dengan --data-dir.")
        try:
            for p in (self.root, self.backups, self.attachments, self.receipts, self.keys,
                      self.logs, self.tmp, self.bundles):
                p.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        except OSError as exc:
            raise DataDirError(f"Folder data '{self.root}' tidak dapat dibuat: "
                               f"{exc.strerror or exc}. Sebutkan folder lain dengan "
                               "--data-dir.") from None
        self.restrict()
        return self

    def restrict(self) -> None:
        """Owner-only access on POSIX: the data dir and its folders 0700, the database with
        its WAL/SHM, the settings and the logs 0600 (files made later get 0600 from the
        umask the entry points set, see ``private_umask``; stored attachments are written
        through ``mkstemp``, 0600). On Windows the data dir lies in the user's profile,
        whose ACLs already keep other users out; ``chmod`` there only sets read-only."""
        if os.name == "nt":
            return
        for d in (self.root, self.backups, self.attachments, self.receipts, self.keys,
                  self.logs, self.tmp, self.bundles):
            _chmod(d, PRIVATE_DIR)
        db = self.database
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
                 self.settings_file]
        files += [p for p in self.logs.glob("*") if p.is_file()]
        for f in files:
            _chmod(f, PRIVATE_FILE)


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """CLI option first, then the environment variable, then platformdirs."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def get_paths(cli_value: str | os.PathLike[str] | None = None) -> Paths:
    return Paths(resolve_data_dir(cli_value))


def log_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Where the log goes: DATA_DIR/logs when a data dir was given (option or environment),
    else platformdirs' user log dir."""
    if cli_value or os.environ.get(ENV_DATA_DIR):
        return get_paths(cli_value).logs
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


@dataclass
class Settings:
    """User-editable settings kept as JSON next to the database (not secret)."""

    endpoint_url: str = ""
    language: str = "id"
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
    office_name: str = ""
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, paths: Paths) -> Settings:
        try:
            raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return cls()
        known = {k: raw[k] for k in ("endpoint_url", "language", "max_attachment_bytes",
                                     "office_name", "extra") if k in raw}
        return cls(**known)

    def save(self, paths: Paths) -> None:
        from lapor_desktop.fsutil import atomic_write_bytes

        data = json.dumps(self.__dict__, ensure_ascii=False, indent=2).encode("utf-8")
        atomic_write_bytes(paths.settings_file, data)
