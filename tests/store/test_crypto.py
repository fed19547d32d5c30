"""Encryption at rest: no canary in the file or its WAL, refusal without the right key, rekey."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from khronika.errors import SettingsError, StoreError
from khronika.records import Actor
from khronika.store import Store, open_store
from khronika.store.crypto import choose_key, connect_file, database_state, read_key_file, rekey_database
from tests.factories import make_document, make_event

KEY = "correct horse ' battery \" staple"
RAW_KEY = "x'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'"


def _canaries() -> list[str]:
    """Unique tokens that occur nowhere else: if one is found on disk, it came from our writes."""
    return [f"CANARY{secrets.token_hex(8).upper()}" for _ in range(4)]


def _fill(url: str, *, key: str | None, canaries: list[str]) -> tuple[Store, list[str]]:
    """Store a document and an event carrying the canaries; return the still-open store and search hits."""
    text_token, title_token, actor_token, audit_token = canaries
    store = open_store(url, key=key)
    doc = make_document(f"Рабочие {text_token} вышли на забастовку.", title=f"Отчёт {title_token}")
    event = make_event(actors=[Actor(name=f"Union {actor_token}", kind="organisation", role="participant")])
    doc_id, _ = store.add_document(doc, events=[event], actor=f"ana-{audit_token}")
    hits: list[str] = [hit.kind for hit in store.search(text_token)]
    hits += [hit.kind for hit in store.search(actor_token)]
    assert doc_id == 1
    return store, hits


def _found(paths: list[Path], canaries: list[str]) -> dict[str, list[str]]:
    """Return, per file, the canaries in its raw bytes (plain, UTF-16 or folded to lower case)."""
    found: dict[str, list[str]] = {}
    for path in paths:
        raw = path.read_bytes()
        found[path.name.split("-", 1)[-1] if "-" in path.name else "db"] = [
            c for c in canaries if c.encode() in raw or c.lower().encode() in raw or c.encode("utf-16-le") in raw
        ]
    return found


@pytest.mark.parametrize(("key", "expect_found"), [(None, True), (KEY, False), (RAW_KEY, False)])
def test_no_canary_in_the_file_or_its_wal(tmp_path: Path, key: str | None, expect_found: bool) -> None:
    db = tmp_path / "k.db"
    canaries = _canaries()
    store, hits = _fill(f"sqlite:///{db}", key=key, canaries=canaries)
    try:
        # Read while the store is open: the WAL then still holds the newest pages.
        wal = Path(f"{db}-wal")
        assert wal.stat().st_size > 0
        found = _found([db, wal], canaries)
    finally:
        store.close()
    assert hits == ["document", "event"]  # the FTS5 index works inside SQLCipher
    if expect_found:
        # The control: the same writes without a key leave every canary readable in the WAL.
        assert found == {"db": [], "wal": canaries}
    else:
        assert found == {"db": [], "wal": []}
        assert _found([db], canaries) == {"db": []}
        assert database_state(db) == "encrypted"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "is encrypted (or is not an SQLite file); give its key in KHRONIKA_KEY"),
        ("wrong key", ": cannot decrypt it with the key given; check the key"),
    ],
)
def test_encrypted_file_refuses_a_missing_or_wrong_key(tmp_path: Path, key: str | None, message: str) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    open_store(url, key=KEY).close()
    with pytest.raises(StoreError) as raised:
        open_store(url, key=key)
    assert message in str(raised.value)
    assert str(tmp_path / "k.db") in str(raised.value)
    assert KEY not in str(raised.value)


def test_plain_file_refuses_a_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    open_store(url).close()
    with pytest.raises(StoreError) as raised:
        open_store(url, key=KEY)
    assert "is not encrypted, but a key was given" in str(raised.value)


def test_rekey_changes_the_key(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    url = f"sqlite:///{db}"
    with open_store(url, key=KEY) as store:
        store.add_document(make_document())
    rekey_database(db, key=KEY, new_key="new passphrase")
    with pytest.raises(StoreError):
        open_store(url, key=KEY)
    with open_store(url, key="new passphrase") as store:
        assert store.count_documents() == 1
        assert [hit.id for hit in store.search("забастовку")] == [1]


def test_rekey_encrypts_a_plain_file(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    canaries = _canaries()
    store, _ = _fill(f"sqlite:///{db}", key=None, canaries=canaries)
    store.close()
    assert database_state(db) == "plain"
    rekey_database(db, key=None, new_key=KEY)
    assert database_state(db) == "encrypted"
    assert _found([db], canaries) == {"db": []}
    with open_store(f"sqlite:///{db}", key=KEY) as reopened:
        assert reopened.count_documents() == 1
        assert [hit.kind for hit in reopened.search(canaries[0])] == ["document"]


def test_rekey_refuses_while_another_process_has_the_file_open(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        store.count_documents()  # keep a pooled connection open, as a running server does
        with pytest.raises(StoreError) as raised:
            rekey_database(db, key=KEY, new_key="other")
    assert "is open in another process" in str(raised.value)
    connect_file(db, key=KEY).close()  # still the old key


@pytest.mark.parametrize(
    ("content", "mode", "expected"),
    [
        ("passphrase\n", 0o600, "passphrase"),
        ("pass phrase with spaces", 0o400, "pass phrase with spaces"),
        ("passphrase\n", 0o644, "other users may read it; run `chmod 600"),
        ("\n", 0o600, "is empty; write the passphrase on its first line"),
    ],
)
def test_key_file(tmp_path: Path, content: str, mode: int, expected: str) -> None:
    path = tmp_path / "key"
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    try:
        got = read_key_file(path)
    except SettingsError as err:
        got = str(err)
    assert expected in got


@pytest.mark.parametrize(
    ("key", "use_file", "expected"),
    [(None, False, None), ("from env", False, "from env"), ("from env", True, "from file")],
)
def test_choose_key_prefers_the_file(tmp_path: Path, key: str | None, use_file: bool, expected: str | None) -> None:
    path = tmp_path / "key"
    path.write_text("from file\n", encoding="utf-8")
    path.chmod(0o600)
    assert choose_key(key=key, key_file=path if use_file else None) == expected


def test_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        read_key_file(tmp_path / "nope")
    missing = tmp_path / "nope"
    assert str(raised.value) == f"key file {missing}: cannot read it (No such file or directory); check the path"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("x'0123'", "a raw database key is written x'...' with 64 hex digits (256 bits) inside the quotes"),
        ("nul\x00key", "a database key must be a non-empty passphrase without NUL characters"),
    ],
)
def test_malformed_keys_are_refused(tmp_path: Path, key: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        open_store(f"sqlite:///{tmp_path / 'k.db'}", key=key)
    assert str(raised.value) == message
