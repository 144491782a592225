"""Engine and session setup, and start-up migration with a backup first.

Every connection runs with ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON``
and a busy timeout. Writes use ``BEGIN IMMEDIATE`` (``Database.write()``) so two writers
wait for each other instead of failing half-way on a lock upgrade.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000


class DatabaseError(RuntimeError):
    """A database that cannot be opened; the message is for the user (Indonesian)."""


class SchemaTooNewError(DatabaseError):
    pass


class DatabaseBusy(DatabaseError):
    """Another writer held the database past the busy timeout; nothing was written."""


def configure_sqlite_engine(engine: Engine, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Pragmas on every connection, and BEGIN IMMEDIATE for ``sqlite_immediate`` engines.

    """

    def on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    def on_begin(conn) -> None:
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def make_engine(path: Path) -> Engine:
    # hide_parameters: an error message never carries the values of a statement (they can
    # be personal data).
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False},
                           hide_parameters=True)
    return configure_sqlite_engine(engine)


def _alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("lapor_desktop.store") / "migrations"))
    cfg.attributes["connection"] = connection
    cfg.attributes["configure_logger"] = False
    return cfg


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def _current_revision(path: Path) -> str | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not row:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return rev[0] if rev else None
    finally:
        con.close()


_REVISION_RE = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


def _known_head() -> str | None:
    """The newest migration's revision, read from the version files without importing
    Alembic (its import costs ~0.2 s of start-up). None when it cannot be told for sure
    (then ``migrate`` asks Alembic)."""
    try:
        versions = resources.files("lapor_desktop.store") / "migrations" / "versions"
        revisions, downs = set(), set()
        for f in versions.iterdir():
            if not f.name.endswith(".py") or f.name.startswith("__"):
                continue
            source = f.read_text(encoding="utf-8")
            rev, down = _REVISION_RE.search(source), _DOWN_RE.search(source)
            if rev is None or down is None:
                return None
            revisions.add(rev.group(1))
            downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
        heads = revisions - downs
        return heads.pop() if len(heads) == 1 else None
    except OSError:
        return None


def copy_database(path: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (safe while WAL holds recent writes)."""
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _backup(path: Path, backups: Path, revision: str | None) -> Path:
    """The copy taken before a migration, in ``backups/``."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"{path.stem}-{revision or 'kosong'}-{stamp}.sqlite3"
    copy_database(path, target)
    # Keep the five newest backups.
    olds = sorted(backups.glob(f"{path.stem}-*.sqlite3"))[:-5]
    for old in olds:
        old.unlink(missing_ok=True)
    return target


def migrate(path: Path, backups: Path) -> None:
    """Bring the file to the newest schema; refuse (untouched) a newer one."""
    current = _current_revision(path) if path.exists() else None
    if current is not None and current == _known_head():
        return  # at head: the usual start, without importing Alembic
    script = _script_directory()
    head = script.get_current_head()
    if current is not None:
        from alembic.script.revision import ResolutionError
        from alembic.util import CommandError

        try:
            script.get_revision(current)
        except (ResolutionError, CommandError):
            # Only "no such revision" means newer; anything else is a real fault and rises.
            raise SchemaTooNewError(
                "Basis data ini dibuat oleh versi LAPOR Desktop yang lebih baru "
                f"(skema {current}). Perbarui aplikasi; berkas tidak diubah."
            ) from None
    if current == head:
        return
    if path.exists() and path.stat().st_size > 0:
        # Any existing content is copied first, also a file that carries no version yet.
        _backup(path, backups, current)
    from alembic import command

    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "head")
    finally:
        engine.dispose()
    log.info("database migrated to %s", head)


class Database:
    """One data dir's database: engine plus session factories."""

    def __init__(self, path: Path):
        self.path = path
        self.engine = make_engine(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(sqlite_immediate=True)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work under BEGIN IMMEDIATE, committed on success, rolled back on error."""
        from sqlalchemy.exc import OperationalError

        try:
            with self._write_sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if "database is locked" not in str(exc.orig):
                raise
            raise DatabaseBusy("Basis data sedang dipakai proses lain; coba lagi sebentar "
                               "lagi.") from exc

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        with self.read() as s:
            row = s.execute(text("SELECT value FROM meta WHERE key=:k"), {"k": key}).first()
            return row[0] if row else default

    def set_meta(self, key: str, value: str, session: Session | None = None) -> None:
        stmt = text("INSERT INTO meta(key, value) VALUES(:k, :v) "
                    "ON CONFLICT(key) DO UPDATE SET value=excluded.value")
        if session is not None:
            session.execute(stmt, {"k": key, "v": value})
            return
        with self.write() as s:
            s.execute(stmt, {"k": key, "v": value})

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path, backups: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        migrate(path, backups)
    except SchemaTooNewError:
        raise
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"Berkas basis data tidak dapat dibuka ({exc}). Pulihkan dari folder cadangan."
        ) from exc
    return Database(path)
