"""Encryption at rest for SQLite: SQLCipher keys, where they come from, and changing them.

SQLCipher encrypts every page of the file, so the documents, their original bytes, events,
the full-text index (FTS5 tables are ordinary pages), the audit log and the WAL are all
ciphertext on disk. Encryption is switched on by giving a key; without one, files stay plain
SQLite as before. A key is a passphrase: SQLCipher derives the page key from it (PBKDF2).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Literal

import sqlcipher3

from khronika.errors import SettingsError, StoreError
from khronika.protect.fieldcrypt import rekey_secrets

KEY_ENV = "KHRONIKA_KEY"
KEY_FILE_ENV = "KHRONIKA_KEY_FILE"
_SQLITE_HEADER = b"SQLite format 3\x00"
# SQLCipher uses x'<64 hex>' as the 256-bit key itself (no passphrase derivation); 96 adds the salt.
_RAW_KEY = re.compile(r"x'(?:[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96})'")
_HOW_TO_KEY = f"give its key in {KEY_ENV}, in a key file ({KEY_FILE_ENV} or --key-file), or type it when asked"

FileState = Literal["absent", "plain", "encrypted"]


def read_key_file(path: Path) -> str:
    """Return the key kept in a file (one line; the newline is dropped), refusing files others may read."""
    try:
        mode = path.stat().st_mode
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise SettingsError(f"key file {path}: cannot read it ({err.strerror}); check the path") from err
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingsError(f"key file {path}: other users may read it; run `chmod 600 {path}`")
    key = raw.rstrip("\r\n")
    if not key:
        raise SettingsError(f"key file {path} is empty; write the passphrase on its first line")
    return key


def choose_key(*, key: str | None, key_file: Path | None) -> str | None:
    """Return the key from a key file, else the key itself, else None (no encryption)."""
    if key_file is not None:
        return read_key_file(key_file)
    if key is not None and not key:
        raise SettingsError(f"{KEY_ENV} is set but empty; unset it, or set it to the passphrase")
    return key


def database_state(path: str | Path) -> FileState:
    """Tell whether an SQLite file is absent (or empty), plain SQLite, or encrypted."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return "absent"
    if not header:
        return "absent"
    return "plain" if header == _SQLITE_HEADER else "encrypted"


def unlock(dbapi_conn: Any, *, key: str | None, path: str | None) -> None:
    """Give a fresh SQLCipher connection its key (first, before any other statement) and check it opens."""
    shown = path or "in-memory database"
    if key is None:
        if path is not None and database_state(path) == "encrypted":
            raise StoreError(f"{shown} is encrypted (or is not an SQLite file); {_HOW_TO_KEY}")
        return
    if path is not None and database_state(path) == "plain":
        raise StoreError(
            f"{shown} is not encrypted, but a key was given; open it without a key, "
            "or encrypt it with `khronika rekey` (see docs/security.md)"
        )
    cursor = dbapi_conn.cursor()
    try:
        # SQLCipher otherwise writes its own lines to stderr on a wrong key; the StoreError says it all.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(key_pragma("key", key))
        # Sorts and temporary tables stay in memory rather than in files beside the database.
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlcipher3.dbapi2.DatabaseError as err:
        raise StoreError(f"{shown}: cannot decrypt it with the key given; check the key ({_HOW_TO_KEY})") from err
    finally:
        cursor.close()


def key_pragma(name: Literal["key", "rekey"], key: str) -> str:
    """Return `PRAGMA key = '...'` (or rekey) with the passphrase quoted as an SQL string."""
    if not key or "\x00" in key:
        raise SettingsError("a database key must be a non-empty passphrase without NUL characters")
    if key.startswith("x'") and not _RAW_KEY.fullmatch(key):
        # SQLCipher would take a malformed raw key as a passphrase without a word; say so instead.
        raise SettingsError("a raw database key is written x'...' with 64 hex digits (256 bits) inside the quotes")
    # PRAGMA takes no bound parameters; doubling quotes is SQLite's own string escape.
    quoted = key.replace("'", "''")
    return f"PRAGMA {name} = '{quoted}'"


def connect_file(path: str | Path, *, key: str | None, busy_timeout_ms: int = 10000) -> Any:
    """Open an SQLite file with SQLCipher's driver, unlocked with `key`, in autocommit mode."""
    conn = sqlcipher3.dbapi2.connect(str(path), check_same_thread=False)
    try:
        conn.isolation_level = None
        unlock(conn, key=key, path=str(path))
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    except BaseException:
        conn.close()
        raise
    return conn


def rekey_database(path: str | Path, *, key: str | None, new_key: str) -> None:
    """Change an encrypted file's key, or encrypt a plain file; no other process may have it open."""
    path = Path(path)
    state = database_state(path)
    if state == "absent":
        raise StoreError(f"{path}: no such database; create it with `khronika init` and a key")
    key_pragma("rekey", new_key)  # refuse a bad new key before touching the file
    conn = connect_file(path, key=key, busy_timeout_ms=2000)
    try:
        _take_alone(conn, path=path)
        if state == "encrypted":
            conn.execute(key_pragma("rekey", new_key))
        else:
            _encrypt_plain(conn, path=path, new_key=new_key)
    finally:
        conn.close()
    set_wal_mode(path, key=new_key)  # this also proves the new key opens the file
    # TOTP secrets are sealed with keys derived from the database key: seal them again.
    conn = connect_file(path, key=new_key)
    try:
        rekey_secrets(conn, key=key, new_key=new_key)
    finally:
        conn.close()


def set_wal_mode(path: Path, *, key: str | None) -> None:
    """Put a database file in WAL mode, as every khronika connection expects it."""
    conn = connect_file(path, key=key)
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
    finally:
        conn.close()


def _take_alone(conn: Any, *, path: Path) -> None:
    """Leave WAL mode, which SQLite allows only to the one connection open on the file."""
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlcipher3.dbapi2.OperationalError as err:
        raise StoreError(
            f"{path} is open in another process (a running `khronika serve` or ingest); stop it, then rekey"
        ) from err
    if mode != "delete":
        raise StoreError(f"{path}: could not leave journal mode {mode!r}; stop other khronika processes and retry")


def _encrypt_plain(conn: Any, *, path: Path, new_key: str) -> None:
    """Copy a plain database into an encrypted one beside it, then put it in the plain file's place."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".encrypting", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        quoted_path = str(temp).replace("'", "''")
        quoted_key = key_pragma("key", new_key).split("=", 1)[1].strip()
        conn.execute(f"ATTACH DATABASE '{quoted_path}' AS encrypted KEY {quoted_key}")
        conn.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        conn.execute("DETACH DATABASE encrypted")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
