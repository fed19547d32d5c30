"""A document `/documents/{id}`: metadata, the text with every event's evidence marked, the original."""

from __future__ import annotations

import mimetypes
import re
from urllib.parse import unquote, urlparse

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from khronika.records import Document
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.web.deps import get_store, render, scoped, shown_document, shown_events
from khronika.web.highlight import document_spans, split_marked

router = APIRouter()
DOCUMENT_EVENTS_LIMIT = 500
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,8}")


def load_document(request: Request, document_id: int) -> Document:
    """Return the document with its original bytes, or raise 404 naming it."""
    doc = shown_document(request, get_store(request).get_document(document_id))
    if doc is None:
        raise HTTPException(404, f"Document {document_id} does not exist.")
    return doc


def download_name(doc: Document) -> str:
    """Return a filename safe in any browser and file system: ASCII letters, digits, dot, dash."""
    stem = unquote(urlparse(doc.uri).path.rsplit("/", 1)[-1]) if doc.uri else ""
    base, _, ext = stem.rpartition(".")
    if not _EXTENSION.fullmatch(ext) or not base:
        base, ext = stem, ""
    safe = _UNSAFE_NAME.sub("_", base).strip("._")[:100] or f"document-{doc.id}"
    suffix = f".{ext}" if ext else mimetypes.guess_extension(doc.media_type or "") or ".bin"
    return safe + suffix


@router.get("/documents/{document_id}", include_in_schema=False)
def read_document(request: Request, document_id: int) -> Response:
    """Show a document's metadata and its text with every extracted event's evidence marked."""
    doc = load_document(request, document_id)
    with get_store(request).reader() as conn:
        flt = scoped(request, EventFilter(document_id=document_id))
        events = shown_events(request, queries.select_events(conn, flt, limit=DOCUMENT_EVENTS_LIMIT))
        links = queries.event_links(conn, [e.id for e in events if e.id is not None])
    pieces = split_marked(doc.text, document_spans(doc, events))
    return render(request, "document.html", doc=doc, events=events, links=links, pieces=pieces)


@router.get("/documents/{document_id}/original", include_in_schema=False)
def download_original(request: Request, document_id: int) -> Response:
    """Send the original bytes as they were read, with their media type, as a download."""
    doc = load_document(request, document_id)
    if doc.original is None:
        # Also when the bytes may name someone hidden from this viewer (khronika.protect.redact).
        raise HTTPException(404, f"Document {document_id} has no original bytes to show you (only its text).")
    headers = {
        "Content-Disposition": f'attachment; filename="{download_name(doc)}"',
        # The bytes are the source's, not ours: never let a browser run them as a page of this site.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
    }
    return Response(doc.original, media_type=doc.media_type or "application/octet-stream", headers=headers)
