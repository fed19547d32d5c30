"""Downloads `/events.csv` and `/events.json`: every event the chronicle's filters select, all pages."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request
from starlette.responses import StreamingResponse

from khronika.records import Event
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.store.store import Store
from khronika.web.deps import get_store, require, scoped, shown_events
from khronika.web.filters import parse_filter
from khronika.web.serialize import csv_chunks, json_chunks

router = APIRouter()
# Events loaded at once while writing a download; the ids are read once so pages cannot shift.
BATCH = 500


def all_filtered(request: Request) -> Iterator[Event]:
    """Return every event the request's filters select, in the chronicle's order, as its viewer sees them."""
    require(request, "export")  # here, before streaming starts, so a refusal is a plain 403
    flt = scoped(request, parse_filter(request.query_params))
    return _stream(request, get_store(request), flt)


def _stream(request: Request, store: Store, flt: EventFilter) -> Iterator[Event]:
    with store.reader() as conn:
        ids = queries.select_event_ids(conn, flt, limit=None)
        for start in range(0, len(ids), BATCH):
            yield from shown_events(request, queries.load_events_by_id(conn, ids[start : start + BATCH]))


def _headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/events.csv", tags=["downloads"])
def download_csv(request: Request) -> StreamingResponse:
    """Download the filtered events as CSV (same query string as the chronicle)."""
    events = all_filtered(request)

    def body() -> Iterator[str]:
        # A byte-order mark lets spreadsheet programs read Cyrillic as UTF-8.
        yield "\ufeff"
        yield from csv_chunks(events)

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers=_headers("khronika-events.csv"))


@router.get("/events.json", tags=["downloads"])
def download_json(request: Request) -> StreamingResponse:
    """Download the filtered events as a JSON array (same query string as the chronicle)."""
    events = all_filtered(request)
    return StreamingResponse(
        json_chunks(events), media_type="application/json", headers=_headers("khronika-events.json")
    )
