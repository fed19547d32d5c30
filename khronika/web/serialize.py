"""Events, documents and entities as the API and the downloads write them.

The event forms (JSON object, CSV row) live in khronika.publish.formats, the one place the
downloads, the API and the exports take them from.
"""

from __future__ import annotations

from typing import Any

from khronika.publish.formats import CSV_COLUMNS, csv_chunks, csv_text, event_csv_row, event_json, json_chunks
from khronika.records import Document

__all__ = ["CSV_COLUMNS", "csv_chunks", "csv_text", "document_json", "event_csv_row", "event_json", "json_chunks"]


def document_json(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    """Return a document's metadata (and its text when asked), never its original bytes."""
    found: dict[str, Any] = {
        "id": doc.id,
        "source_kind": doc.source_kind,
        "uri": doc.uri,
        "title": doc.title,
        "published": doc.published,
        "retrieved_at": doc.retrieved_at.isoformat() if doc.retrieved_at else None,
        "language": doc.language,
        "sha256": doc.sha256,
        "media_type": doc.media_type,
        "extracted_by": doc.extracted_by,
    }
    if with_text:
        found["text"] = doc.text
    return found
