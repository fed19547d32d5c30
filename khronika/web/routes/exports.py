"""Downloads of every event the chronicle's filters select, all pages, in each export format.

`/events.csv`, `/events.json`, `/events.jsonl`, `/events.geojson` and `/events.acled.csv` take the
chronicle's query string and give the same bytes as `khronika export` for the same filters and role.
Each download appends an "export" audit entry naming who took what (khronika.publish.exports).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import StreamingResponse

from khronika.publish.exports import export_chunks, get_exporter, log_export
from khronika.web.deps import current_actor, current_viewer, get_store, require
from khronika.web.filters import parse_filter

router = APIRouter()
EXPORT = {"x-permission": "export"}  # the routes added after ROUTE_PERMISSIONS named csv and json


def download(request: Request, fmt: str) -> StreamingResponse:
    """Return the filtered events in format `fmt` as a file download, after logging who took them."""
    require(request, "export")  # here, before streaming starts, so a refusal is a plain 403
    exporter = get_exporter(fmt)
    store, viewer = get_store(request), current_viewer(request)
    flt = parse_filter(request.query_params)
    log_export(store, flt, fmt=fmt, viewer=viewer, actor=current_actor(request))
    headers = {"Content-Disposition": f'attachment; filename="khronika-events{exporter.suffix}"'}
    body = export_chunks(store, flt, fmt=fmt, viewer=viewer)
    return StreamingResponse(body, media_type=exporter.media_type, headers=headers)


@router.get("/events.csv", tags=["downloads"])
def download_csv(request: Request) -> StreamingResponse:
    """Download the filtered events as CSV (same query string as the chronicle)."""
    return download(request, "csv")


@router.get("/events.json", tags=["downloads"])
def download_json(request: Request) -> StreamingResponse:
    """Download the filtered events as a JSON array (same query string as the chronicle)."""
    return download(request, "json")


@router.get("/events.jsonl", tags=["downloads"], openapi_extra=EXPORT)
def download_jsonl(request: Request) -> StreamingResponse:
    """Download the filtered events as JSON Lines, one event a line."""
    return download(request, "jsonl")


@router.get("/events.geojson", tags=["downloads"], openapi_extra=EXPORT)
def download_geojson(request: Request) -> StreamingResponse:
    """Download the filtered events as a GeoJSON FeatureCollection (RFC 7946)."""
    return download(request, "geojson")


@router.get("/events.acled.csv", tags=["downloads"], openapi_extra=EXPORT)
def download_acled(request: Request) -> StreamingResponse:
    """Download the filtered events as an ACLED-style CSV (ACLED's columns and event types)."""
    return download(request, "acled")
