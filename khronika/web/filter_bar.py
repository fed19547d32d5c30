"""What the shared filter bar (templates/_filter_bar.html) of the map and statistics pages needs."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from khronika.records import EVENT_TYPES, ReviewState
from khronika.store import aggregates
from khronika.store.queries import EventFilter
from khronika.web.deps import get_store
from khronika.web.filters import active_filters, filter_query


def filter_bar_context(request: Request, flt: EventFilter, *, path: str) -> dict[str, Any]:
    """Return the template values of the filter bar for the page at `path`."""
    with get_store(request).reader() as conn:
        # The bar offers only regions: not the chronicle's full choices, which scan every document.
        choices = {"region": aggregates.region_names(conn)}
    return {
        "filter": flt,
        "choices": choices,
        "event_types": EVENT_TYPES,
        "review_states": [state.value for state in ReviewState],
        "active": active_filters(flt, path=path, keep={}),
        "query": filter_query(flt),
    }
