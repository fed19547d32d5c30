"""Field encryption by the application: confidential fields and protected names on PostgreSQL.

SQLite files are encrypted whole by SQLCipher (khronika.store.crypto). A PostgreSQL server keeps
its rows in plain text, so there khronika seals the fields that must never be readable without
the key: AES-256-GCM with a random 96-bit nonce, the associated data naming the table and column
so a ciphertext moved to another column does not open. A sealed value is text, "enc1:" and
base64 (bytes: a magic prefix and the raw ciphertext). Equality lookups go through a blind
index: an HMAC-SHA256 of the value under a second key, truncated and hex. Both keys come from
the store's key (KHRONIKA_KEY, the key file) through scrypt with a salt kept in `field_keys`,
then HKDF-SHA256. See docs/security.md, "Field encryption on PostgreSQL".

The column types of khronika.protect.fieldtypes decrypt on read, so everything above the store sees plain values;
writers seal explicitly (khronika.store.documents, events, people) because only they know
whether a row is confidential.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Connection, Dialect, Engine, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from khronika.errors import StoreError

PREFIX = "enc1:"
BYTES_MAGIC = b"\x00khronika-enc1\x00"
_SEALED_RE = re.compile(r"enc1:[A-Za-z0-9+/]+={0,2}")
_NONCE_BYTES = 12
_TAG_BYTES = 16
BLIND_TOKEN_PREFIX = "_"  # folded query words never hold "_", so a prefix search never reaches these
_BLIND_TOKEN_HEX = 16  # 64 bits: a chance collision only adds a candidate that the reader re-checks
_NAME_INDEX_HEX = 32
_KEY_CHECK = "khronika field key check"
# scrypt makes guessing a passphrase from a stolen database slow; n=2**14 costs ~16 MiB and ~50 ms.
_SCRYPT_N = 2**14
_DIALECT_ATTR = "khronika_field_cipher"
_LOCKED_ATTR = "khronika_sealed_without_key"
# Columns read together in one UNION share the context their ciphertexts are bound to: a
# spelling of a name opens as a name (khronika.store.queries reads both in one query).
_SHARED_CONTEXT = {"actor_names.name": "actors.name"}
HOW_TO_KEY = "give the store's key in KHRONIKA_KEY or a key file (see docs/security.md)"


class Sealed(str):
    """A text value sealed already: the column types store it as it is."""


class SealedValueError(StoreError):
    """A sealed value that does not open: wrong key or altered; names where, never what."""

    def __init__(self, message: str, *, table: str, column: str, row: object) -> None:
        super().__init__(message)
        self.table = table
        self.column = column
        self.row = row


class FieldCipher:
    """Seal and open field values, and compute blind-index entries, with keys derived from one passphrase."""

    def __init__(self, encryption_key: bytes, index_key: bytes) -> None:
        self._aead = AESGCM(encryption_key)
        self._index_key = index_key

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> FieldCipher:
        """Return the cipher for this passphrase and this store's salt."""
        encryption_key, index_key = _derive_keys(passphrase, salt)
        return cls(encryption_key, index_key)

    def seal(self, value: str, *, table: str, column: str) -> Sealed:
        """Encrypt text for table.column; return "enc1:" + base64(nonce, ciphertext)."""
        body = self._encrypt(value.encode("utf-8"), table=table, column=column)
        return Sealed(PREFIX + base64.b64encode(body).decode("ascii"))

    def open(self, value: str, *, table: str, column: str, row: object = None) -> str:
        """Decrypt a sealed text of table.column; a plain value comes back as it is."""
        if not is_sealed(value):
            return value
        try:
            body = base64.b64decode(value[len(PREFIX) :], validate=True)
        except binascii.Error as err:
            raise _damaged(table, column, row) from err
        return self._decrypt(body, table=table, column=column, row=row).decode("utf-8")

    def seal_bytes(self, value: bytes, *, table: str, column: str) -> bytes:
        """Encrypt bytes for table.column: the magic prefix, then nonce and ciphertext."""
        return BYTES_MAGIC + self._encrypt(value, table=table, column=column)

    def open_bytes(self, value: bytes, *, table: str, column: str, row: object = None) -> bytes:
        """Decrypt sealed bytes of table.column; plain bytes come back as they are."""
        if not value.startswith(BYTES_MAGIC):
            return value
        return self._decrypt(value[len(BYTES_MAGIC) :], table=table, column=column, row=row)

    def seal_json(self, value: Any, *, table: str, column: str) -> Sealed:
        """Encrypt a JSON value (a dict) as one sealed string, stored as a JSON string."""
        return self.seal(json.dumps(value, ensure_ascii=False, sort_keys=True), table=table, column=column)

    def open_json(self, value: Any, *, table: str, column: str, row: object = None) -> Any:
        """Decrypt a JSON value sealed by seal_json; any other value comes back as it is."""
        if isinstance(value, str) and is_sealed(value):
            return json.loads(self.open(value, table=table, column=column, row=row))
        return value

    def name_index(self, name: str) -> str:
        """Return the blind index of an exact name (for the unique key and equality lookups)."""
        return self._mac(b"name\x00" + name.encode("utf-8"))[:_NAME_INDEX_HEX]

    def blind_token(self, token: str) -> str:
        """Return the search token standing for one folded word: "_" and 16 hex digits."""
        return BLIND_TOKEN_PREFIX + self._mac(b"token\x00" + token.encode("utf-8"))[:_BLIND_TOKEN_HEX]

    def _mac(self, message: bytes) -> str:
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()

    def _encrypt(self, plain: bytes, *, table: str, column: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, _context(table, column))

    def _decrypt(self, body: bytes, *, table: str, column: str, row: object) -> bytes:
        if len(body) < _NONCE_BYTES + _TAG_BYTES:
            raise _damaged(table, column, row)
        try:
            return self._aead.decrypt(body[:_NONCE_BYTES], body[_NONCE_BYTES:], _context(table, column))
        except InvalidTag as err:
            raise _damaged(table, column, row) from err


def _context(table: str, column: str) -> bytes:
    """Return the associated data a ciphertext of table.column is bound to."""
    name = f"{table}.{column}"
    return _SHARED_CONTEXT.get(name, name).encode("ascii")


def is_sealed(value: object) -> bool:
    """Return True for a value written by FieldCipher.seal (text) or seal_bytes (bytes)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value[: len(BYTES_MAGIC)]) == BYTES_MAGIC
    return isinstance(value, str) and value.startswith(PREFIX) and _SEALED_RE.fullmatch(value) is not None


def _damaged(table: str, column: str, row: object) -> SealedValueError:
    where = f"{table}.{column}" + ("" if row is None else f" of row {row}")
    return SealedValueError(
        f"{where}: cannot decrypt the stored value: the key is not the one it was sealed with, or the value "
        f"was altered; {HOW_TO_KEY}, or restore the row from a backup",
        table=table,
        column=column,
        row=row,
    )


@lru_cache(maxsize=8)
def _derive_keys(passphrase: str, salt: bytes) -> tuple[bytes, bytes]:
    # Cached: tests and the web server open a store many times with one key, and scrypt is slow on purpose.
    master = Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=8, p=1).derive(passphrase.encode("utf-8"))
    keys = []
    for info in (b"khronika field encryption v1", b"khronika blind index v1"):
        keys.append(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(master))
    return keys[0], keys[1]


# -- which cipher a connection uses --------------------------------------------------------------


def attach(engine: Engine, cipher: FieldCipher | None, *, sealed_without_key: bool = False) -> None:
    """Give the engine's column types this cipher (None: no key, sealed values cannot be read).

    `sealed_without_key`: the database holds sealed names but no key was given (names_cipher refuses).
    """
    setattr(engine.dialect, _DIALECT_ATTR, cipher)
    setattr(engine.dialect, _LOCKED_ATTR, sealed_without_key)


def cipher_of(dialect: Dialect) -> FieldCipher | None:
    """Return the cipher attached to this dialect (one per engine), or None."""
    found: FieldCipher | None = getattr(dialect, _DIALECT_ATTR, None)
    return found


def field_cipher(conn: Connection) -> FieldCipher | None:
    """Return the cipher that seals confidential fields: on PostgreSQL with a key, else None.

    SQLite needs none: SQLCipher encrypts the whole file.
    """
    return cipher_of(conn.dialect) if conn.dialect.name == "postgresql" else None


def secret_cipher(conn: Connection) -> FieldCipher | None:
    """Return the cipher for secrets (TOTP) on any backend with a key, else None."""
    return cipher_of(conn.dialect)


def names_cipher(conn: Connection, what: str) -> FieldCipher | None:
    """Return field_cipher(conn) for writing actors' names; refuse when sealed names cannot be matched.

    Without the key a protected person's sealed name cannot be found by its blind index, so a
    new report naming them would store their name again, in plain text, as another actor.
    """
    cipher = field_cipher(conn)
    if cipher is None and getattr(conn.dialect, _LOCKED_ATTR, False):
        raise StoreError(
            f"{what}: this database holds encrypted names, and this store was opened without a key, so a "
            "protected person could not be recognised; set KHRONIKA_KEY (or a key file) and open it again"
        )
    return cipher


def has_field_keys(conn: Connection) -> bool:
    """Return True when a key has been used on this database (its salt row exists)."""
    if "field_keys" not in inspect(conn).get_table_names():
        return False
    from khronika.store.schema import field_keys

    return conn.execute(select(field_keys.c.id)).first() is not None


def require_field_cipher(conn: Connection, what: str) -> FieldCipher | None:
    """Return field_cipher(conn); on PostgreSQL without a key, refuse to store `what` in plain text."""
    cipher = field_cipher(conn)
    if cipher is None and conn.dialect.name == "postgresql":
        raise StoreError(
            f"{what}: on PostgreSQL, confidential records and protected names are stored encrypted, "
            "and this store was opened without a key; set KHRONIKA_KEY (or a key file) and open it again"
        )
    return cipher


def load_cipher(conn: Connection, key: str | None) -> tuple[FieldCipher | None, bool]:
    """Return the store's cipher for `key` (checked against the stored key check) and whether this
    call created its salt: the first open with a key, after which what is stored plain gets sealed.
    """
    if "field_keys" not in inspect(conn).get_table_names():
        return None, False  # not migrated yet: Store.migrate() loads it afterwards
    from khronika.store.schema import field_keys

    row = conn.execute(select(field_keys).where(field_keys.c.id == 1)).first()
    if key is None:
        # Without a key, what is sealed cannot be read (the column types say so) and nothing new
        # is sealed: confidential records are refused (require_field_cipher).
        return None, False
    created = False
    if row is None:
        salt = os.urandom(16)
        check = FieldCipher.derive(key, salt).seal(_KEY_CHECK, table="field_keys", column="key_check")
        values = {"id": 1, "salt": salt.hex(), "key_check": check, "created_at": datetime.now(UTC)}
        # Two processes opening a new store at once: the second waits, inserts nothing, reads the first's.
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        inserted = dialect.insert(field_keys).values(**values).on_conflict_do_nothing().returning(field_keys.c.id)
        created = conn.execute(inserted).first() is not None
        row = conn.execute(select(field_keys).where(field_keys.c.id == 1)).one()
    cipher = FieldCipher.derive(key, bytes.fromhex(row.salt))
    try:
        cipher.open(row.key_check, table="field_keys", column="key_check")
    except StoreError as err:
        raise StoreError(
            f"the key given is not the key this database's fields were encrypted with; {HOW_TO_KEY}"
        ) from err
    return cipher, created


def rekey_secrets(dbapi_conn: Any, *, key: str | None, new_key: str) -> None:
    """After an SQLite file's key changed, seal its TOTP secrets and the key check with the new key.

    `dbapi_conn` is an SQLCipher connection in autocommit mode, opened with the new key.
    """
    cursor = dbapi_conn.cursor()
    try:
        if cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'field_keys'").fetchone() is None:
            return  # not migrated to 0008: no secret was ever sealed
        cursor.execute("BEGIN IMMEDIATE")
        row = cursor.execute("SELECT salt FROM field_keys WHERE id = 1").fetchone()
        old = FieldCipher.derive(key, bytes.fromhex(row[0])) if row is not None and key is not None else None
        salt = os.urandom(16)
        new = FieldCipher.derive(new_key, salt)
        secrets = cursor.execute("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL").fetchall()
        for user_id, secret in secrets:
            if is_sealed(secret):
                if old is None:
                    raise _damaged("users", "totp_secret", user_id)
                secret = old.open(secret, table="users", column="totp_secret", row=user_id)
            sealed = new.seal(secret, table="users", column="totp_secret")
            cursor.execute("UPDATE users SET totp_secret = ? WHERE id = ?", (str(sealed), user_id))
        check = str(new.seal(_KEY_CHECK, table="field_keys", column="key_check"))
        created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy writes an SQLite timestamp
        cursor.execute("DELETE FROM field_keys")
        cursor.execute(
            "INSERT INTO field_keys (id, salt, key_check, created_at) VALUES (1, ?, ?, ?)", (salt.hex(), check, created)
        )
        cursor.execute("COMMIT")
    except BaseException:
        if dbapi_conn.in_transaction:
            cursor.execute("ROLLBACK")
        raise
    finally:
        cursor.close()
