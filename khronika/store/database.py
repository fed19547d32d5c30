"""Opening a store: one SQLAlchemy engine for SQLite (through SQLCipher's driver) or PostgreSQL.

Migrations are Alembic's, configured here in code, so no alembic.ini has to sit next to the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import attach, has_field_keys, load_cipher
from khronika.store.crypto import key_pragma, unlock
from khronika.store.people import seal_existing
from khronika.store.store import Store

_SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")
_POSTGRES_DRIVERS = ("postgresql", "postgres", "postgresql+psycopg")
_SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA synchronous=NORMAL",
)
# Any number will do as long as every khronika process migrating one server uses the same one.
_MIGRATION_LOCK_ID = 0x6B68726F
# The key a PostgreSQL store opened without one gets: None, except in the test suite
# (tests/conftest.py), whose PostgreSQL stores stand for servers run with KHRONIKA_KEY set.
postgres_default_key: str | None = None


def open_store(url: str, *, migrate: bool = True, key: str | None = None) -> Store:
    """Open the database at an SQLAlchemy URL (sqlite:///path.db or postgresql://...), migrating it to head.

    With `key`, an SQLite file is encrypted with SQLCipher (a new file is created encrypted); on
    PostgreSQL the key seals confidential fields and protected names (khronika.protect.fieldcrypt).
    TOTP secrets are sealed with it on both.
    """
    if key is None and _driver_of(url) in _POSTGRES_DRIVERS:
        key = postgres_default_key
    engine = create_engine_for(url, key=key)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            _check_revision(conn, shown=shown)
    except DBAPIError as err:
        engine.dispose()
        raise StoreError(
            f"{shown}: cannot open the database ({err.orig}); check the path or server and access rights"
        ) from err
    except StoreError:
        engine.dispose()
        raise
    store = Store(engine, migrator=lambda e: _migrate_and_load_cipher(e, key=key))
    try:
        if migrate:
            store.migrate()
        else:
            _load_cipher(engine, key=key)
    except BaseException:
        store.close()
        raise
    return store


def _driver_of(url: str) -> str | None:
    """Return the driver name of a database URL, or None when it does not parse."""
    try:
        return make_url(url).drivername
    except ArgumentError:
        return None


def _migrate_and_load_cipher(engine: Engine, *, key: str | None) -> None:
    migrate_to_head(engine)
    _load_cipher(engine, key=key)


def _load_cipher(engine: Engine, *, key: str | None) -> None:
    # The salt row is written once, by the first process that opens the store with a key; that
    # process also seals what an older khronika, or a store without a key, left plain.
    with _write_connection(engine) as conn:
        cipher, created = load_cipher(conn, key)
        locked = cipher is None and conn.dialect.name == "postgresql" and has_field_keys(conn)
        attach(engine, cipher, sealed_without_key=locked)
        if created:
            seal_existing(conn)


def migrate_to_head(engine: Engine) -> None:
    """Upgrade the database behind `engine` to the newest schema revision, in one transaction."""
    config = alembic_config()
    try:
        with _write_connection(engine) as conn:
            if conn.dialect.name == "postgresql":
                # Two processes starting on one fresh server must not both create the tables.
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except DBAPIError as err:
        shown = engine.url.render_as_string(hide_password=True)
        raise StoreError(
            f"{shown}: upgrading the schema failed and was rolled back ({err.orig}); "
            "check that the user may create tables, then open the store again"
        ) from err


def alembic_config() -> Config:
    """Return the Alembic configuration for khronika's migrations inside the package."""
    config = Config()
    config.set_main_option("script_location", "khronika.store:migrations")
    return config


@contextmanager
def _write_connection(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in a write transaction (BEGIN IMMEDIATE on SQLite), committed on success."""
    with engine.connect() as conn:
        conn.execution_options(khronika_write=True)
        with conn.begin():
            yield conn


def create_engine_for(url: str, *, key: str | None = None) -> Engine:
    """Return an engine set up as open_store sets it up (driver, SQLite pragmas), without touching the schema."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreError(
            f"{url!r} is not a database URL; use sqlite:///path/to/khronika.db or postgresql://..."
        ) from err
    if parsed.drivername in _SQLITE_DRIVERS:
        return _sqlite_engine(parsed.set(drivername="sqlite+pysqlite"), key=key)
    if parsed.drivername in _POSTGRES_DRIVERS:
        return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
    raise StoreError(
        f"{parsed.render_as_string(hide_password=True)}: unsupported database {parsed.drivername!r}; "
        "use sqlite:///path/to/khronika.db or postgresql://user@host/dbname"
    )


def _sqlite_engine(url: URL, *, key: str | None) -> Engine:
    # sqlcipher3 rather than the stdlib driver: the same file can later be encrypted (PRAGMA key).
    if key is not None:
        key_pragma("key", key)  # a malformed key is refused here, before any file is touched
    engine = create_engine(url, module=sqlcipher3.dbapi2, connect_args={"check_same_thread": False})
    path = url.database if url.database not in (None, "", ":memory:") else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver's own transaction handling breaks SAVEPOINT and cannot BEGIN IMMEDIATE;
        # turn it off and let the "begin" hook below open transactions.
        dbapi_conn.isolation_level = None
        # PRAGMA key must be the first statement, before these (khronika.store.crypto).
        unlock(dbapi_conn, key=key, path=path)
        cursor = dbapi_conn.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front: a deferred reader that later writes gets SQLITE_BUSY
        # at once in WAL mode, without waiting for busy_timeout.
        mode = "IMMEDIATE" if conn.get_execution_options().get("khronika_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _check_revision(conn: Connection, *, shown: str) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    current = MigrationContext.configure(conn).get_current_heads()
    for revision in current:
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise StoreError(
                f"{shown}: the database is at schema revision {revision!r}, which this khronika does not know "
                "(a newer khronika wrote it); upgrade khronika, or open another database"
            )
    if not current and inspect(conn).get_table_names():
        raise StoreError(
            f"{shown}: the database has tables but no khronika schema revision, so it is not a khronika "
            "database; give a new file or an empty database"
        )
