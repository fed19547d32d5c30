"""Backups: consistent while writes go on, encrypted, and restored only when they check out."""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from khronika.errors import StoreError
from khronika.protect.backup import backup_database, check_snapshot, restore_database
from khronika.store import open_store
from khronika.store.crypto import database_state
from khronika.store.database import create_engine_for
from khronika.store.schema import audit_log
from tests.factories import make_document

# A raw 256-bit key (x'64 hex digits'): SQLCipher skips the passphrase derivation, ~0.3 s a connection.
KEY = "x'6b68726f6e696b612d6261636b75702d746573742d6b65792d30303030303031'"
OTHER_KEY = "x'6b68726f6e696b612d726573746f72652d746573742d6b65792d303030303032'"


def _fill(db: Path, *, key: str | None, count: int, tag: str = "") -> None:
    with open_store(f"sqlite:///{db}", key=key) as store:
        for n in range(count):
            store.add_document(make_document(f"Report {tag} number {n}.", uri=f"file:///{tag}{n}.txt"), actor="ana")


def _ingests(path: Path, *, key: str) -> int:
    engine = create_engine_for(f"sqlite:///{path}", key=key)
    try:
        with engine.connect() as conn:
            query = select(func.count()).select_from(audit_log).where(audit_log.c.action == "ingest")
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def test_backup_taken_while_writes_go_on_restores_whole(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(db, key=KEY, count=3, tag="seed")
    started, stop, failures = threading.Event(), threading.Event(), []

    def write() -> None:
        try:
            with open_store(f"sqlite:///{db}", key=KEY) as store:
                n = 0
                while not stop.is_set():
                    store.add_document(make_document(f"Live report {n}.", uri=f"file:///live{n}.txt"), actor="bob")
                    n += 1
                    if n == 5:
                        started.set()
        except Exception as err:  # reported to the test below
            failures.append(err)
            started.set()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(timeout=60)
        snapshots = [backup_database(db, tmp_path / f"b{n}.kbak", key=KEY) for n in range(3)]
    finally:
        stop.set()
        writer.join()
    assert failures == []
    for snapshot in snapshots:
        # Consistent: every document in the snapshot has its ingest entry, and the chain is whole.
        assert snapshot.audit.ok, snapshot.audit.problem
        assert snapshot.documents >= 8
        assert _ingests(snapshot.path, key=KEY) == snapshot.documents
    restored = restore_database(snapshots[-1].path, tmp_path / "restored.db", key=KEY)
    assert (restored.audit.ok, restored.documents) == (True, snapshots[-1].documents)
    with open_store(f"sqlite:///{tmp_path / 'restored.db'}", key=KEY) as store:
        assert [hit.id for hit in store.search("seed number 2")] == [3]


def test_backup_of_a_plain_database_is_encrypted(tmp_path: Path) -> None:
    db, backup = tmp_path / "plain.db", tmp_path / "plain.kbak"
    canary = f"CANARY{secrets.token_hex(8).upper()}"
    _fill(db, key=None, count=2, tag=canary)
    with pytest.raises(StoreError) as raised:
        backup_database(db, backup, key=None)
    assert "backups are always encrypted: give --backup-key-file" in str(raised.value)
    checked = backup_database(db, backup, key=None, backup_key=KEY)
    assert (checked.documents, checked.audit.ok, database_state(backup)) == (2, True, "encrypted")
    assert canary.encode() not in backup.read_bytes()
    with pytest.raises(StoreError):
        check_snapshot(backup, key=None)
    restored = restore_database(backup, tmp_path / "new.db", key=OTHER_KEY, backup_key=KEY)
    assert (restored.documents, restored.audit.ok) == (2, True)
    assert canary.encode() not in (tmp_path / "new.db").read_bytes()


def test_backup_refuses_an_existing_file(tmp_path: Path) -> None:
    db, backup = tmp_path / "k.db", tmp_path / "k.kbak"
    _fill(db, key=KEY, count=1)
    backup.write_bytes(b"something precious")
    with pytest.raises(StoreError) as raised:
        backup_database(db, backup, key=KEY)
    assert str(raised.value) == f"{backup} already exists; give a new file name for the backup"
    assert backup.read_bytes() == b"something precious"


def test_restore_replaces_a_database_only_with_force(tmp_path: Path) -> None:
    db, backup = tmp_path / "k.db", tmp_path / "k.kbak"
    _fill(db, key=KEY, count=2)
    backup_database(db, backup, key=KEY)
    _fill(db, key=KEY, count=5, tag="later")
    with pytest.raises(StoreError) as raised:
        restore_database(backup, db, key=KEY)
    held = "7 documents, 7 audit entries"
    assert str(raised.value) == f"{db} already holds a database ({held}); give --force to replace it"
    restored = restore_database(backup, db, key=KEY, force=True)
    assert (restored.documents, restored.audit.ok) == (2, True)
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        assert store.count_documents() == 2


def test_restore_refuses_while_the_database_is_open(tmp_path: Path) -> None:
    db, backup = tmp_path / "k.db", tmp_path / "k.kbak"
    _fill(db, key=KEY, count=1)
    backup_database(db, backup, key=KEY)
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        store.count_documents()
        with pytest.raises(StoreError) as raised:
            restore_database(backup, db, key=KEY, force=True)
    assert "is open in another process" in str(raised.value)


def test_restore_refuses_a_tampered_backup(tmp_path: Path) -> None:
    db, backup = tmp_path / "k.db", tmp_path / "k.kbak"
    _fill(db, key=KEY, count=3)
    backup_database(db, backup, key=KEY)
    engine = create_engine_for(f"sqlite:///{backup}", key=KEY)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE id = 2"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError) as raised:
        restore_database(backup, tmp_path / "new.db", key=KEY)
    assert str(raised.value) == (
        f"{backup}: the audit log fails verification "
        "(audit entries removed after entry 1, before entry 3); not restored"
    )
    assert database_state(tmp_path / "new.db") == "absent"


@pytest.mark.parametrize(
    ("key", "backup_key", "message"),
    [
        (None, None, "needs a key for"),
        (KEY, "wrong", "cannot decrypt it with the key given"),
    ],
)
def test_restore_needs_the_right_keys(tmp_path: Path, key: str | None, backup_key: str | None, message: str) -> None:
    db, backup = tmp_path / "k.db", tmp_path / "k.kbak"
    _fill(db, key=KEY, count=1)
    backup_database(db, backup, key=KEY)
    with pytest.raises(StoreError) as raised:
        restore_database(backup, tmp_path / "new.db", key=key, backup_key=backup_key)
    assert message in str(raised.value)


def test_restore_into_a_fresh_empty_database_needs_no_force(tmp_path: Path) -> None:
    db, backup, fresh = tmp_path / "k.db", tmp_path / "k.kbak", tmp_path / "fresh.db"
    _fill(db, key=KEY, count=2)
    backup_database(db, backup, key=KEY)
    open_store(f"sqlite:///{fresh}", key=KEY).close()  # as `khronika init` leaves it: tables, no rows
    restored = restore_database(backup, fresh, key=KEY)
    assert (restored.documents, restored.audit.ok, restored.audit.entries) == (2, True, 2)


_WRITER = """
import sys
from khronika.store import open_store
from tests.factories import make_document

with open_store(sys.argv[1], key=sys.argv[2]) as store:
    for n in range(150):
        store.add_document(make_document(f"Report from another process {n}.", uri=f"file:///p{n}.txt"), actor="p")
        if n == 4:
            print("writing", flush=True)
"""


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _fill(db, key=KEY, count=1, tag="seed")
    repo = Path(__file__).resolve().parents[2]
    args = [sys.executable, "-c", _WRITER, f"sqlite:///{db}", KEY]
    with subprocess.Popen(args, cwd=repo, stdout=subprocess.PIPE, text=True) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "writing\n"  # blocks until five documents are in
        snapshot = backup_database(db, tmp_path / "b.kbak", key=KEY)
        assert writer.wait(timeout=120) == 0
    assert snapshot.audit.ok, snapshot.audit.problem
    assert 6 <= snapshot.documents <= 151
    assert _ingests(snapshot.path, key=KEY) == snapshot.documents
    restored = restore_database(snapshot.path, tmp_path / "restored.db", key=KEY)
    assert (restored.audit.ok, restored.documents) == (True, snapshot.documents)
