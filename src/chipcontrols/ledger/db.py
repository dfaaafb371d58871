"""Open the ledger database and hand out transactions that are safe under concurrency.

Where: `--db URL`, else $CHIPCONTROLS_DB, else SQLite at data_dir()/ledger.sqlite.

Concurrency: every write transaction is serialised before it reads anything it will change.
SQLite: BEGIN IMMEDIATE takes the database write lock at the start of the transaction.
PostgreSQL: pg_advisory_xact_lock(LEDGER_LOCK) as the first statement (held until commit).
One writer at a time is also what the hash-chained audit log needs (each record names the one
before it). On top of that, balances only ever move through conditional UPDATEs
(`... WHERE remaining >= :n`), so even a code path that forgot the lock could not overdraw.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.paths import data_dir

LEDGER_LOCK = 762_0001  # advisory lock id (15 CFR 762 + 1); any constant all writers share
MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(ChipControlsError):
    code = "database_unavailable"


class SchemaNotReady(ChipControlsError):
    code = "schema_not_ready"


def resolve_url(url: str | None = None) -> str:
    url = url or os.environ.get("CHIPCONTROLS_DB") or f"sqlite:///{data_dir() / 'ledger.sqlite'}"
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
    if not url.startswith(("sqlite", "postgresql+psycopg://")):
        raise InputError(f"Unsupported database URL '{url}'.",
                         hint="Use sqlite:///path/to/ledger.sqlite or postgresql://user@host:port/dbname.")
    return url


class Ledger:
    """A ledger database. `transaction()` for writes, `reader()` for reads."""

    def __init__(self, url: str | None = None, *, busy_timeout_ms: int = 30_000, pool_size: int = 20,
                 connect_args: dict | None = None):
        self.url = resolve_url(url)
        self.dialect = "sqlite" if self.url.startswith("sqlite") else "postgresql"
        if self.dialect == "sqlite":
            path = self.url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(self.url, "BEGIN IMMEDIATE", busy_timeout_ms)
            self.read_engine = _sqlite_engine(self.url, "BEGIN", busy_timeout_ms)
        else:
            self.engine = create_engine(self.url, pool_size=pool_size, max_overflow=60, pool_pre_ping=True,
                                        pool_timeout=30, connect_args=connect_args or {}, json_serializer=_json_text,
                                        json_deserializer=orjson.loads)
            self.read_engine = self.engine
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._sqlite_writer_lock = threading.Lock()
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Ledger({self.engine.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction, serialised against every other writer; commits on success."""
        if self.dialect == "sqlite":
            # Queue this process's writers on a lock first: SQLite's busy handler polls with growing
            # sleeps, which turns contention into long tail latency. Other processes still meet
            # BEGIN IMMEDIATE + busy_timeout.
            with self._sqlite_writer_lock, self._writer() as session, session.begin():
                yield session
            return
        with self._writer() as session, session.begin():
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LEDGER_LOCK})
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def upgrade(self) -> str:
        """Apply Alembic migrations up to head; returns the revision now current."""
        from alembic import command

        with self.engine.begin() as connection:
            command.upgrade(self._alembic_config(connection), "head")
        return self.revision()

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.read_engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def require_schema(self) -> None:
        if self.revision() is None:
            raise SchemaNotReady(f"The ledger at {self!r} has no tables yet.",
                                 hint="Run `chipcontrols db upgrade` (with the same --db) first.")

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    def _alembic_config(self, connection):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        return config


def _json_text(value) -> str:
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_engine(url: str, begin: str, busy_timeout_ms: int) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
                           pool_size=20, max_overflow=60, json_serializer=_json_text, json_deserializer=orjson.loads)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (pysqlite would defer it)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cursor.execute("PRAGMA synchronous=FULL")  # a committed compliance record survives a power cut
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(begin)

    return engine
