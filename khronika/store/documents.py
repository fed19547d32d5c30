"""Documents and their original bytes, inside a caller's transaction.

On PostgreSQL with a key, a confidential document's title, text, meta and original bytes are
sealed (khronika.protect.fieldcrypt) and it is indexed by blind tokens, never by its words.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, Row, func, insert, or_, select, update

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import FieldCipher, field_cipher, require_field_cipher
from khronika.protect.fieldtypes import naming_rows
from khronika.records import LEVELS, Document, sha256_hex
from khronika.store.schema import documents, originals
from khronika.store.search import add_blind_rows, add_search_row, delete_search_rows, index_text

_DOCUMENT_COLUMNS = (
    documents.c.id,
    documents.c.sha256,
    documents.c.source_kind,
    documents.c.uri,
    documents.c.source_key,
    documents.c.title,
    documents.c.published,
    documents.c.retrieved_at,
    documents.c.language,
    documents.c.text,
    documents.c.meta,
    documents.c.extracted_by,
    documents.c.level,
    originals.c.media_type,
)


def find_duplicate(conn: Connection, doc: Document) -> int | None:
    """Return the id of a stored document with the same bytes or the same source key, if any."""
    same = documents.c.sha256 == doc.sha256
    if doc.source_key is not None:
        same = or_(same, documents.c.source_key == doc.source_key)
    return conn.execute(select(documents.c.id).where(same).order_by(documents.c.id).limit(1)).scalar()


def insert_document(conn: Connection, doc: Document) -> int:
    """Store the original bytes, the document and its search row; return the new id."""
    _check_document(doc)
    cipher = sealing(conn, doc.level, what=f"document {doc.uri}")
    folded = index_text(doc.title, doc.text)
    known = conn.execute(select(originals.c.sha256).where(originals.c.sha256 == doc.sha256)).scalar()
    if known is None:
        conn.execute(
            insert(originals).values(
                sha256=doc.sha256,
                content=_content(doc.original, cipher),
                size_bytes=None if doc.original is None else len(doc.original),
                media_type=doc.media_type,
            )
        )
    body, blind = (folded, "") if cipher is None else ("", blind_text(cipher, folded))
    result = conn.execute(
        insert(documents).values(
            sha256=doc.sha256,
            source_kind=doc.source_kind,
            uri=doc.uri,
            source_key=doc.source_key,
            published=doc.published,
            retrieved_at=doc.retrieved_at or datetime.now(UTC),
            language=doc.language,
            text_folded=body or blind,
            extracted_by=doc.extracted_by,
            level=doc.level,
            **_sealed_fields(doc.title, doc.text, doc.meta, cipher),
        )
    )
    (doc_id,) = result.inserted_primary_key or (None,)
    if doc_id is None:
        raise StoreError(f"{doc.uri}: the database returned no id for the new document")
    add_search_row(conn, "document", doc_id, body=body)
    add_blind_rows(conn, "document", doc_id, blind=blind)
    return int(doc_id)


def sealing(conn: Connection, level: str, *, what: str) -> FieldCipher | None:
    """Return the cipher that seals a record at this level, or None where it stays plain.

    A confidential record on PostgreSQL without a key is refused (StoreError), never stored plain.
    """
    if level != "confidential":
        return None
    return require_field_cipher(conn, what)


def blind_text(cipher: FieldCipher, folded: str) -> str:
    """Return the blind tokens standing for the words of folded text, in order."""
    return " ".join(cipher.blind_token(token) for token in folded.split())


def reseal_document(conn: Connection, doc_id: int) -> None:
    """Seal or open a document's fields, original and index to match its level (after a level change)."""
    cipher = field_cipher(conn)
    if cipher is None:
        return  # SQLite (SQLCipher encrypts the file) or PostgreSQL without a key: nothing is sealed
    row = conn.execute(
        select(documents.c.title, documents.c.text, documents.c.meta, documents.c.sha256, documents.c.level).where(
            documents.c.id == doc_id
        )
    ).one()
    wanted = cipher if row.level == "confidential" else None
    folded = index_text(row.title, row.text)
    body, blind = (folded, "") if wanted is None else ("", blind_text(cipher, folded))
    values = _sealed_fields(row.title, row.text, dict(row.meta), wanted)
    conn.execute(update(documents).where(documents.c.id == doc_id).values(text_folded=body or blind, **values))
    content = select_original(conn, row.sha256)
    if content is not None:
        sealed = _content(content, wanted)
        conn.execute(update(originals).where(originals.c.sha256 == row.sha256).values(content=sealed))
    delete_search_rows(conn, "document", [doc_id])
    add_search_row(conn, "document", doc_id, body=body)
    add_blind_rows(conn, "document", doc_id, blind=blind)


def _sealed_fields(
    title: str | None, text: str, meta: dict[str, object], cipher: FieldCipher | None
) -> dict[str, object]:
    if cipher is None:
        return {"title": title, "text": text, "meta": meta}
    return {
        "title": None if title is None else cipher.seal(title, table="documents", column="title"),
        "text": cipher.seal(text, table="documents", column="text"),
        "meta": cipher.seal_json(meta, table="documents", column="meta"),
    }


def _content(original: bytes | None, cipher: FieldCipher | None) -> bytes | None:
    if original is None or cipher is None:
        return original
    return cipher.seal_bytes(original, table="originals", column="content")


def select_documents(conn: Connection, *, ids: list[int] | None = None, limit: int = 50, offset: int = 0) -> list[Row]:
    """Return document rows (with media type, without bytes) by id, or a page of all by id."""
    query = select(*_DOCUMENT_COLUMNS).join(originals, originals.c.sha256 == documents.c.sha256)
    if ids is not None:
        query = query.where(documents.c.id.in_(ids)).order_by(documents.c.id)
    else:
        query = query.order_by(documents.c.id).limit(limit).offset(offset)
    with naming_rows(conn):
        return list(conn.execute(query))


def count_documents(conn: Connection) -> int:
    """Return how many documents are stored."""
    return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def select_original(conn: Connection, sha256: str) -> bytes | None:
    """Return the original bytes stored under a SHA-256, or None."""
    with naming_rows(conn):
        content = conn.execute(select(originals.c.content).where(originals.c.sha256 == sha256)).scalar()
    return None if content is None else bytes(content)


def row_to_document(row: Row, *, original: bytes | None = None) -> Document:
    """Build a Document from a row of `select_documents`."""
    return Document(
        source_kind=row.source_kind,
        uri=row.uri,
        text=row.text,
        sha256=row.sha256,
        title=row.title,
        published=row.published,
        language=row.language,
        retrieved_at=row.retrieved_at,
        source_key=row.source_key,
        media_type=row.media_type,
        original=original,
        meta=dict(row.meta),
        extracted_by=row.extracted_by,
        level=row.level,
        id=row.id,
    )


def _check_document(doc: Document) -> None:
    where = f"document {doc.uri}"
    if doc.original is not None and sha256_hex(doc.original) != doc.sha256:
        raise StoreError(f"{where}: sha256 is not the hash of its original bytes; build it with Document.from_bytes")
    if doc.level not in LEVELS:
        raise StoreError(f"{where}: level {doc.level!r} is not one of {', '.join(LEVELS)}")
    if doc.published is not None and len(doc.published) > 10:
        raise StoreError(f"{where}: published {doc.published!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    try:
        json.dumps(doc.meta)
    except (TypeError, ValueError) as err:
        raise StoreError(
            f"{where}: meta cannot be stored as JSON ({err}); keep only str, number, bool, list, dict"
        ) from err
