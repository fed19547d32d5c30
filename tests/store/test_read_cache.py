"""Counts reused until the data changes (queries.cached_read), on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, insert, select

from khronika.store import Store, aggregates, open_store, queries
from khronika.store.database import create_engine_for
from khronika.store.queries import EventFilter, cached_read
from khronika.store.schema import places
from tests.factories import make_document, make_event


def _counts(store: Store, flt: EventFilter) -> tuple[int, dict[str, int], int]:
    with store.reader() as conn:
        by_type = aggregates.monthly_counts(conn, flt, by="type")
        return queries.count_events(conn, flt), aggregates.region_counts(conn, flt), sum(c.count for c in by_type)


def test_counts_follow_writes_through_the_same_store(store: Store) -> None:
    assert _counts(store, EventFilter()) == (0, {}, 0)
    doc_id = store.add_document(make_document())[0]
    store.add_events(doc_id, [make_event()])
    assert _counts(store, EventFilter()) == (1, {"Mangystau Region": 1}, 1)
    store.add_events(doc_id, [make_event(), make_event()])
    assert _counts(store, EventFilter()) == (3, {"Mangystau Region": 3}, 3)


def test_counts_follow_a_commit_by_another_process(store: Store, store_url: str) -> None:
    doc_id = store.add_document(make_document())[0]
    store.add_events(doc_id, [make_event()])
    assert _counts(store, EventFilter()) == (1, {"Mangystau Region": 1}, 1)
    with open_store(store_url) as other:  # its own engine and connections, as another process has
        other.add_events(doc_id, [make_event()])
    assert _counts(store, EventFilter()) == (2, {"Mangystau Region": 2}, 2)


def test_counts_depend_on_the_viewers_scope(store: Store) -> None:
    doc_id = store.add_document(make_document())[0]
    store.add_events(doc_id, [make_event()])
    with store.reader() as conn:
        assert queries.count_events(conn, EventFilter()) == 1
        assert queries.count_events(conn, EventFilter(levels=("public",))) == 0
        assert queries.count_events(conn, EventFilter(levels=("internal",))) == 1


def test_a_write_in_the_same_transaction_is_seen(store: Store, store_url: str) -> None:
    engine = create_engine_for(store_url)
    try:
        with engine.begin() as conn:

            def count() -> int:
                return int(conn.execute(select(func.count()).select_from(places)).scalar_one())

            assert cached_read(conn, "places", count) == 0
            conn.execute(insert(places), {"name": "Seversk", "country": "KZ"})
            assert cached_read(conn, "places", count) == 1
    finally:
        engine.dispose()


def test_sqlite_computes_once_per_key_and_postgresql_every_time(store: Store, store_url: str) -> None:
    engine = create_engine_for(store_url)
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    try:
        with engine.connect() as conn:
            for key in ("a", "a", "b", "a"):
                assert cached_read(conn, key, partial(compute, key)) == key.upper()
        expected = {"sqlite": ["a", "b"], "postgresql": ["a", "a", "b", "a"]}[engine.dialect.name]
        assert calls == expected
    finally:
        engine.dispose()


def test_search_finds_a_document_added_after_the_same_search(store: Store) -> None:
    store.add_document(make_document())
    assert [h.kind for h in store.search("вымышленного", limit=10)] == ["document"]
    store.add_document(make_document(text="Ещё один отчёт: рабочие вымышленного завода бастуют."))
    assert [h.kind for h in store.search("вымышленного", limit=10)] == ["document", "document"]
