"""Downloads `/events.csv` and `/events.json`: every event the chronicle's filters select, all pages."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request
from starlette.responses import StreamingResponse

from khronika.publish.selection import select_events
from khronika.records import Event
from khronika.web.deps import current_viewer, get_store, require
from khronika.web.filters import parse_filter
from khronika.web.serialize import csv_chunks, json_chunks

router = APIRouter()


def all_filtered(request: Request) -> Iterator[Event]:
    """Return every event the request's filters select, in the chronicle's order, as its viewer sees them."""
    require(request, "export")  # here, before streaming starts, so a refusal is a plain 403
    return select_events(get_store(request), parse_filter(request.query_params), viewer=current_viewer(request))


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
