"""The chronicle `/`: filtered events, newest first, as a list or a timeline grouped by month."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from khronika.records import EVENT_TYPES, Event, ReviewState
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.web.deps import current_viewer, get_store, render, scoped, sees_everything, shown_events
from khronika.web.filters import active_filters, filter_query, page_number, page_size, parse_filter

router = APIRouter()
PAGE_SIZE = 50


@dataclass
class Month:
    """The events of one month on the timeline."""

    key: str  # YYYY-MM, or "" for undated events
    events: list[Event] = field(default_factory=list)


def group_by_month(events: list[Event]) -> list[Month]:
    """Group events (already newest first) by the month of their date, keeping the order."""
    months: list[Month] = []
    for event in events:
        key = (event.date or "")[:7]
        if not months or months[-1].key != key:
            months.append(Month(key))
        months[-1].events.append(event)
    return months


def scoped_filter(request: Request, flt: EventFilter) -> EventFilter:
    """Return the filter limited to the current viewer, its search kept per connection until a write."""
    viewer = current_viewer(request)
    if not flt.q or sees_everything(viewer):
        return scoped(request, flt)  # no search of the viewer's own to run: cheap
    # A viewer's own search reads every match (up to 10,000) and redacts each: seconds for a
    # common word over a large chronicle, so the next page of the same results reuses it.
    # The key holds the whole viewer; any write empties the cache before the next read.
    with get_store(request).reader() as conn:
        if conn.dialect.name == "sqlite":
            return queries.cached_read(conn, ("scoped_filter", flt, viewer), lambda: scoped(request, flt))
    return scoped(request, flt)


def chronicle_context(request: Request) -> dict[str, Any]:
    """Return the filter, the page of events and everything the chronicle template shows."""
    params = request.query_params
    flt = parse_filter(params)
    view = "timeline" if params.get("view") == "timeline" else "list"
    size = page_size(params, default=PAGE_SIZE)
    page = page_number(params)
    store = get_store(request)
    visible = scoped_filter(request, flt)
    with store.reader() as conn:
        total = queries.count_events(conn, visible)
        pages = max(1, -(-total // size))
        page = min(page, pages)
        events = shown_events(request, queries.select_events(conn, visible, limit=size, offset=(page - 1) * size))
        links = queries.event_links(conn, [e.id for e in events if e.id is not None])
        choices = queries.filter_choices(conn, levels=visible.levels)
    keep = {"view": view} if view != "list" else {}
    if size != PAGE_SIZE:
        keep["per_page"] = str(size)
    return {
        "filter": flt,
        "view": view,
        "events": events,
        "months": group_by_month(events),
        "links": links,
        "total": total,
        "page": page,
        "pages": pages,
        "choices": choices,
        "event_types": EVENT_TYPES,
        "review_states": [state.value for state in ReviewState],
        "active": active_filters(flt, path="/", keep=keep),
        "query": filter_query(flt),
        "page_url": lambda n: "/?" + filter_query(flt, **keep, page=n),
        "view_url": lambda v: "/?" + filter_query(flt, **(keep | {"view": "" if v == "list" else v})),
    }


@router.get("/", include_in_schema=False)
def read_chronicle(request: Request) -> Response:
    """Show the chronicle page."""
    return render(request, "chronicle.html", **chronicle_context(request))
