"""The JSON API under /api (OpenAPI documentation at /api/docs).

Events are the contract of ../shared/spec/events.md plus id, review and extractor; lists take
the chronicle's filters and are paginated (page, per_page).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.web.deps import (
    current_viewer,
    get_store,
    scoped,
    sees_everything,
    shown_document,
    shown_events,
)
from khronika.web.filters import MAX_PAGE_SIZE, parse_filter
from khronika.web.routes.entities import shown_actor
from khronika.web.serialize import document_json, event_json

router = APIRouter(tags=["api"])
API_PAGE_SIZE = 50
SEARCH_LIMIT_MAX = 200


def event_filter(
    request: Request,
    type: Annotated[list[str] | None, Query(description="Event types (repeat for several)")] = None,
    date_from: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive")] = None,
    region: Annotated[str | None, Query(description="Region (admin1) of the place")] = None,
    place: Annotated[str | None, Query(description="Place name")] = None,
    actor: Annotated[str | None, Query(description="Person, organisation or group name or variant")] = None,
    source_kind: Annotated[str | None, Query(description="Kind of the source document")] = None,
    review: Annotated[str | None, Query(description="proposed, confirmed or rejected")] = None,
    language: Annotated[str | None, Query(description="Language of the source document")] = None,
    q: Annotated[str | None, Query(description="Words in the event or its document")] = None,
) -> EventFilter:
    """Read the chronicle's filters (documented here for OpenAPI; parsed as the pages parse them)."""
    return parse_filter(request.query_params)


Page = Annotated[int, Query(ge=1, description="Page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")]


def _not_found(kind: str, item_id: int) -> HTTPException:
    return HTTPException(404, f"{kind} {item_id} does not exist")


@router.get("/events")
def list_events(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    page: Page = 1,
    per_page: PerPage = API_PAGE_SIZE,
) -> dict[str, Any]:
    """List events matching the filters, newest first."""
    visible = scoped(request, flt)
    with get_store(request).reader() as conn:
        total = queries.count_events(conn, visible)
        events = shown_events(
            request, queries.select_events(conn, visible, limit=per_page, offset=(page - 1) * per_page)
        )
    return {"total": total, "page": page, "per_page": per_page, "items": [event_json(e) for e in events]}


@router.get("/events/{event_id}")
def read_event(request: Request, event_id: int) -> dict[str, Any]:
    """Return one event."""
    found = get_store(request).get_event(event_id)
    shown = shown_events(request, [found]) if found is not None else []
    if not shown:
        raise _not_found("event", event_id)
    return event_json(shown[0])


@router.get("/documents")
def list_documents(request: Request, page: Page = 1, per_page: PerPage = API_PAGE_SIZE) -> dict[str, Any]:
    """List documents in the order they were stored (metadata only)."""
    store = get_store(request)
    listed = store.list_documents(limit=per_page, offset=(page - 1) * per_page)
    # Documents above the viewer's level are left out of the page (its total still counts them).
    docs = [shown for d in listed if (shown := shown_document(request, d)) is not None]
    return {
        "total": store.count_documents(),
        "page": page,
        "per_page": per_page,
        "items": [document_json(d) for d in docs],
    }


@router.get("/documents/{document_id}")
def read_document(request: Request, document_id: int) -> dict[str, Any]:
    """Return a document's metadata, its text and the ids of the events read from it."""
    store = get_store(request)
    doc = shown_document(request, store.get_document(document_id))
    if doc is None:
        raise _not_found("document", document_id)
    with store.reader() as conn:
        event_ids = queries.select_event_ids(conn, scoped(request, EventFilter(document_id=document_id)), limit=None)
    return document_json(doc, with_text=True) | {
        "original_url": f"/documents/{document_id}/original",
        "event_ids": event_ids,
    }


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(description='Words; "quoted phrases" match as phrases')],
    limit: Annotated[int, Query(ge=1, le=SEARCH_LIMIT_MAX)] = 20,
) -> dict[str, Any]:
    """Find documents and events by words, best first."""
    viewer = current_viewer(request)
    hits = get_store(request).search(q, limit=limit, viewer=None if sees_everything(viewer) else viewer)
    return {
        "q": q,
        "items": [{"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet} for h in hits],
    }


@router.get("/actors/{actor_id}")
def read_actor(request: Request, actor_id: int) -> dict[str, Any]:
    """Return a person, organisation or group, its name variants and its event ids (newest first)."""
    with get_store(request).reader() as conn:
        actor = queries.get_actor(conn, actor_id)
        if actor is None or actor.level not in current_viewer(request).levels:
            raise _not_found("actor", actor_id)
        actor = shown_actor(actor, current_viewer(request))
        event_ids = queries.select_event_ids(conn, scoped(request, EventFilter(actor_id=actor_id)), limit=None)
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "variants": list(actor.variants),
        "event_ids": event_ids,
    }


@router.get("/places/{place_id}")
def read_place(request: Request, place_id: int) -> dict[str, Any]:
    """Return a place and its event ids (newest first)."""
    with get_store(request).reader() as conn:
        place = queries.get_place(conn, place_id)
        if place is None:
            raise _not_found("place", place_id)
        event_ids = queries.select_event_ids(conn, scoped(request, EventFilter(place_id=place_id)), limit=None)
    if not event_ids and not sees_everything(current_viewer(request)):
        # A place named only by records above this viewer's level is itself a clue (tests/security/test_canary.py).
        raise _not_found("place", place_id)
    return {
        "id": place.id,
        "name": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "event_ids": event_ids,
    }
