"""Opening databases and migrating them, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from khronika.errors import StoreError
from khronika.store import Store, open_store
from khronika.store.database import alembic_config, create_engine_for
from khronika.store.schema import metadata

TABLES = [
    "actor_names",
    "actors",
    "alembic_version",
    "audit_log",
    "case_corrections",
    "case_events",
    "case_people",
    "cases",
    "documents",
    "drafts",
    "event_actors",
    "events",
    "evidence",
    "field_keys",
    "merge_suggestions",
    "originals",
    "places",
    "sessions",
    "users",
]


def _our_tables(url: str) -> list[str]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            # Search tables differ by backend (FTS5 and its shadow tables, or search_parts).
            return sorted(t for t in inspect(conn).get_table_names() if "_fts" not in t and t != "search_parts")
    finally:
        engine.dispose()


def _execute(url: str, sql: str, params: dict[str, Any] | None = None) -> None:
    engine = create_engine_for(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params or {})
    finally:
        engine.dispose()


def test_migration_from_empty_creates_every_table(store_url: str) -> None:
    opened = open_store(store_url, migrate=False)
    try:
        assert _our_tables(store_url) == []
        opened.migrate()
        assert _our_tables(store_url) == TABLES
        opened.migrate()  # a second upgrade is a no-op, not an error
        assert opened.count_documents() == 0
    finally:
        opened.close()


def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(store: Store, store_url: str) -> None:
    engine = create_engine_for(store_url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()
    store.migrate()
    assert _our_tables(store_url) == TABLES
    assert store.search("anything") == []


# SQLite reflection cannot read the expression index; test_places_are_not_duplicated covers it.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index uq_places_key")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index 'uq_places_key'")
def test_migrated_schema_matches_schema_py(store: Store, store_url: str) -> None:
    def ours(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
        # Search structures differ by backend on purpose and are not in schema.py.
        skipped = ("alembic_version",)
        return not (name and ("_fts" in name or name.startswith("search_parts") or name in skipped))

    engine = create_engine_for(store_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": ours, "compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_reopening_a_migrated_database_keeps_its_rows(store_url: str) -> None:
    from tests.factories import make_document

    first = open_store(store_url)
    doc_id, _ = first.add_document(make_document())
    first.close()
    second = open_store(store_url)
    try:
        assert second.count_documents() == 1
        assert second.get_document(doc_id) is not None
    finally:
        second.close()


def test_newer_revision_is_refused_with_advice(store: Store, store_url: str) -> None:
    store.close()
    _execute(store_url, "UPDATE alembic_version SET version_num = 'f00dface'")
    with pytest.raises(StoreError, match=r"revision 'f00dface'.*newer khronika.*upgrade khronika"):
        open_store(store_url)


def test_foreign_database_is_refused(store_url: str) -> None:
    _execute(store_url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a khronika database"):
        open_store(store_url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@localhost/db", "unsupported database 'mysql'"),
        ("not a url", "is not a database URL"),
    ],
)
def test_unsupported_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(url)


def test_missing_directory_names_the_path(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'k.db'}"
    with pytest.raises(StoreError, match=r"no/such/dir/k\.db: cannot open the database"):
        open_store(url)


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("foreign_keys", 1), ("journal_mode", "wal"), ("busy_timeout", 10000), ("synchronous", 1)],
)
def test_sqlite_connections_are_configured(tmp_path: Path, pragma: str, expected: object) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text(f"PRAGMA {pragma}")).scalar() == expected
    finally:
        engine.dispose()


def test_sqlite_goes_through_sqlcipher(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        with engine.connect() as conn:
            # Only SQLCipher builds answer this pragma; stdlib sqlite3 returns nothing.
            assert conn.execute(text("PRAGMA cipher_version")).scalar()
    finally:
        engine.dispose()


@pytest.mark.parametrize("table", ["documents", "events", "actors", "places", "evidence", "users", "audit_log"])
def test_every_table_with_an_id_keeps_autoincrement_after_all_migrations(tmp_path: Path, table: str) -> None:
    # Regression: SQLite batch mode rebuilt tables without AUTOINCREMENT, so a deleted event's id
    # was handed to the next one.
    url = f"sqlite:///{tmp_path / 'k.db'}"
    open_store(url).close()
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar_one()
    finally:
        engine.dispose()
    assert "AUTOINCREMENT" in sql.upper()


def _alembic(url: str, action: str, revision: str) -> None:
    engine = create_engine_for(url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            tables = ("documents", "events", "evidence", "actors", "event_actors", "places", "originals")
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    finally:
        engine.dispose()


def test_upgrading_and_downgrading_a_populated_database_keeps_every_row(store: Store, store_url: str) -> None:
    # Regression: SQLite batch mode rebuilt `events` with foreign keys on, which emptied `evidence`
    # and `event_actors` when a database holding data was upgraded from 0002 to 0003.
    from tests.factories import make_document, make_event

    doc_id, _ = store.add_document(make_document())
    store.add_events(doc_id, [make_event(), make_event(type="detention")])
    before = _counts(store_url)
    assert before["evidence"] > 0 and before["event_actors"] > 0

    _alembic(store_url, "downgrade", "0001")
    assert _counts(store_url) == before
    _alembic(store_url, "upgrade", "head")
    assert _counts(store_url) == before
    assert all(e.evidence and e.actors for e in store.list_events(document_id=doc_id))
