"""Engine and session setup for the central server: SQLite (WAL) by default, PostgreSQL by URL.

On SQLite every write unit starts with ``BEGIN IMMEDIATE`` so concurrent writers queue on
the busy timeout instead of failing on a lock upgrade; reads use a plain ``BEGIN``.
On PostgreSQL the default READ COMMITTED isolation is used; the counter rows serialise
writers where order matters.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from sqlalchemy import Engine, Row, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from lapor_central.models import CatalogDoc, Counter, ServerSecret

BUSY_TIMEOUT_MS = 30_000
# Tracking ids start here so they look like LAPOR!'s (seven digits) from the first report.
TRACKING_START = 1_000_000


def utcnow() -> datetime:
    """Naive UTC, the form stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso_utc(value: datetime) -> str:
    return value.isoformat(timespec="microseconds") + "Z"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and pick the psycopg 3 driver for it."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def configure_sqlite_engine(engine: Engine, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """WAL, synchronous=FULL and foreign keys on every connection; BEGIN IMMEDIATE on
    ``sqlite_immediate`` units. Central keeps its own storage setup (it shares only
    lapor_protocol with the desktop), so this mirrors the desktop store's pragmas."""

    def on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in (f"busy_timeout={int(busy_timeout_ms)}", "journal_mode=WAL",
                       "synchronous=FULL", "foreign_keys=ON"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    def on_begin(conn) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def make_engine(url: str) -> Engine:
    # hide_parameters: a database error must never put a complainant's data in a log.
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=20, max_overflow=20, hide_parameters=True)
        # WAL + synchronous=FULL: an "accepted" answer must survive a power cut, or the
        # client never resends.
        configure_sqlite_engine(engine, BUSY_TIMEOUT_MS)
        return engine
    # No pre-ping: it cost a round trip on every checkout (~19 % of the morning's samples).
    # A connection PostgreSQL dropped fails one request, which the client retries (every
    # push is idempotent), and the pool replaces it; pool_recycle retires idle ones.
    return create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800,
                         hide_parameters=True)


class Database:
    """One engine; ``read()`` and ``write()`` hand out short-lived sessions.

    ``write()`` commits on success and rolls back on any exception, so a request either
    writes everything it meant to or nothing.
    """

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(sqlite_immediate=True),
                                   expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the transaction without expiring loaded rows.
        with self._read() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic, lapor_central/migrations) and
        seed counters and the catalogue into an empty database. Safe to run on every start:
        an up-to-date database is left as it is."""
        from alembic import command

        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two servers starting at once must not both create the tables.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7355608)")
            command.upgrade(alembic_config(conn), "head")
        self._seed()

    def _seed(self) -> None:
        with self.write() as s:
            for name, start in (("tracking", TRACKING_START), ("event", 0)):
                if s.get(Counter, name) is None:
                    s.add(Counter(name=name, value=start))
            if s.scalar(select(CatalogDoc.id).limit(1)) is None:
                doc = json.loads(resources.files("lapor_protocol.resources")
                                 .joinpath("catalog_sintang.json").read_text("utf-8"))
                s.add(CatalogDoc(id=1, version=str(doc["version"]),
                                 document=json.dumps(doc, ensure_ascii=False)))

    def revision(self) -> str | None:
        """The schema revision the database is at (None before the first migration)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location",
                        str(resources.files("lapor_central") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def server_secret(db: Database, name: str) -> bytes:
    """A random 32-byte key kept in the database (shared by every worker and kept across
    restarts), created on first use; cached per process."""
    cache = db.__dict__.setdefault("_secrets", {})
    if name in cache:
        return cache[name]
    with db.read() as s:
        row = s.get(ServerSecret, name)
    if row is None:
        try:
            with db.write() as s:
                s.add(ServerSecret(name=name, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another worker created it first
        with db.read() as s:
            row = s.get(ServerSecret, name)
    assert row is not None
    cache[name] = bytes.fromhex(row.value)
    return cache[name]


def reserve(session: Session, name: str, n: int) -> int:
    """Bump a counter by ``n`` inside the caller's transaction; return the new (last) value.

    The row stays locked until the transaction ends, so concurrent writers receive their
    ranges in commit order.
    """
    table = Counter.__table__
    return int(session.execute(update(table).where(table.c.name == name)
                               .values(value=table.c.value + n)
                               .returning(table.c.value)).scalar_one())


def reserve_many(session: Session, amounts: dict[str, int]) -> dict[str, int]:
    """:func:`reserve` for several counters, in the order given: every writer takes the
    counter rows in the same order (tracking before event), so two never deadlock."""
    return {name: reserve(session, name, n) for name, n in amounts.items()}


def next_value(session: Session, name: str) -> int:
    """Bump a counter by one inside the caller's transaction and return the new value."""
    session.flush()
    return reserve(session, name, 1)


def upsert_returning(session: Session, table: Any, values: dict[str, Any], key: list[str],
                     set_: dict[str, Any], returning: list[Any]) -> Row[Any]:
    """``INSERT … ON CONFLICT (key) DO UPDATE SET … RETURNING …`` on either engine: one
    atomic statement, so concurrent counters never read-then-write (both PostgreSQL and
    SQLite ≥ 3.35 support it)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt: Any = dialect.insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(index_elements=key, set_=set_).returning(*returning)
    return session.execute(stmt).one()
