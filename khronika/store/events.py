"""Events with their place, actors and evidence, inside a caller's transaction.

On PostgreSQL with a key (khronika.protect.fieldcrypt), what is confidential is sealed: a
confidential event's details, the evidence of a confidential event or from a confidential
document, and the names of protected or confidential actors (found by their blind index). Their
words are indexed as blind tokens; the rest of the event is indexed as usual.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Row, Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import FieldCipher, field_cipher, names_cipher, require_field_cipher
from khronika.protect.fieldtypes import naming_rows
from khronika.records import LEVELS, Actor, Event, Evidence, Place, ReviewState
from khronika.store.documents import blind_text, sealing
from khronika.store.schema import actor_names, actors, documents, event_actors, events, evidence, places
from khronika.store.search import add_blind_rows, add_search_row, delete_search_rows, index_text


def insert_event(conn: Connection, document_id: int, event: Event, *, now: datetime) -> int:
    """Store one event linked to the document it was read from; return its id."""
    try:
        review = ReviewState(event.review)
    except ValueError as err:
        raise StoreError(f"event review: {event.review!r} is not one of proposed, confirmed, rejected") from err
    if event.level not in LEVELS:
        raise StoreError(f"event {event.type}: level {event.level!r} is not one of {', '.join(LEVELS)}")
    sealed = sealing(conn, event.level, what=f"event {event.type}")
    cipher = names_cipher(conn, f"event {event.type}") if event.actors else field_cipher(conn)
    place_id = _place_id(conn, event.place) if event.place else None
    found = [_actor_id(conn, actor, cipher=cipher) for actor in event.actors]
    actor_ids = [actor_id for actor_id, _ in found]
    cited = [e.document_id or document_id for e in event.evidence]
    secret_docs = _confidential_documents(conn, cited) if cipher is not None else set()
    sealed_evidence = [sealed is not None or doc_id in secret_docs for doc_id in cited]
    body, blind = _index_parts(event, cipher, sealed_actors=[s for _, s in found], sealed_evidence=sealed_evidence)
    details = event.details if sealed is None else sealed.seal_json(event.details, table="events", column="details")
    result = conn.execute(
        insert(events).values(
            document_id=document_id,
            type=event.type,
            date=event.date,
            date_end=event.date_end,
            place_id=place_id,
            size=event.size,
            details=details,
            confidence=event.confidence,
            review=review.value,
            extractor=event.extractor,
            created_at=now,
            updated_at=now,
            text_folded=" ".join(p for p in (body, blind) if p),
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
        rows = [
            {
                "event_id": event_id,
                "document_id": doc_id,
                "start": e.start,
                "end": e.end,
                "text": _evidence_text(e.text, cipher if seal else None),
            }
            for e, doc_id, seal in zip(event.evidence, cited, sealed_evidence, strict=True)
        ]
        conn.execute(insert(evidence), rows)
    add_search_row(conn, "event", event_id, body=body)
    add_blind_rows(conn, "event", event_id, blind=blind)
    return event_id


def _index_parts(
    event: Event, cipher: FieldCipher | None, *, sealed_actors: list[bool], sealed_evidence: list[bool]
) -> tuple[str, str]:
    """Return the folded words of the event's plain fields and the blind tokens of its sealed ones."""
    plain: list[str | None] = [event.type]
    secret: list[str | None] = []
    if cipher is None:  # nothing is sealed: every word is indexed as it is
        sealed_actors, sealed_evidence = [False] * len(event.actors), [False] * len(event.evidence)
    for actor, sealed in zip(event.actors, sealed_actors, strict=True):
        (secret if sealed else plain).extend([actor.name, *actor.variants])
    if event.place:
        plain += [event.place.name, event.place.admin1]
    for cite, sealed in zip(event.evidence, sealed_evidence, strict=True):
        (secret if sealed else plain).append(cite.text)
    blind = blind_text(cipher, index_text(*secret)) if cipher is not None and secret else ""
    return index_text(*plain), blind


def _evidence_text(value: str, cipher: FieldCipher | None) -> str:
    return value if cipher is None else cipher.seal(value, table="evidence", column="text")


def _confidential_documents(conn: Connection, ids: list[int]) -> set[int]:
    query = select(documents.c.id).where(documents.c.id.in_(set(ids)), documents.c.level == "confidential")
    return {int(i) for i in conn.execute(query).scalars()}


def reseal_event(conn: Connection, event_id: int) -> None:
    """Bring an event's sealed fields and its index in line with its level, its actors and its documents.

    Called after any change to an event, its level, its actors' protection or its documents' levels.
    """
    (event,) = load_events(conn, [event_id])
    cipher = field_cipher(conn)
    rows = list(conn.execute(select(evidence).where(evidence.c.event_id == event_id).order_by(evidence.c.id)))
    secret_docs = _confidential_documents(conn, [r.document_id for r in rows]) if cipher is not None else set()
    confidential = event.level == "confidential"
    sealed_evidence = [cipher is not None and (confidential or r.document_id in secret_docs) for r in rows]
    if cipher is not None:
        details: object = event.details
        if confidential:
            details = cipher.seal_json(event.details, table="events", column="details")
        conn.execute(update(events).where(events.c.id == event_id).values(details=details))
        for row, seal in zip(rows, sealed_evidence, strict=True):
            text = _evidence_text(row.text, cipher if seal else None)
            conn.execute(update(evidence).where(evidence.c.id == row.id).values(text=text))
    sealed_actors = [_actor_sealed(a) for a in event.actors] if cipher is not None else [False] * len(event.actors)
    body, blind = _index_parts(event, cipher, sealed_actors=sealed_actors, sealed_evidence=sealed_evidence)
    folded = " ".join(p for p in (body, blind) if p)
    conn.execute(update(events).where(events.c.id == event_id).values(text_folded=folded))
    delete_search_rows(conn, "event", [event_id])
    add_search_row(conn, "event", event_id, body=body)
    add_blind_rows(conn, "event", event_id, blind=blind)


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
    with naming_rows(conn):
        return _load_events(conn, ids)


def _load_events(conn: Connection, ids: list[int]) -> list[Event]:
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


def _actor_id(conn: Connection, actor: Actor, *, cipher: FieldCipher | None) -> tuple[int, bool]:
    """Return the id of the actor with this name and kind, creating it; and whether its name is sealed."""
    if actor.level not in LEVELS:
        raise StoreError(f"actor {actor.name!r}: level {actor.level!r} is not one of {', '.join(LEVELS)}")
    # A new actor takes the record's level; protection and pseudonyms are only ever set by
    # khronika.store.people, so an extractor cannot unprotect a known person.
    key = and_(actors.c.kind == actor.kind, same_name(actors, actor.name, cipher))
    values: dict[str, Any] = {"name": actor.name, "kind": actor.kind, "level": actor.level}
    if actor.level == "confidential":
        sealer = require_field_cipher(conn, f"a confidential actor of kind {actor.kind}")
        if sealer is not None:
            values |= sealed_name(sealer, "actors", actor.name)
    actor_id = _find_or_create(conn, actors, key, values)
    row = conn.execute(select(actors.c.protected, actors.c.level).where(actors.c.id == actor_id)).one()
    sealed = cipher is not None and (bool(row.protected) or row.level == "confidential")
    new_names = [v for v in dict.fromkeys(actor.variants) if v != actor.name]
    if new_names:
        rows = [{"actor_id": actor_id, **_name_values(v, cipher if sealed else None)} for v in new_names]
        conn.execute(_insert_ignoring_duplicates(conn, actor_names), rows)
    return actor_id, sealed


def _actor_sealed(actor: Actor) -> bool:
    return actor.protected or actor.level == "confidential"


def same_name(table: Table, name: str, cipher: FieldCipher | None) -> Any:
    """Return the condition "this row's name is `name`", plain or sealed (by blind index)."""
    if cipher is None:
        return table.c.name == name
    return or_(table.c.name == name, table.c.name_index == cipher.name_index(name))


def sealed_name(cipher: FieldCipher, table: str, name: str) -> dict[str, Any]:
    """Return the column values of a sealed name: the ciphertext and its blind index."""
    return {"name": cipher.seal(name, table=table, column="name"), "name_index": cipher.name_index(name)}


def _name_values(name: str, cipher: FieldCipher | None) -> dict[str, Any]:
    return {"name": name, "name_index": None} if cipher is None else sealed_name(cipher, "actor_names", name)


def actor_name_rows(conn: Connection, actor_id: int, names: list[str]) -> list[dict[str, Any]]:
    """Return actor_names rows for new spellings, sealed when the actor's name is (PostgreSQL with a key)."""
    cipher = names_cipher(conn, f"spellings of actor {actor_id}")
    if cipher is not None:
        row = conn.execute(select(actors.c.protected, actors.c.level).where(actors.c.id == actor_id)).one()
        cipher = cipher if (bool(row.protected) or row.level == "confidential") else None
    return [{"actor_id": actor_id, **_name_values(name, cipher)} for name in names]


def reseal_actor(conn: Connection, actor_id: int) -> list[int]:
    """Seal or open an actor's name and every spelling of it to match its protection and level.

    Return the ids of its events, whose index must follow (reseal_event).
    """
    cipher = field_cipher(conn)
    if cipher is not None:
        row: Row = conn.execute(select(actors).where(actors.c.id == actor_id)).one()
        wanted = cipher if (bool(row.protected) or row.level == "confidential") else None
        values = {"name": row.name, "name_index": None} if wanted is None else sealed_name(wanted, "actors", row.name)
        conn.execute(update(actors).where(actors.c.id == actor_id).values(**values))
        for name_row in conn.execute(select(actor_names).where(actor_names.c.actor_id == actor_id)).all():
            named = update(actor_names).where(actor_names.c.id == name_row.id)
            conn.execute(named.values(**_name_values(name_row.name, wanted)))
    query = select(event_actors.c.event_id).where(event_actors.c.actor_id == actor_id).distinct()
    return sorted(int(i) for i in conn.execute(query).scalars())


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
