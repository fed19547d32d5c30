"""The audit chain: appended entries verify; altering, removing, inserting or moving one is named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, delete, insert, select, text, update

from khronika.errors import StoreError
from khronika.store.audit import GENESIS_HASH, append_entry, entry_digest, verify_chain
from khronika.store.database import create_engine_for, migrate_to_head
from khronika.store.schema import audit_log
from khronika.store.store import Store
from tests.factories import make_document, make_event


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """A migrated database with five audit entries, ids 1 to 5."""
    engine = create_engine_for(store_url)
    migrate_to_head(engine)
    with engine.begin() as conn:
        for n in range(1, 6):
            append_entry(conn, actor=f"user{n}", action="edit", target=f"event:{n}", detail={"n": n, "why": "тест"})
    try:
        yield engine
    finally:
        engine.dispose()


def _verify(engine: Engine) -> tuple[bool, int | None, str]:
    with engine.connect() as conn:
        result = verify_chain(conn)
    return result.ok, result.first_bad_id, result.problem


def _row(conn: Connection, entry_id: int) -> dict[str, object]:
    row = conn.execute(select(audit_log).where(audit_log.c.id == entry_id)).one()
    return {k: v for k, v in row._asdict().items() if k != "id"}


def test_intact_chain_verifies(engine: Engine) -> None:
    with engine.connect() as conn:
        result = verify_chain(conn)
        last = conn.execute(select(audit_log.c.hash).where(audit_log.c.id == 5)).scalar_one()
    assert (result.ok, result.first_bad_id, result.problem, result.entries) == (
        True,
        None,
        "5 entries, chain intact",
        5,
    )
    assert result.head_hash == last


def test_empty_log_verifies(store_url: str) -> None:
    engine = create_engine_for(store_url)
    try:
        migrate_to_head(engine)
        assert _verify(engine) == (True, None, "0 entries, chain intact")
    finally:
        engine.dispose()


def test_entries_link_to_the_one_before(engine: Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
    assert [r.id for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert rows[2].detail == {"n": 3, "why": "тест"}


def test_digest_covers_every_field() -> None:
    at = datetime(2024, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
    base = {
        "at": at,
        "actor": "ana",
        "action": "review",
        "target": "event:1",
        "detail": {"state": "confirmed"},
        "prev_hash": GENESIS_HASH,
    }
    digests = {entry_digest(**base)}  # type: ignore[arg-type]
    changes: dict[str, object] = {
        "at": datetime(2024, 3, 4, 5, 6, 7, 123457, tzinfo=UTC),
        "actor": "anb",
        "action": "merge",
        "target": None,
        "detail": {"state": "rejected"},
        "prev_hash": "1" * 64,
    }
    for field, value in changes.items():
        digests.add(entry_digest(**{**base, field: value}))  # type: ignore[arg-type]
    assert len(digests) == 7


def test_one_changed_byte_of_detail_is_named(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("UPDATE audit_log SET detail = replace(detail, '3', '4') WHERE id = 3"))
        else:
            conn.execute(text('UPDATE audit_log SET detail = \'{"n": 4, "why": "тест"}\' WHERE id = 3'))
    assert _verify(engine) == (False, 3, "audit entry 3 was altered or forged: its contents do not match its hash")


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor", "someone else"), ("action", "export"), ("target", "event:99"), ("at", datetime(2020, 1, 1, tzinfo=UTC))],
)
def test_changed_column_is_named(engine: Engine, column: str, value: object) -> None:
    with engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id == 2).values({column: value}))
    assert _verify(engine) == (False, 2, "audit entry 2 was altered or forged: its contents do not match its hash")


@pytest.mark.parametrize(
    ("removed", "first_bad", "problem"),
    [
        (1, 2, "audit entries removed at the start, before entry 2"),
        (3, 4, "audit entries removed after entry 2, before entry 4"),
    ],
)
def test_removed_entry_is_named(engine: Engine, removed: int, first_bad: int, problem: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id == removed))
    assert _verify(engine) == (False, first_bad, problem)


def test_two_removed_entries_are_counted(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id.in_([2, 3])))
    assert _verify(engine) == (False, 4, "audit entries removed after entry 1, before entry 4")


def test_entry_cut_off_the_end_is_named_on_sqlite(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id == 5))
    ok, first_bad, problem = _verify(engine)
    if engine.dialect.name == "sqlite":
        assert (ok, first_bad, problem) == (
            False,
            4,
            "audit entries after 4 up to 5 were removed from the end of the log",
        )
    else:
        # PostgreSQL keeps no trace of it: only the head hash kept elsewhere shows it (docs/security.md).
        assert (ok, first_bad) == (True, None)


@pytest.mark.parametrize(("a", "b", "after"), [(2, 4, 3), (3, 4, 4), (1, 5, 4)])
def test_swapped_entries_are_named(engine: Engine, a: int, b: int, after: int) -> None:
    with engine.begin() as conn:
        row_a, row_b = _row(conn, a), _row(conn, b)
        # The hash column is unique: park one row's hash while the other takes it.
        conn.execute(update(audit_log).where(audit_log.c.id == a).values(hash="x"))
        conn.execute(update(audit_log).where(audit_log.c.id == b).values(row_a))
        conn.execute(update(audit_log).where(audit_log.c.id == a).values(row_b))
    # Entry a now holds what was written as entry b, right after the entry now found at `after`.
    assert _verify(engine) == (False, a, f"audit entry {a} is out of order: it was written after entry {after}")


def test_forged_entry_with_a_made_up_hash_is_named(engine: Engine) -> None:
    with engine.begin() as conn:
        last = conn.execute(select(audit_log.c.hash).where(audit_log.c.id == 5)).scalar_one()
        conn.execute(
            insert(audit_log).values(
                id=6,
                at=datetime(2024, 1, 1, tzinfo=UTC),
                actor="forger",
                action="review",
                target="event:1",
                detail={},
                prev_hash=last,
                hash="f" * 64,
            )
        )
    assert _verify(engine) == (False, 6, "audit entry 6 was altered or forged: its contents do not match its hash")


def test_entry_inserted_with_a_recomputed_hash_is_named(engine: Engine) -> None:
    # A forger who knows the hash rule removes entry 3 and writes their own in its place;
    # entry 4 still names the original 3 as its predecessor.
    with engine.begin() as conn:
        prev = conn.execute(select(audit_log.c.hash).where(audit_log.c.id == 2)).scalar_one()
        conn.execute(delete(audit_log).where(audit_log.c.id == 3))
        at = datetime(2024, 1, 1, tzinfo=UTC)
        fields = {"at": at, "actor": "forger", "action": "review", "target": "event:1", "detail": {}}
        forged = entry_digest(prev_hash=prev, **fields)  # type: ignore[arg-type]
        conn.execute(insert(audit_log).values(id=3, prev_hash=prev, hash=forged, **fields))
    assert _verify(engine) == (
        False,
        3,
        "audit entry 3 was replaced or rewritten: entry 4 was written after a different entry",
    )


def test_entry_inserted_between_others_is_named(engine: Engine) -> None:
    # Ids 1..5 leave no room: move 4 and 5 up to 14 and 15, then put a forged entry, hashed to
    # follow entry 3, at id 10.
    with engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.id >= 4).values(id=audit_log.c.id + 10))
        prev = conn.execute(select(audit_log.c.hash).where(audit_log.c.id == 3)).scalar_one()
        fields = {"at": datetime(2024, 1, 1, tzinfo=UTC), "actor": "f", "action": "edit", "target": None, "detail": {}}
        forged = entry_digest(prev_hash=prev, **fields)  # type: ignore[arg-type]
        conn.execute(insert(audit_log).values(id=10, prev_hash=prev, hash=forged, **fields))
    ok, first_bad, problem = _verify(engine)
    assert (ok, first_bad, problem) == (
        False,
        10,
        "audit entry 10 was inserted: entry 14 was written right after entry 3",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"actor": ""}, "audit entry field 'actor' must be 1 to 120 characters; got 0"),
        ({"action": "x" * 41}, "audit entry field 'action' must be 1 to 40 characters; got 41"),
        ({"detail": {"when": datetime(2024, 1, 1)}}, "audit entry detail must hold only JSON values"),
        ({"detail": {"x": float("nan")}}, "audit entry detail must hold only JSON values"),
    ],
)
def test_bad_entries_are_refused(engine: Engine, fields: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"actor": "ana", "action": "edit", "target": None, "detail": {}, **fields}
    with engine.begin() as conn, pytest.raises(StoreError) as raised:
        append_entry(conn, **args)  # type: ignore[arg-type]
    assert str(raised.value).startswith(message)


def test_whole_floats_hash_alike_on_both_backends(engine: Engine) -> None:
    with engine.begin() as conn:
        append_entry(conn, actor="ana", action="edit", target=None, detail={"a": 1.0, "b": 1e20, "c": 0.25})
    assert _verify(engine) == (True, None, "6 entries, chain intact")


def _entries(url: str) -> list[tuple[int, str, str, str | None, dict[str, object]]]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
            assert verify_chain(conn).ok is True
    finally:
        engine.dispose()
    return [(r.id, r.actor, r.action, r.target, r.detail) for r in rows]


def test_store_writes_append_entries_in_their_transaction(store: Store, store_url: str) -> None:
    doc_id, created = store.add_document(make_document(), events=[make_event()], actor="ana")
    assert (doc_id, created) == (1, True)
    store.add_document(make_document(), actor="ana")  # a duplicate writes nothing
    store.add_events(doc_id, [make_event()], actor="bob")
    store.replace_proposed_events(doc_id, [make_event()], extracted_by="khronika.rules.ru/1", actor="cli")
    store.set_review(3, "confirmed", actor="ana")
    with pytest.raises(StoreError):
        store.set_review(99, "confirmed", actor="ana")  # rolled back with its entry
    sha = make_document().sha256
    assert _entries(store_url) == [
        (1, "ana", "ingest", "document:1", {"sha256": sha, "events": [1]}),
        (2, "bob", "extract", "document:1", {"events": [2]}),
        (3, "cli", "extract", "document:1", {"events": [3], "removed": [1, 2], "extracted_by": "khronika.rules.ru/1"}),
        (4, "ana", "review", "event:3", {"state": "confirmed"}),
    ]


def test_default_actor_is_system(store: Store, store_url: str) -> None:
    store.add_document(make_document())
    assert [entry[1:3] for entry in _entries(store_url)] == [("system", "ingest")]


def test_a_recorded_head_shows_entries_cut_off_the_end(engine: Engine) -> None:
    with engine.connect() as conn:
        head = verify_chain(conn).head_hash
        four = conn.execute(select(audit_log.c.hash).where(audit_log.c.id == 4)).scalar_one()
        assert verify_chain(conn, anchor=four).ok is True  # an older head is still part of the chain
    with engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.id == 5))
        if conn.dialect.name == "sqlite":
            # Cover the tracks that SQLite's id counter would otherwise show.
            conn.execute(text("UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_log'"))
    with engine.connect() as conn:
        assert verify_chain(conn).ok is True
        result = verify_chain(conn, anchor=head)
    assert (result.ok, result.first_bad_id, result.problem) == (
        False,
        4,
        f"the recorded head {head} is not in the chain: entries were cut off the end, or the whole log was rewritten",
    )


def test_log_action_appends_one_entry(store: Store, store_url: str) -> None:
    assert store.log_action("export", actor="ana", target="events", detail={"format": "csv", "rows": 12}) == 1
    assert store.log_action("login", actor="bob") == 2
    assert _entries(store_url) == [
        (1, "ana", "export", "events", {"format": "csv", "rows": 12}),
        (2, "bob", "login", None, {}),
    ]
