"""A person, organisation or group `/actors/{id}` and a place `/places/{id}`: their events over time."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from khronika.protect.redact import hides, label_of
from khronika.protect.roles import Viewer
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.web.deps import current_viewer, get_store, render, scoped, sees_everything, shown_events
from khronika.web.filters import filter_query, page_number
from khronika.web.routes.chronicle import group_by_month

router = APIRouter()
PAGE_SIZE = 100


def entity_events(request: Request, flt: EventFilter) -> dict[str, Any]:
    """Return one page of the filter's events, grouped by month, with paging values."""
    page = page_number(request.query_params)
    visible = scoped(request, flt)
    with get_store(request).reader() as conn:
        total = queries.count_events(conn, visible)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(page, pages)
        found = queries.select_events(conn, visible, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        events = shown_events(request, found)
        links = queries.event_links(conn, [e.id for e in events if e.id is not None])
    path = request.url.path
    return {
        "events": events,
        "months": group_by_month(events),
        "links": links,
        "total": total,
        "page": page,
        "pages": pages,
        "page_url": lambda n: f"{path}?page={n}",
        "chronicle_url": "/?" + filter_query(flt),
    }


def shown_actor(actor: queries.ActorRow, viewer: Viewer) -> queries.ActorRow:
    """Return the actor as this viewer may see them: a hidden person by label, without variants."""
    if not hides(actor, viewer):
        return actor
    return replace(actor, name=label_of(actor), variants=())


@router.get("/actors/{actor_id}", include_in_schema=False)
def read_actor(request: Request, actor_id: int) -> Response:
    """Show an actor's name variants and events over time."""
    with get_store(request).reader() as conn:
        actor = queries.get_actor(conn, actor_id)
    if actor is None or actor.level not in current_viewer(request).levels:
        raise HTTPException(404, f"Actor {actor_id} does not exist.")
    actor = shown_actor(actor, current_viewer(request))
    return render(request, "actor.html", actor=actor, **entity_events(request, EventFilter(actor_id=actor_id)))


@router.get("/places/{place_id}", include_in_schema=False)
def read_place(request: Request, place_id: int) -> Response:
    """Show a place and its events over time."""
    with get_store(request).reader() as conn:
        place = queries.get_place(conn, place_id)
    shown = entity_events(request, EventFilter(place_id=place_id))
    # A place named only by records above this viewer's level is itself a clue (tests/security/test_canary.py).
    if place is None or (shown["total"] == 0 and not sees_everything(current_viewer(request))):
        raise HTTPException(404, f"Place {place_id} does not exist.")
    return render(request, "place.html", place=place, **shown)
