"""Column types that open sealed values as rows are read, and naming the row of one that does not open.

khronika.store.schema declares the sealed columns with these types, so everything above the
store reads plain values; khronika.protect.fieldcrypt seals and opens them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Connection, Dialect, LargeBinary, Text, cast, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator, TypeEngine

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import HOW_TO_KEY, FieldCipher, Sealed, SealedValueError, cipher_of, is_sealed


class _SealedType(TypeDecorator[Any]):
    cache_ok = True

    def __init__(self, table: str, column: str) -> None:
        super().__init__()
        self.table = table
        self.column = column

    def _cipher(self, dialect: Dialect) -> FieldCipher:
        cipher = cipher_of(dialect)
        if cipher is None:
            raise StoreError(f"{self.table}.{self.column} holds an encrypted value; {HOW_TO_KEY}")
        return cipher


class SealedText(_SealedType):
    """Text that may hold a sealed value; read back in plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Store Sealed values as they are; plain text that looks sealed is sealed, so it reads back the same."""
        if isinstance(value, str) and not isinstance(value, Sealed) and is_sealed(value):
            cipher = cipher_of(dialect)
            if cipher is not None:
                return str(cipher.seal(value, table=self.table, column=self.column))
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Open a sealed value."""
        if value is None or not is_sealed(value) or (dialect.name == "sqlite" and cipher_of(dialect) is None):
            return value  # without a key an SQLite file can hold nothing sealed: this is plain text
        return self._cipher(dialect).open(value, table=self.table, column=self.column)


class SealedJSON(_SealedType):
    """JSON (JSONB on PostgreSQL) that may hold a sealed value as a JSON string; read back as JSON."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """JSONB on PostgreSQL, JSON text on SQLite."""
        return dialect.type_descriptor(JSONB() if dialect.name == "postgresql" else JSON())

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Open a sealed value."""
        if not (isinstance(value, str) and is_sealed(value)):
            return value
        return self._cipher(dialect).open_json(value, table=self.table, column=self.column)


class SealedBytes(_SealedType):
    """Binary that may hold sealed bytes; read back in plain."""

    impl = LargeBinary
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Open sealed bytes."""
        if value is None or not is_sealed(value):
            return value
        return self._cipher(dialect).open_bytes(bytes(value), table=self.table, column=self.column)


@contextmanager
def naming_rows(conn: Connection) -> Iterator[None]:
    """Turn a SealedValueError raised while rows were read into one that names the row (its key)."""
    try:
        yield
    except SealedValueError as err:
        located = None if err.row is not None else _locate(conn, err.table, err.column)
        if located is None:
            raise
        raise located from err


def _locate(conn: Connection, table_name: str, column_name: str) -> SealedValueError | None:
    """Return the error for the first row of table.column whose sealed value does not open, if any."""
    from khronika.store.schema import metadata

    cipher = cipher_of(conn.dialect)
    table = metadata.tables.get(table_name)
    if cipher is None or table is None:
        return None
    column = table.c[column_name]
    raw = LargeBinary() if isinstance(column.type, SealedBytes) else Text()
    keys = list(table.primary_key.columns)
    query = select(*keys, cast(column, raw) if isinstance(column.type, SealedJSON) else type_coerce(column, raw))
    for *key, value in conn.execute(query):
        row = key[0] if len(key) == 1 else tuple(key)
        try:
            if isinstance(value, bytes):
                cipher.open_bytes(value, table=table_name, column=column_name, row=row)
            elif value is not None:
                opened = json.loads(value) if isinstance(column.type, SealedJSON) else value
                if isinstance(opened, str):
                    cipher.open(opened, table=table_name, column=column_name, row=row)
        except SealedValueError as err:
            return err
    return None
