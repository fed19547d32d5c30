"""Statistics `/stats`: the selected events per month, by type and by region, as charts and tables.

The page takes the chronicle's query string. The numbers are in HTML tables first (readable
without JavaScript, and by screen readers); stats.js draws the same numbers as stacked bars.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from khronika.records import EVENT_TYPES
from khronika.store import aggregates
from khronika.store.aggregates import NO_REGION, UNDATED, MonthlyCount
from khronika.store.queries import EventFilter
from khronika.web import chart_messages, i18n
from khronika.web.deps import current_language, get_store, render, scoped
from khronika.web.filter_bar import filter_bar_context
from khronika.web.filters import parse_filter

router = APIRouter()
chart_messages.register()


def month_range(first: str, last: str) -> list[str]:
    """Return every month from `first` to `last` (YYYY-MM), both included, so quiet months show as zero."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def chart_table(counts: list[MonthlyCount]) -> dict[str, Any]:
    """Arrange counts as months (gaps filled), groups (largest first) and one row of counts per group."""
    dated = [c for c in counts if c.month != UNDATED]
    months = month_range(min(c.month for c in dated), max(c.month for c in dated)) if dated else []
    totals: dict[str, int] = {}
    for c in counts:
        totals[c.group] = totals.get(c.group, 0) + c.count
    groups = sorted(totals, key=lambda g: (-totals[g], g))
    index = {m: i for i, m in enumerate(months)}
    rows = {g: [0] * len(months) for g in groups}
    undated = dict.fromkeys(groups, 0)
    for c in counts:
        if c.month == UNDATED:
            undated[c.group] += c.count
        else:
            rows[c.group][index[c.month]] += c.count
    return {"months": months, "groups": groups, "series": rows, "undated": undated, "totals": totals}


def group_labels(lang: str) -> dict[str, str]:
    """Return the chart legend's names in `lang`: event types and the bucket of events without a region."""
    return {name: i18n.translate(lang, name) for name in (*EVENT_TYPES, NO_REGION)}


def stats_data(request: Request, flt: EventFilter) -> dict[str, Any]:
    """Return the filter's event counts per month by type and by region."""
    visible = scoped(request, flt)  # counts only what this viewer may see
    with get_store(request).reader() as conn:
        by_type = aggregates.monthly_counts(conn, visible, by="type")
        by_region = aggregates.monthly_counts(conn, visible, by="region")
    # Every event has a type, so the counts by type add up to the total: no third query.
    total = sum(c.count for c in by_type)
    return {"total": total, "by_type": chart_table(by_type), "by_region": chart_table(by_region)}


@router.get("/stats", include_in_schema=False)
def read_stats(request: Request) -> Response:
    """Show the statistics of the events the query string selects."""
    flt = parse_filter(request.query_params)
    return render(
        request,
        "stats.html",
        data=stats_data(request, flt),
        **filter_bar_context(request, flt, path="/stats"),
        labels=group_labels(current_language(request)),
    )


@router.get("/api/stats", tags=["stats"])
def read_stats_data(request: Request) -> JSONResponse:
    """Return events per month by type and by region for the chronicle's filters."""
    return JSONResponse(stats_data(request, parse_filter(request.query_params)))
