"""Encrypted backups of an SQLite store, taken while it runs, and restoring them.

A backup is one consistent snapshot: SQLCipher's sqlcipher_export copies every table inside a
single read transaction, and in WAL mode writers go on meanwhile. The copy is encrypted with
the database's key or a key of its own, and is written beside its destination and renamed into
place, so a backup file is always whole. PostgreSQL is backed up with pg_dump (docs/security.md).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from khronika.errors import StoreError
from khronika.store.audit import VerifyResult, verify_chain
from khronika.store.crypto import connect_file, database_state, key_pragma, set_wal_mode
from khronika.store.database import create_engine_for
from khronika.store.schema import documents


@dataclass(frozen=True)
class SnapshotCheck:
    """What a backup or a restored database holds, and whether its audit chain is intact."""

    path: Path
    documents: int
    audit: VerifyResult


def backup_database(source: Path, target: Path, *, key: str | None, backup_key: str | None = None) -> SnapshotCheck:
    """Write an encrypted, consistent snapshot of the SQLite file `source` to the new file `target`."""
    target_key = backup_key if backup_key is not None else key
    if target_key is None:
        raise StoreError(
            f"{source} is not encrypted and no backup key was given; backups are always encrypted: "
            "give --backup-key-file, or encrypt the database first with `khronika rekey`"
        )
    if database_state(source) == "absent":
        raise StoreError(f"{source}: no such database; check --db")
    if database_state(target) != "absent":
        raise StoreError(f"{target} already exists; give a new file name for the backup")
    conn = connect_file(source, key=key)
    try:
        _export_to(conn, target, key=target_key)
    finally:
        conn.close()
    return check_snapshot(target, key=target_key)


def restore_database(
    backup: Path, target: Path, *, key: str | None, backup_key: str | None = None, force: bool = False
) -> SnapshotCheck:
    """Bring a backup back as the SQLite file `target`, encrypted with `key`, after checking the backup."""
    if key is None:
        raise StoreError(
            f"restoring {backup} needs a key for {target}, or its records would be written out in plain: "
            "set KHRONIKA_KEY or give --key-file"
        )
    source_key = backup_key if backup_key is not None else key
    checked = check_snapshot(backup, key=source_key)
    if not checked.audit.ok:
        raise StoreError(f"{backup}: the audit log fails verification ({checked.audit.problem}); not restored")
    exists = database_state(target) != "absent"
    held = _records_in(target, key=key) if exists else (0, 0)
    if any(held) and not force:
        raise StoreError(
            f"{target} already holds a database ({held[0]} documents, {held[1]} audit entries); "
            "give --force to replace it"
        )
    conn = connect_file(backup, key=source_key)
    try:
        _export_to(conn, target, key=key, replace=exists)
    finally:
        conn.close()
    set_wal_mode(target, key=key)
    return check_snapshot(target, key=key)


def check_snapshot(path: Path, *, key: str | None) -> SnapshotCheck:
    """Open an SQLite file with its key, run SQLite's quick check, count documents and verify the audit chain."""
    conn = connect_file(path, key=key)
    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    if [tuple(row) for row in result] != [("ok",)]:
        raise StoreError(f"{path} is damaged (SQLite quick_check: {result[0][0]}); use another backup")
    engine = create_engine_for(f"sqlite:///{path}", key=key)
    try:
        with engine.connect() as db:
            count = int(db.execute(select(func.count()).select_from(documents)).scalar_one())
            audit = verify_chain(db)
    except Exception as err:
        raise StoreError(f"{path} is not a khronika database ({err}); check the file") from err
    finally:
        engine.dispose()
    return SnapshotCheck(path, count, audit)


def _records_in(path: Path, *, key: str) -> tuple[int, int]:
    """Return how many documents and audit entries an existing database holds (0 for missing tables)."""
    conn = connect_file(path, key=key)
    try:
        counts = []
        for table in ("documents", "audit_log"):
            found = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            counts.append(int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if found else 0)
        return counts[0], counts[1]
    finally:
        conn.close()


def _export_to(conn: Any, target: Path, *, key: str, replace: bool = False) -> None:
    """Copy the open database into a new encrypted file, renamed to `target` once complete."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        conn.execute(f"ATTACH DATABASE '{_quote(temp)}' AS snapshot KEY {_key_literal(key)}")
        try:
            # One read transaction: every table is copied from the same moment of the database.
            conn.execute("BEGIN")
            conn.execute("SELECT sqlcipher_export('snapshot')").fetchall()
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("DETACH DATABASE snapshot")
        if replace:
            _take_over(target, key=key)
        elif database_state(target) != "absent":
            raise StoreError(f"{target} appeared while the backup was written; give a new file name")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _take_over(target: Path, *, key: str) -> None:
    """Make sure no other process has `target` open before its file is replaced, and fold its WAL away."""
    conn = connect_file(target, key=key, busy_timeout_ms=2000)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except Exception as err:
        raise StoreError(f"{target} is open in another process (a running server?); stop it, then restore") from err
    finally:
        conn.close()
    if mode != "delete":
        raise StoreError(f"{target}: could not leave journal mode {mode!r}; stop other khronika processes")


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _key_literal(key: str) -> str:
    """Return the passphrase as the quoted SQL string that PRAGMA key would take."""
    return key_pragma("key", key).split(" = ", 1)[1]
