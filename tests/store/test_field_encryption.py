"""Field encryption on PostgreSQL: canaries planted in sealed fields never show in any raw row.

The `store` fixture opens PostgreSQL with the test suite's key (tests/conftest.py); the SQLite
branch checks that there, with the file encrypted whole, fields stay plain and TOTP is sealed.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from khronika.errors import StoreError
from khronika.protect.roles import ANONYMOUS, viewer_for
from khronika.records import Actor, Evidence
from khronika.store import Store, open_store
from khronika.store import database as store_database
from khronika.store.crypto import connect_file, rekey_database
from khronika.store.database import create_engine_for
from khronika.store.queries import EventFilter, select_events
from khronika.store.search import fold_text
from tests.factories import make_document, make_event

# Unique words no fixture or code holds; each is checked raw, folded and (for bytes) in hex.
TITLE = "Qzxtitlecanary"
BODY = "Qzxbodycanary"
ORIGINAL = "Qzxoriginalcanary"
DETAILS = "Qzxdetailscanary"
QUOTE = "Qzxquotecanary"
WITNESS = "Qzxwitnesscanary Zhanbolatova"
VARIANT = "Кзхвариантканарейка"
TOTP = "QZXTOTPCANARYSECRET234567"
CANARIES = (TITLE, BODY, ORIGINAL, DETAILS, QUOTE, "Qzxwitnesscanary", VARIANT, TOTP)
EDITOR = viewer_for("ed", "editor")
VIEWER = viewer_for("vi", "viewer")


@pytest.fixture
def planted(store: Store) -> Iterator[Store]:
    """Store a confidential document and event, a protected witness and a TOTP secret, all canaries."""
    body = f"Сообщение {BODY}: свидетель {WITNESS} видел задержание. {QUOTE} подтвердил."
    doc = make_document(body, title=f"Отчёт {TITLE}", level="confidential", original=f"{body} {ORIGINAL}".encode())
    witness = Actor(name=WITNESS, kind="person", role="witness", variants=[VARIANT])
    event = make_event(
        type="detention",
        level="confidential",
        actors=[witness],
        details={"note": f"{DETAILS} asked for protection"},
        evidence=[Evidence(start=0, end=len(body), text=f"{QUOTE} {body}")],
    )
    store.add_document(doc, events=[event])
    store.people.protect(WITNESS, also=[VARIANT])
    store.people.add_user("ana", "editor", "hash", now=datetime(2026, 1, 1, tzinfo=UTC))
    store.people.update_user("ana", totp_secret=TOTP)
    yield store


def raw_rows(url: str) -> list[str]:
    """Return every value of every table as text, read with plain SQL past the store's column types."""
    engine: Engine = create_engine_for(url)
    found: list[str] = []
    try:
        with engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                columns = [c["name"] for c in inspect(conn).get_columns(table)]
                # quote() shows an SQLite blob as X'hex'; PostgreSQL casts bytea to \\x and hex.
                shown = "quote" if conn.dialect.name == "sqlite" else "CAST"
                listed = ", ".join(f'{shown}("{c}")' if shown == "quote" else f'CAST("{c}" AS TEXT)' for c in columns)
                found += [str(v) for row in conn.execute(text(f'SELECT {listed} FROM "{table}"')) for v in row]
    finally:
        engine.dispose()
    return found


def leaked(values: list[str]) -> list[str]:
    """Return the canaries that show in these values: as written, folded, or as hex bytes."""
    joined = "\n".join(values)
    lowered = joined.casefold()
    shown = []
    for canary in CANARIES:
        forms = {canary.casefold(), fold_text(canary), binascii.hexlify(canary.encode()).decode()}
        if any(form in lowered for form in forms):
            shown.append(canary)
    return shown


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_no_canary_shows_in_any_raw_row_on_postgres(planted: Store, store_url: str) -> None:
    values = raw_rows(store_url)
    assert len(values) > 100  # the tables were read
    assert leaked(values) == []


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_on_sqlite_without_a_key_fields_stay_plain(planted: Store, store_url: str) -> None:
    # SQLCipher encrypts the whole file once a key is given; without one nothing is sealed.
    assert leaked(raw_rows(store_url)) == list(CANARIES)


def test_the_store_returns_every_sealed_field_intact(planted: Store) -> None:
    doc = planted.get_document(1)
    assert doc is not None
    meta = {"author": "Тестовый автор", "tags": ["fiction"]}
    assert (doc.title, doc.meta, doc.level) == (f"Отчёт {TITLE}", meta, "confidential")
    assert doc.original is not None and doc.original.endswith(ORIGINAL.encode())
    assert doc.text.startswith(f"Сообщение {BODY}")
    event = planted.get_event(1)
    assert event is not None
    assert event.details == {"note": f"{DETAILS} asked for protection"}
    assert [e.text[:14] for e in event.evidence] == [QUOTE]
    assert [(a.name, a.variants, a.protected) for a in event.actors] == [(WITNESS, [VARIANT], True)]
    assert [(p.name, p.variants) for p in planted.people.list_protected()] == [(WITNESS, (VARIANT,))]
    user = planted.people.get_user("ana")
    assert user is not None and user.totp_secret == TOTP


@pytest.mark.parametrize(
    ("query", "viewer", "expected"),
    [
        (BODY, EDITOR, [("document", 1), ("event", 1)]),
        (TITLE.lower(), EDITOR, [("document", 1)]),
        (QUOTE, EDITOR, [("document", 1), ("event", 1)]),
        ("Qzxwitnesscanary", EDITOR, [("document", 1), ("event", 1)]),
        (f'"свидетель {WITNESS}"', EDITOR, [("document", 1), ("event", 1)]),
        (BODY, VIEWER, []),
        (BODY, ANONYMOUS, []),
        (QUOTE, VIEWER, []),
    ],
)
def test_a_whole_word_finds_a_sealed_record_only_for_a_cleared_viewer(
    planted: Store, query: str, viewer: object, expected: list[tuple[str, int]]
) -> None:
    hits = planted.search(query, viewer=viewer)  # type: ignore[arg-type]
    assert sorted((h.kind, h.id) for h in hits) == expected


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_prefix_does_not_find_a_sealed_record_on_postgres(planted: Store) -> None:
    # Blind tokens stand for whole words only (docs/security.md).
    assert planted.search(BODY[:6], viewer=EDITOR) == []


def test_the_chronicle_finds_sealed_events_by_word_and_by_protected_name(planted: Store) -> None:
    with planted.reader() as conn:
        by_word = [e.id for e in select_events(conn, EventFilter(q=QUOTE), limit=None)]
        by_actor = [e.id for e in select_events(conn, EventFilter(actor=WITNESS.lower()), limit=None)]
    assert (by_word, by_actor) == ([1], [1])


def test_a_protected_name_in_a_new_report_links_to_the_same_sealed_actor(planted: Store, store_url: str) -> None:
    again = make_event(actors=[Actor(name=WITNESS, kind="person", role="victim", variants=["Жанболатова"])])
    planted.add_document(make_document("Жанболатова снова вызвана на допрос."), events=[again])
    event = planted.get_event(2)
    assert event is not None
    assert [(a.name, a.protected, sorted(a.variants)) for a in event.actors] == [
        (WITNESS, True, sorted([VARIANT, "Жанболатова"]))
    ]
    if store_url.startswith("postgresql"):
        assert leaked(raw_rows(store_url)) == []


def test_levels_down_and_up_open_and_seal_in_place(planted: Store, store_url: str) -> None:
    people = planted.people
    people.set_level("document", 1, "internal")
    people.set_level("event", 1, "internal")
    opened = leaked(raw_rows(store_url))
    people.set_level("document", 1, "confidential")
    people.set_level("event", 1, "confidential")
    resealed = leaked(raw_rows(store_url))
    postgres = store_url.startswith("postgresql")
    # Open: the document's and event's words, the witness's name in the document's text (a
    # protected name stays plain inside a non-confidential text); the witness's own record and the
    # TOTP secret stay sealed.
    assert opened == ([TITLE, BODY, ORIGINAL, DETAILS, QUOTE, "Qzxwitnesscanary"] if postgres else list(CANARIES))
    assert resealed == ([] if postgres else list(CANARIES))
    doc, event = planted.get_document(1), planted.get_event(1)
    assert doc is not None and event is not None
    assert (doc.title, event.details) == (f"Отчёт {TITLE}", {"note": f"{DETAILS} asked for protection"})
    assert sorted((h.kind, h.id) for h in planted.search(TITLE, viewer=EDITOR)) == [("document", 1)]


# What each sealed column is read by, and how its raw value is selected and written back.
TAMPERED = [
    ("documents", "title", "id", lambda s: s.get_document(1)),
    ("documents", "meta", "id", lambda s: s.get_document(1)),
    ("originals", "content", "sha256", lambda s: s.get_original(s.list_documents()[0].sha256)),
    ("events", "details", "id", lambda s: s.get_event(1)),
    ("evidence", "text", "id", lambda s: s.get_event(1)),
    ("actors", "name", "id", lambda s: s.people.list_protected()),
    ("users", "totp_secret", "id", lambda s: s.people.get_user("ana")),
]


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
@pytest.mark.parametrize(("table", "column", "key", "read"), TAMPERED)
def test_an_altered_ciphertext_is_refused_naming_table_column_and_row(
    planted: Store, store_url: str, table: str, column: str, key: str, read: Callable[[Store], object]
) -> None:
    engine = create_engine_for(store_url)
    try:
        with engine.begin() as conn:
            row_key, stored = conn.execute(text(f'SELECT {key}, CAST("{column}" AS TEXT) FROM {table} LIMIT 1')).one()
            # One base64 digit of the sealed text changed (bytea: one hex digit of the ciphertext).
            flipped = stored[:-8] + ("0" if stored[-8] != "0" else "1") + stored[-7:]
            cast_to = {"meta": "jsonb", "details": "jsonb", "content": "bytea"}.get(column, "text")
            conn.execute(text(f'UPDATE {table} SET "{column}" = CAST(:v AS {cast_to})'), {"v": flipped})
    finally:
        engine.dispose()
    with pytest.raises(StoreError) as raised:
        read(planted)
    message = str(raised.value)
    assert message.startswith(f"{table}.{column} of row {row_key}: cannot decrypt the stored value")
    assert leaked([message]) == []


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_wrong_key_is_refused_when_the_store_opens(planted: Store, store_url: str) -> None:
    with pytest.raises(StoreError) as raised:
        open_store(store_url, key="not the key")
    assert "the key given is not the key this database's fields were encrypted with" in str(raised.value)


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_without_a_key_postgres_refuses_to_store_anything_confidential(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_database, "postgres_default_key", None)
    with open_store(store_url) as plain:
        plain.add_document(make_document(), events=[make_event()])
        attempts = [
            lambda: plain.people.set_level("document", 1, "confidential"),
            lambda: plain.people.set_level("event", 1, "confidential"),
            lambda: plain.people.protect(WITNESS),
            lambda: plain.add_document(make_document("Другой текст.", level="confidential")),
        ]
        for attempt in attempts:
            with pytest.raises(StoreError, match="set KHRONIKA_KEY"):
                attempt()
        assert plain.people.levels_of("document", [1]) == {1: "internal"}
        assert plain.count_documents() == 1


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_sealed_values_read_without_the_key_raise_instead_of_showing_ciphertext(
    planted: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_database, "postgres_default_key", None)
    with open_store(store_url) as keyless, pytest.raises(StoreError) as raised:
        keyless.get_document(1)
    assert "documents.title holds an encrypted value; give the store's key in KHRONIKA_KEY" in str(raised.value)


def test_on_sqlite_with_a_key_the_totp_secret_is_sealed_and_survives_a_rekey(tmp_path: Path) -> None:
    db = tmp_path / "keyed.db"
    with open_store(f"sqlite:///{db}", key="first key") as keyed:
        keyed.people.add_user("ana", "editor", "hash", now=datetime(2026, 1, 1, tzinfo=UTC))
        keyed.people.update_user("ana", totp_secret=TOTP)
    raw = connect_file(db, key="first key")
    try:
        (stored,) = raw.execute("SELECT totp_secret FROM users").fetchone()
    finally:
        raw.close()
    assert stored.startswith("enc1:") and TOTP not in stored
    rekey_database(db, key="first key", new_key="second key")
    with open_store(f"sqlite:///{db}", key="second key") as rekeyed:
        user = rekeyed.people.get_user("ana")
    assert user is not None and user.totp_secret == TOTP


def test_linking_into_a_plain_actor_seals_its_name_and_every_spelling(planted: Store, store_url: str) -> None:
    linked = "Qzxlinkedcanary Person"
    event = make_event(actors=[Actor(name=linked, kind="person", role="victim", variants=["Qzxspellingcanary"])])
    planted.add_document(make_document("Другой отчёт без имён."), events=[event])
    planted.links.link_actors(1, 2, actor="tester", detail={})
    (kept,) = planted.people.list_protected()
    assert (kept.actor_id, kept.name, sorted(kept.variants)) == (
        2,
        linked,
        sorted([VARIANT, "Qzxspellingcanary", WITNESS]),
    )
    values = raw_rows(store_url)
    shown = [c for c in ("qzxlinkedcanary", "qzxspellingcanary") if c in "\n".join(values).casefold()]
    if store_url.startswith("postgresql"):
        assert (leaked(values), shown) == ([], [])
    else:
        assert shown == ["qzxlinkedcanary", "qzxspellingcanary"]
    # Both events name the kept actor now, and are found by any of its spellings.
    assert sorted(h.id for h in planted.search("Qzxspellingcanary", kinds="event", viewer=EDITOR)) == [1, 2]


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_the_first_open_with_a_key_seals_what_was_stored_plain(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_database, "postgres_default_key", None)
    body = f"Сообщение {BODY} и {QUOTE}."
    witness = Actor(name=WITNESS, kind="person", role="witness", variants=[VARIANT])
    event = make_event(actors=[witness], details={"note": DETAILS}, evidence=[Evidence(start=0, end=4, text=QUOTE)])
    with open_store(store_url) as keyless:
        keyless.add_document(make_document(body, title=TITLE, original=ORIGINAL.encode()), events=[event])
        keyless.people.add_user("ana", "editor", "hash", now=datetime(2026, 1, 1, tzinfo=UTC))
        keyless.people.update_user("ana", totp_secret=TOTP)
    engine = create_engine_for(store_url)
    try:
        with engine.begin() as conn:  # as an older khronika, which sealed nothing, left them
            conn.execute(text("UPDATE documents SET level = 'confidential'"))
            conn.execute(text("UPDATE events SET level = 'confidential'"))
            conn.execute(text("UPDATE actors SET protected = true, pseudonym = 'Witness Q-10' WHERE id = 1"))
    finally:
        engine.dispose()
    assert leaked(raw_rows(store_url)) == list(CANARIES)
    with open_store(store_url, key="the server's key") as keyed:
        assert leaked(raw_rows(store_url)) == []
        doc, user = keyed.get_document(1), keyed.people.get_user("ana")
        assert doc is not None and user is not None
        assert (doc.title, doc.original, user.totp_secret) == (TITLE, ORIGINAL.encode(), TOTP)
        assert [h.kind for h in keyed.search(QUOTE, viewer=EDITOR)] == ["document", "event"]


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_without_the_key_a_store_holding_sealed_names_refuses_new_actors(
    planted: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It could not tell the protected witness from a new person, and would store the name in plain.
    monkeypatch.setattr(store_database, "postgres_default_key", None)
    again = make_event(actors=[Actor(name=WITNESS, kind="person", role="victim")])
    with open_store(store_url) as keyless:
        with pytest.raises(StoreError) as raised:
            keyless.add_document(make_document("Новый отчёт."), events=[again])
        keyless.add_document(make_document("Отчёт без событий."))
    assert "holds encrypted names, and this store was opened without a key" in str(raised.value)
    assert leaked(raw_rows(store_url)) == []
