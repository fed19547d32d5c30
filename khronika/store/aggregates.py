"""Counts for the map and the statistics pages, for the same filters as the chronicle.

Every function runs inside a connection the caller opened (`Store.reader()`). The database does
the counting: a page about 100,000 events moves a few hundred rows, never the events themselves.
Counts are reused until the data changes (`queries.cached_read`): a busy statistics page would
otherwise scan every event on each view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, func, select

from khronika.store import queries
from khronika.store.queries import EventFilter, cached_read
from khronika.store.schema import events, places

# A place with more events still gets one marker; this caps how many places one page draws.
MAX_MAP_PLACES = 2000
UNDATED = "undated"
NO_REGION = "no region"
_CONDITIONS: WeakKeyDictionary[Connection, dict[EventFilter, list[Any]]] = WeakKeyDictionary()


@dataclass(frozen=True)
class MapPlace:
    """One marker: a place with coordinates and how many of the selected events happened there."""

    name: str
    admin1: str | None
    lat: float
    lon: float
    count: int


@dataclass(frozen=True)
class MonthlyCount:
    """How many selected events fall in one month (YYYY-MM, or 'undated') and one group."""

    month: str
    group: str
    count: int


def _selected(conn: Connection, flt: EventFilter) -> list[Any]:
    # The chronicle's own conditions, so the map and the charts always show the page's events.
    # Worked out once per connection and filter: with words (q=) that means one full-text search
    # for all the counts of a page, not one per count. The cache dies with the connection.
    known = _CONDITIONS.setdefault(conn, {})
    if flt not in known:
        known[flt] = queries._conditions(conn, flt)
    return known[flt]


def region_names(conn: Connection) -> list[str]:
    """Return every region (admin1) a stored place lies in, sorted; the filter bar offers these."""
    query = select(places.c.admin1).where(places.c.admin1.is_not(None)).distinct().order_by(places.c.admin1)
    return [str(name) for name in conn.execute(query).scalars()]


def region_counts(conn: Connection, flt: EventFilter) -> dict[str, int]:
    """Return region (admin1) -> number of selected events placed in it; events without a region are left out."""
    return dict(cached_read(conn, ("region_counts", flt), lambda: _region_counts(conn, flt)))


def _region_counts(conn: Connection, flt: EventFilter) -> dict[str, int]:
    query = (
        select(places.c.admin1, func.count(events.c.id))
        .select_from(events.join(places, events.c.place_id == places.c.id))
        .where(places.c.admin1.is_not(None), *_selected(conn, flt))
        .group_by(places.c.admin1)
        .order_by(places.c.admin1)
    )
    return {str(admin1): int(count) for admin1, count in conn.execute(query)}


def map_places(conn: Connection, flt: EventFilter, *, limit: int = MAX_MAP_PLACES) -> list[MapPlace]:
    """Return the places of the selected events that have coordinates, busiest first."""
    return list(cached_read(conn, ("map_places", flt, limit), lambda: _map_places(conn, flt, limit=limit)))


def _map_places(conn: Connection, flt: EventFilter, *, limit: int) -> list[MapPlace]:
    count = func.count(events.c.id).label("n")
    query = (
        select(places.c.name, places.c.admin1, places.c.lat, places.c.lon, count)
        .select_from(events.join(places, events.c.place_id == places.c.id))
        .where(places.c.lat.is_not(None), places.c.lon.is_not(None), *_selected(conn, flt))
        .group_by(places.c.id, places.c.name, places.c.admin1, places.c.lat, places.c.lon)
        .order_by(count.desc(), places.c.name)
        .limit(limit)
    )
    return [
        MapPlace(name=row.name, admin1=row.admin1, lat=float(row.lat), lon=float(row.lon), count=int(row.n))
        for row in conn.execute(query)
    ]


def located_count(conn: Connection, flt: EventFilter) -> int:
    """Return how many selected events have a place with coordinates (the rest cannot be drawn)."""
    return cached_read(conn, ("located_count", flt), lambda: _located_count(conn, flt))


def _located_count(conn: Connection, flt: EventFilter) -> int:
    query = (
        select(func.count(events.c.id))
        .select_from(events.join(places, events.c.place_id == places.c.id))
        .where(places.c.lat.is_not(None), places.c.lon.is_not(None), *_selected(conn, flt))
    )
    return int(conn.execute(query).scalar_one())


def monthly_counts(conn: Connection, flt: EventFilter, *, by: Literal["type", "region"]) -> list[MonthlyCount]:
    """Return the selected events counted per month and per type or region, oldest month first.

    Events whose date has no month fall under 'undated'; events without a region under 'no region'.
    """
    return list(cached_read(conn, ("monthly_counts", flt, by), lambda: _monthly_counts(conn, flt, by=by)))


def _monthly_counts(conn: Connection, flt: EventFilter, *, by: Literal["type", "region"]) -> list[MonthlyCount]:
    # Dates are ISO text (YYYY, YYYY-MM or YYYY-MM-DD): the first seven characters are the month.
    month = func.substr(events.c.date, 1, 7).label("month")
    # By region: count per place without a join (the places table is small), then add up places
    # per region here; a join would be done once per event.
    group = events.c.type if by == "type" else events.c.place_id
    query = (
        # count(*), not count(id): the same here (id is never NULL) and SQLite skips reading a column.
        select(month, group.label("grp"), func.count().label("n")).where(*_selected(conn, flt)).group_by(month, group)
    )
    region_of: dict[Any, str] = {}
    if by == "region":
        rows = conn.execute(select(places.c.id, places.c.admin1))
        region_of = {place_id: admin1 or NO_REGION for place_id, admin1 in rows}
    found = []
    for row in conn.execute(query):
        has_month = row.month is not None and len(row.month) == 7
        name = row.grp if by == "type" else region_of.get(row.grp, NO_REGION)
        found.append(MonthlyCount(month=row.month if has_month else UNDATED, group=name, count=row.n))
    return _merged(found)


def _merged(counts: list[MonthlyCount]) -> list[MonthlyCount]:
    # Year-only dates and missing dates both land in 'undated' and must be added up.
    totals: dict[tuple[str, str], int] = {}
    for item in counts:
        totals[item.month, item.group] = totals.get((item.month, item.group), 0) + int(item.count)
    # 'undated' sorts after every YYYY-MM because letters sort after digits.
    return [MonthlyCount(month=m, group=g, count=n) for (m, g), n in sorted(totals.items())]
