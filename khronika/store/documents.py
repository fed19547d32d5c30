"""Documents and their original bytes, inside a caller's transaction."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, Row, func, insert, or_, select

from khronika.errors import StoreError
from khronika.records import LEVELS, Document, sha256_hex
from khronika.store.schema import documents, originals
from khronika.store.search import add_search_row, index_text

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
    folded = index_text(doc.title, doc.text)
    known = conn.execute(select(originals.c.sha256).where(originals.c.sha256 == doc.sha256)).scalar()
    if known is None:
        conn.execute(
            insert(originals).values(
                sha256=doc.sha256,
                content=doc.original,
                size_bytes=None if doc.original is None else len(doc.original),
                media_type=doc.media_type,
            )
        )
    result = conn.execute(
        insert(documents).values(
            sha256=doc.sha256,
            source_kind=doc.source_kind,
            uri=doc.uri,
            source_key=doc.source_key,
            title=doc.title,
            published=doc.published,
            retrieved_at=doc.retrieved_at or datetime.now(UTC),
            language=doc.language,
            text=doc.text,
            meta=doc.meta,
            text_folded=folded,
            extracted_by=doc.extracted_by,
            level=doc.level,
        )
    )
    (doc_id,) = result.inserted_primary_key or (None,)
    if doc_id is None:
        raise StoreError(f"{doc.uri}: the database returned no id for the new document")
    add_search_row(conn, "document", doc_id, body=folded)
    return int(doc_id)


def select_documents(conn: Connection, *, ids: list[int] | None = None, limit: int = 50, offset: int = 0) -> list[Row]:
    """Return document rows (with media type, without bytes) by id, or a page of all by id."""
    query = select(*_DOCUMENT_COLUMNS).join(originals, originals.c.sha256 == documents.c.sha256)
    if ids is not None:
        return list(conn.execute(query.where(documents.c.id.in_(ids)).order_by(documents.c.id)))
    return list(conn.execute(query.order_by(documents.c.id).limit(limit).offset(offset)))


def count_documents(conn: Connection) -> int:
    """Return how many documents are stored."""
    return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def select_original(conn: Connection, sha256: str) -> bytes | None:
    """Return the original bytes stored under a SHA-256, or None."""
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
