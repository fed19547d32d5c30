"""Reading the chronicle: events chosen by filters, counts, related rows and an event's history.

Every function runs inside a connection the caller opened (`Store.reader()`), so one page reads
one consistent state. Filters combine with AND; the values inside one filter (several types)
combine with OR.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, exists, func, or_, select

from khronika.records import Event
from khronika.store import events as evs
from khronika.store.schema import actor_names, actors, audit_log, documents, event_actors, events, evidence, places
from khronika.store.search import cached_read, fold_text, match_select, parse_query

__all__ = ["cached_read"]  # kept here too: the read functions' callers import it from queries

# The longest page of event ids kept (the chronicle shows 50 a page; a larger one is not kept).
CACHED_PAGE_MAX = 500


@dataclass(frozen=True)
class EventFilter:
    """Which events to show; empty fields do not filter."""

    types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    region: str | None = None
    place: str | None = None
    actor: str | None = None
    source_kind: str | None = None
    review: str | None = None
    language: str | None = None
    q: str | None = None
    actor_id: int | None = None
    place_id: int | None = None
    document_id: int | None = None
    # Who is looking (set by the web app, never read from a URL): the levels they may read (None:
    # all), whether they may see protected people's names, and, for a viewer who may not see
    # everything, the ids their own search matched for q (Store.search with a viewer).
    levels: tuple[str, ...] | None = field(default=None, metadata={"scope": True})
    protected_visible: bool = field(default=True, metadata={"scope": True})
    matched: tuple[tuple[int, ...], tuple[int, ...]] | None = field(default=None, metadata={"scope": True})


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log, as the history of a record shows it."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActorRow:
    """A person, organisation or group with its stored id and name variants."""

    id: int
    name: str
    kind: str
    variants: tuple[str, ...]
    level: str = "internal"
    protected: bool = False
    pseudonym: str | None = None


@dataclass(frozen=True)
class PlaceRow:
    """A place with its stored id."""

    id: int
    name: str
    admin1: str | None
    country: str
    lat: float | None
    lon: float | None


def _date_upper(value: str) -> str:
    # "2024-03" must include every day of March: dates are text, so pad with a high digit.
    return value + "-99-99"[len(value) - 4 :] if len(value) < 10 else value


def _conditions(conn: Connection, flt: EventFilter) -> list[Any]:
    where: list[Any] = []
    if flt.types:
        where.append(events.c.type.in_(flt.types))
    if flt.date_from:
        where.append(events.c.date >= flt.date_from)
    if flt.date_to:
        where.append(events.c.date <= _date_upper(flt.date_to))
    if flt.review:
        where.append(events.c.review == flt.review)
    if flt.region or flt.place or flt.place_id is not None:
        place_where = []
        if flt.region:
            place_where.append(places.c.admin1 == flt.region)
        if flt.place:
            place_where.append(places.c.name == flt.place)
        if flt.place_id is not None:
            place_where.append(places.c.id == flt.place_id)
        where.append(events.c.place_id.in_(select(places.c.id).where(*place_where)))
    if flt.actor or flt.actor_id is not None:
        where.append(
            exists().where(event_actors.c.event_id == events.c.id, event_actors.c.actor_id.in_(_actor_ids(conn, flt)))
        )
    if flt.source_kind or flt.language:
        doc_where = []
        if flt.source_kind:
            doc_where.append(documents.c.source_kind == flt.source_kind)
        if flt.language:
            doc_where.append(documents.c.language == flt.language)
        where.append(events.c.document_id.in_(select(documents.c.id).where(*doc_where)))
    if flt.document_id is not None:
        cited = select(evidence.c.event_id).where(evidence.c.document_id == flt.document_id)
        where.append(or_(events.c.document_id == flt.document_id, events.c.id.in_(cited)))
    if flt.matched is not None:
        event_ids, doc_ids = flt.matched
        where.append(_matched(list(event_ids), list(doc_ids)))
    elif flt.q:
        where.append(_search_condition(conn, flt.q, levels=flt.levels))
    if flt.levels is not None:
        where.append(events.c.level.in_(flt.levels))
    return where


def _matched(event_ids: list[int], doc_ids: list[int]) -> Any:
    cited = select(evidence.c.event_id).where(evidence.c.document_id.in_(doc_ids))
    return or_(events.c.id.in_(event_ids), events.c.document_id.in_(doc_ids), events.c.id.in_(cited))


def _actor_ids(conn: Connection, flt: EventFilter) -> list[int]:
    if flt.actor_id is not None:
        return [flt.actor_id]
    # Names are compared folded (case, ё, Kazakh letters), as search compares words: people type
    # "арман фиктивный" for "Арман Фиктивный". Folding happens in Python, so it is the same on both backends.
    wanted = fold_text(" ".join((flt.actor or "").split()))
    names = select(actors.c.id, actors.c.name).union_all(select(actor_names.c.actor_id, actor_names.c.name))
    found = {int(row[0]) for row in conn.execute(names) if fold_text(" ".join(row[1].split())) == wanted}
    if found and (flt.levels is not None or not flt.protected_visible):
        # A name hidden from this viewer must not find its events: that would tell who they are.
        visible = select(actors.c.id).where(actors.c.id.in_(found))
        if flt.levels is not None:
            visible = visible.where(actors.c.level.in_(flt.levels))
        if not flt.protected_visible:
            visible = visible.where(actors.c.protected.is_(False))
        found = set(conn.execute(visible).scalars())
    return sorted(found)


def _search_condition(conn: Connection, q: str, *, levels: tuple[str, ...] | None = None) -> Any:
    parsed = parse_query(q)
    if parsed.is_empty():
        return events.c.id.is_not(None)
    # Every match, not the best N: the chronicle shows and counts all events the words find.
    doc_ids: Any = match_select(conn, "document", parsed)
    event_ids: Any = match_select(conn, "event", parsed)
    if levels is not None:
        # A viewer's words find only documents of their levels, and an event's own index row only
        # when it quotes no document above them: that row holds the quoted words too.
        doc_ids = select(documents.c.id).where(documents.c.id.in_(doc_ids), documents.c.level.in_(levels))
        unreadable = select(evidence.c.event_id).where(
            evidence.c.document_id.in_(select(documents.c.id).where(documents.c.level.not_in(levels)))
        )
        event_ids = select(events.c.id).where(events.c.id.in_(event_ids), events.c.id.not_in(unreadable))
    # Evidence is looked up per event row (its event_id index) rather than collected for every
    # matching document first: common words match most documents.
    cited = exists().where(evidence.c.event_id == events.c.id, evidence.c.document_id.in_(doc_ids))
    return or_(events.c.id.in_(event_ids), events.c.document_id.in_(doc_ids), cited)


def _newest_first(conn: Connection) -> tuple[Any, ...]:
    if conn.dialect.name == "sqlite":
        # SQLite sorts NULL lowest, so descending dates already put undated events last, and the
        # date index (whose entries end with the id) serves this order without sorting.
        return (events.c.date.desc(), events.c.id.desc())
    return (events.c.date.is_(None), events.c.date.desc(), events.c.id.desc())


def select_event_ids(conn: Connection, flt: EventFilter, *, limit: int | None, offset: int = 0) -> list[int]:
    """Return ids of the events the filter selects, newest first (by date, then id); undated last."""

    def page() -> list[int]:
        query = select(events.c.id).where(*_conditions(conn, flt)).order_by(*_newest_first(conn)).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return list(conn.execute(query).scalars())

    if limit is None or limit > CACHED_PAGE_MAX:
        return page()  # exports and the like: too many ids to keep
    # A page of ids is reused like a count: the same filter and page give the same ids until a write.
    return list(cached_read(conn, ("select_event_ids", flt, limit, offset), page))


def select_events(conn: Connection, flt: EventFilter, *, limit: int | None, offset: int = 0) -> list[Event]:
    """Return the events the filter selects, newest first, with actors, place and evidence."""
    ids = select_event_ids(conn, flt, limit=limit, offset=offset)
    if len(ids) > CACHED_PAGE_MAX:
        return evs.load_events(conn, ids)
    # A page of events is kept like its ids (issue 4: loading 50 events was a third of a chronicle
    # page). The kept events are the stored ones, before any viewer's redaction, keyed by their
    # ids alone; each caller gets copies, so redacting or editing one never changes the kept page.
    kept = cached_read(conn, ("load_events", tuple(ids)), lambda: tuple(evs.load_events(conn, ids)))
    return [_copy_event(event) for event in kept]


def _copy_event(event: Event) -> Event:
    return replace(
        event,
        place=replace(event.place) if event.place is not None else None,
        actors=[replace(actor, variants=list(actor.variants)) for actor in event.actors],
        details=copy.deepcopy(event.details),
        evidence=[replace(quote) for quote in event.evidence],
    )


def count_events(conn: Connection, flt: EventFilter) -> int:
    """Return how many events the filter selects (reused until the data changes: see cached_read)."""

    def count() -> int:
        query = select(func.count()).select_from(events).where(*_conditions(conn, flt))
        return int(conn.execute(query).scalar_one())

    return cached_read(conn, ("count_events", flt), count)


def filter_choices(conn: Connection, *, levels: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """Return the values the filter form offers: regions, places, source kinds, languages.

    With `levels`, regions and places come only from events of those levels: a place named by a
    confidential record alone must not appear in an anonymous visitor's form.
    """

    def choices() -> dict[str, list[str]]:
        return {
            "region": _place_values(conn, places.c.admin1, levels),
            "place": _place_values(conn, places.c.name, levels),
            "source_kind": _distinct_indexed(conn, documents.c.source_kind),
            "language": _distinct_indexed(conn, documents.c.language),
        }

    kept = cached_read(conn, ("filter_choices", levels), choices)
    return {name: list(values) for name, values in kept.items()}


def _place_values(conn: Connection, column: Any, levels: tuple[str, ...] | None) -> list[str]:
    if levels is None:
        return _distinct(conn, column)
    used = select(events.c.place_id).where(events.c.level.in_(levels), events.c.place_id.is_not(None))
    query = select(column).where(column.is_not(None), places.c.id.in_(used)).distinct().order_by(column)
    return [str(v) for v in conn.execute(query).scalars()]


def _distinct(conn: Connection, column: Any) -> list[str]:
    query = select(column).where(column.is_not(None)).distinct().order_by(column)
    return [str(v) for v in conn.execute(query).scalars()]


def _distinct_indexed(conn: Connection, column: Any) -> list[str]:
    # A few values over many rows: step from one value to the next through the column's index
    # (one seek per value) instead of reading every row; DISTINCT reads them all on SQLite.
    found: list[str] = []
    value = conn.execute(select(func.min(column))).scalar()
    while value is not None:
        found.append(str(value))
        value = conn.execute(select(func.min(column)).where(column > value)).scalar()
    return found


def event_links(conn: Connection, event_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Return per event: its document id, place id and actor ids in the actors' order."""
    if len(event_ids) > CACHED_PAGE_MAX:
        return _event_links(conn, event_ids)
    kept = cached_read(conn, ("event_links", tuple(event_ids)), lambda: _event_links(conn, event_ids))
    return {event_id: {**link, "actor_ids": list(link["actor_ids"])} for event_id, link in kept.items()}


def _event_links(conn: Connection, event_ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    rows = conn.execute(select(events.c.id, events.c.document_id, events.c.place_id).where(events.c.id.in_(event_ids)))
    for link in rows:
        found[link.id] = {"document_id": link.document_id, "place_id": link.place_id, "actor_ids": []}
    query = (
        select(event_actors.c.event_id, event_actors.c.actor_id)
        .where(event_actors.c.event_id.in_(event_ids))
        .order_by(event_actors.c.event_id, event_actors.c.position)
    )
    for row in conn.execute(query):
        found[row.event_id]["actor_ids"].append(row.actor_id)
    return found


def get_actor(conn: Connection, actor_id: int) -> ActorRow | None:
    """Return the actor with this id and its name variants, or None."""
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        return None
    names = select(actor_names.c.name).where(actor_names.c.actor_id == actor_id).order_by(actor_names.c.id)
    variants = tuple(conn.execute(names).scalars())
    return ActorRow(
        id=row.id,
        name=row.name,
        kind=row.kind,
        variants=variants,
        level=row.level,
        protected=bool(row.protected),
        pseudonym=row.pseudonym,
    )


def get_place(conn: Connection, place_id: int) -> PlaceRow | None:
    """Return the place with this id, or None."""
    row = conn.execute(select(places).where(places.c.id == place_id)).first()
    if row is None:
        return None
    return PlaceRow(id=row.id, name=row.name, admin1=row.admin1, country=row.country, lat=row.lat, lon=row.lon)


def event_history(conn: Connection, event_id: int) -> list[AuditEntry]:
    """Return the audit log rows about this event, newest first."""
    query = select(audit_log).where(audit_log.c.target == f"event:{event_id}").order_by(audit_log.c.id.desc())
    return [
        AuditEntry(id=r.id, at=r.at, actor=r.actor, action=r.action, target=r.target, detail=dict(r.detail))
        for r in conn.execute(query)
    ]


def next_proposed_id(
    conn: Connection, flt: EventFilter | None = None, *, after: int | None = None, before: int | None = None
) -> int | None:
    """Return the oldest proposed event after `after` (or the newest before `before`), wrapping round.

    With a filter, only the proposed events it selects make up the queue (one reviewer's language).
    """
    where = [*_conditions(conn, flt or EventFilter()), events.c.review == "proposed"]
    if before is not None:
        query = select(events.c.id).where(*where, events.c.id < before).order_by(events.c.id.desc())
    else:
        query = select(events.c.id).where(*where, events.c.id > (after or 0)).order_by(events.c.id)
    found = conn.execute(query.limit(1)).scalar()
    if found is None and (after or before):
        # Past the end of the queue: start again from its oldest event.
        found = conn.execute(select(events.c.id).where(*where).order_by(events.c.id).limit(1)).scalar()
    return None if found is None else int(found)


def count_proposed(conn: Connection, flt: EventFilter | None = None) -> int:
    """Return how many events (of those the filter selects) wait for review."""
    where = [*_conditions(conn, flt or EventFilter()), events.c.review == "proposed"]
    return int(conn.execute(select(func.count()).select_from(events).where(*where)).scalar_one())


def load_events_by_id(conn: Connection, ids: list[int]) -> list[Event]:
    """Return the events with these ids in this order, with actors, place and evidence."""
    return evs.load_events(conn, ids)
