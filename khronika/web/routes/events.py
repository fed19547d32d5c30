"""An event `/events/{id}`: every field, its actors and place, evidence in context, history."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from khronika.records import Event
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.web.deps import get_store, render, scoped, shown_document, shown_events
from khronika.web.highlight import evidence_in_context

router = APIRouter()
SAME_DOCUMENT_LIMIT = 50


def load_event(request: Request, event_id: int) -> Event:
    """Return the event or raise 404 naming it."""
    found = get_store(request).get_event(event_id)
    shown = shown_events(request, [found]) if found is not None else []
    event = shown[0] if shown else None
    if event is None:
        raise HTTPException(404, f"Event {event_id} does not exist (it may have been merged into another).")
    return event


@router.get("/events/{event_id}", include_in_schema=False)
def read_event(request: Request, event_id: int) -> Response:
    """Show one event with its evidence in context and its history."""
    store = get_store(request)
    event = load_event(request, event_id)
    with store.reader() as conn:
        links = queries.event_links(conn, [event_id])
        history = queries.event_history(conn, event_id)
        document_id = links[event_id]["document_id"]
        siblings = []
        if document_id is not None:
            flt = scoped(request, EventFilter(document_id=document_id))
            found = queries.select_events(conn, flt, limit=SAME_DOCUMENT_LIMIT)
            siblings = [e for e in shown_events(request, found) if e.id != event_id]
            links |= queries.event_links(conn, [e.id for e in siblings if e.id is not None])
    passages = []
    documents = {}
    for item in event.evidence:
        doc_id = item.document_id or document_id
        if doc_id is not None and doc_id not in documents:
            documents[doc_id] = shown_document(request, store.get_document(doc_id))
        doc = documents.get(doc_id) if doc_id is not None else None
        pieces = evidence_in_context(doc.text, item) if doc is not None else None
        passages.append({"evidence": item, "document": doc, "pieces": pieces})
    return render(
        request,
        "event.html",
        event=event,
        links=links,
        link=links[event_id],
        passages=passages,
        siblings=siblings,
        history=history,
        source=documents.get(document_id) if document_id is not None else None,
    )
