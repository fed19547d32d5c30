"""Events with their place, actors and evidence, inside a caller's transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Table, and_, delete, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from khronika.errors import StoreError
from khronika.records import LEVELS, Actor, Event, Evidence, Place, ReviewState
from khronika.store.schema import actor_names, actors, event_actors, events, evidence, places
from khronika.store.search import add_search_row, delete_search_rows, index_text


def insert_event(conn: Connection, document_id: int, event: Event, *, now: datetime) -> int:
    """Store one event linked to the document it was read from; return its id."""
    try:
        review = ReviewState(event.review)
    except ValueError as err:
        raise StoreError(f"event review: {event.review!r} is not one of proposed, confirmed, rejected") from err
    if event.level not in LEVELS:
        raise StoreError(f"event {event.type}: level {event.level!r} is not one of {', '.join(LEVELS)}")
    place_id = _place_id(conn, event.place) if event.place else None
    actor_ids = [_actor_id(conn, actor) for actor in event.actors]
    folded = event_index_text(event)
    result = conn.execute(
        insert(events).values(
            document_id=document_id,
            type=event.type,
            date=event.date,
            date_end=event.date_end,
            place_id=place_id,
            size=event.size,
            details=event.details,
            confidence=event.confidence,
            review=review.value,
            extractor=event.extractor,
            created_at=now,
            updated_at=now,
            text_folded=folded,
            level=event.level,
        )
    )
    (event_id,) = result.inserted_primary_key or (None,)
    if event_id is None:
        raise StoreError(f"event {event.type}: the database returned no id for the new event")
    if actor_ids:
        rows = [
            {"event_id": event_id, "position": i, "actor_id": actor_id, "role": actor.role}
            for i, (actor_id, actor) in enumerate(zip(actor_ids, event.actors, strict=True))
        ]
        conn.execute(insert(event_actors), rows)
    if event.evidence:
        cited = [
            {
                "event_id": event_id,
                "document_id": e.document_id or document_id,
                "start": e.start,
                "end": e.end,
                "text": e.text,
            }
            for e in event.evidence
        ]
        conn.execute(insert(evidence), cited)
    add_search_row(conn, "event", event_id, body=folded)
    return event_id


def event_index_text(event: Event) -> str:
    """Return the folded text an event is found by: type, actors, place and evidence."""
    parts: list[str | None] = [event.type]
    for actor in event.actors:
        parts += [actor.name, *actor.variants]
    if event.place:
        parts += [event.place.name, event.place.admin1]
    parts += [e.text for e in event.evidence]
    return index_text(*parts)


def select_event_ids(conn: Connection, *, document_id: int | None, limit: int, offset: int) -> list[int]:
    """Return a page of event ids, all or those of one document (by origin or by evidence)."""
    query = select(events.c.id).order_by(events.c.id).limit(limit).offset(offset)
    if document_id is not None:
        cited = select(evidence.c.event_id).where(evidence.c.document_id == document_id)
        query = query.where(or_(events.c.document_id == document_id, events.c.id.in_(cited)))
    return list(conn.execute(query).scalars())


def delete_proposed(conn: Connection, document_id: int) -> list[int]:
    """Delete the document's events nobody has reviewed yet; return their ids."""
    still_proposed = and_(events.c.document_id == document_id, events.c.review == ReviewState.PROPOSED.value)
    ids = list(conn.execute(select(events.c.id).where(still_proposed)).scalars())
    if ids:
        delete_search_rows(conn, "event", ids)
        # Explicit rather than trusting ON DELETE CASCADE: an SQLite connection opened elsewhere
        # may have foreign keys off.
        conn.execute(delete(evidence).where(evidence.c.event_id.in_(ids)))
        conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(ids)))
        conn.execute(delete(events).where(events.c.id.in_(ids)))
    return ids


def update_review(conn: Connection, event_id: int, state: str, *, now: datetime) -> None:
    """Set an event's review state, raising StoreError for an unknown event or state."""
    try:
        review = ReviewState(state)
    except ValueError as err:
        raise StoreError(f"review state {state!r} is not one of proposed, confirmed, rejected") from err
    result = conn.execute(events.update().where(events.c.id == event_id).values(review=review.value, updated_at=now))
    if result.rowcount == 0:
        raise StoreError(f"event {event_id} does not exist; list events to find its id")


def load_events(conn: Connection, ids: list[int]) -> list[Event]:
    """Return the events with these ids, in the same order, skipping ids that do not exist."""
    if not ids:
        return []
    rows = {row.id: row for row in conn.execute(select(events).where(events.c.id.in_(ids)))}
    place_ids = {row.place_id for row in rows.values() if row.place_id is not None}
    place_by_id = {
        row.id: Place(name=row.name, country=row.country, admin1=row.admin1, lat=row.lat, lon=row.lon)
        for row in conn.execute(select(places).where(places.c.id.in_(place_ids)))
    }
    actors_by_event = _load_actors(conn, ids)
    evidence_by_event: dict[int, list[Evidence]] = defaultdict(list)
    for row in conn.execute(select(evidence).where(evidence.c.event_id.in_(ids)).order_by(evidence.c.id)):
        evidence_by_event[row.event_id].append(
            Evidence(start=row.start, end=row.end, text=row.text, document_id=row.document_id)
        )
    return [
        Event(
            type=row.type,
            date=row.date,
            date_end=row.date_end,
            place=place_by_id.get(row.place_id),
            size=row.size,
            actors=actors_by_event.get(row.id, []),
            details=dict(row.details),
            evidence=evidence_by_event.get(row.id, []),
            confidence=row.confidence,
            review=ReviewState(row.review),
            extractor=row.extractor,
            level=row.level,
            id=row.id,
        )
        for row in (rows[i] for i in ids if i in rows)
    ]


def _load_actors(conn: Connection, event_ids: list[int]) -> dict[int, list[Actor]]:
    query = (
        select(
            event_actors.c.event_id,
            event_actors.c.role,
            actors.c.id,
            actors.c.name,
            actors.c.kind,
            actors.c.level,
            actors.c.protected,
            actors.c.pseudonym,
        )
        .join(actors, actors.c.id == event_actors.c.actor_id)
        .where(event_actors.c.event_id.in_(event_ids))
        .order_by(event_actors.c.event_id, event_actors.c.position)
    )
    rows = list(conn.execute(query))
    variants: dict[int, list[str]] = defaultdict(list)
    names = select(actor_names).where(actor_names.c.actor_id.in_({r.id for r in rows})).order_by(actor_names.c.id)
    for row in conn.execute(names):
        variants[row.actor_id].append(row.name)
    found: dict[int, list[Actor]] = defaultdict(list)
    for row in rows:
        actor = Actor(
            name=row.name,
            kind=row.kind,
            role=row.role,
            variants=list(variants[row.id]),
            level=row.level,
            protected=bool(row.protected),
            pseudonym=row.pseudonym,
        )
        found[row.event_id].append(actor)
    return found


def _place_id(conn: Connection, place: Place) -> int:
    key = and_(
        places.c.name == place.name,
        func.coalesce(places.c.admin1, "") == (place.admin1 or ""),
        places.c.country == place.country,
    )
    values = {"name": place.name, "admin1": place.admin1, "country": place.country, "lat": place.lat, "lon": place.lon}
    return _find_or_create(conn, places, key, values)


def _actor_id(conn: Connection, actor: Actor) -> int:
    key = and_(actors.c.name == actor.name, actors.c.kind == actor.kind)
    if actor.level not in LEVELS:
        raise StoreError(f"actor {actor.name!r}: level {actor.level!r} is not one of {', '.join(LEVELS)}")
    # A new actor takes the record's level; protection and pseudonyms are only ever set by
    # khronika.store.people, so an extractor cannot unprotect a known person.
    actor_id = _find_or_create(conn, actors, key, {"name": actor.name, "kind": actor.kind, "level": actor.level})
    new_names = [v for v in dict.fromkeys(actor.variants) if v != actor.name]
    if new_names:
        conn.execute(
            _insert_ignoring_duplicates(conn, actor_names), [{"actor_id": actor_id, "name": v} for v in new_names]
        )
    return actor_id


def _find_or_create(conn: Connection, table: Table, key: Any, values: dict[str, Any]) -> int:
    query = select(table.c.id).where(key)
    found = conn.execute(query).scalar()
    if found is None:
        # Another process may add the same row between our SELECT and INSERT (PostgreSQL):
        # ignore the conflict and read the winner's row.
        conn.execute(_insert_ignoring_duplicates(conn, table).values(**values))
        found = conn.execute(query).scalar_one()
    return int(found)


def _insert_ignoring_duplicates(conn: Connection, table: Table) -> Insert:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()
