"""Reviewers' changes to events: correct a field, merge two events; each writes its audit entry.

Every function runs inside the caller's write transaction (`Store.update_event`,
`Store.merge_events`), so the change and its audit entry are stored together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from khronika.errors import StoreError
from khronika.records import EVENT_TYPES, check_date
from khronika.store import events as evs
from khronika.store.audit import append_entry
from khronika.store.schema import event_actors, events, evidence, places
from khronika.store.search import add_search_row, delete_search_rows

EDITABLE_FIELDS: tuple[str, ...] = ("type", "date", "date_end", "place", "size")
# A corrected place name nobody has used before gets this country: the reference case's.
DEFAULT_COUNTRY = "KZ"


def update_event(
    conn: Connection, event_id: int, changes: dict[str, Any], *, actor: str, now: datetime
) -> dict[str, list[Any]]:
    """Apply corrections to an event's fields; return {field: [old, new]} for what changed."""
    row = conn.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        raise StoreError(f"event {event_id} does not exist; list events to find its id")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise StoreError(f"event {event_id}: cannot change {unknown}; editable fields: {', '.join(EDITABLE_FIELDS)}")
    values, diff = _changed_values(conn, row, changes)
    if not diff:
        return {}
    conn.execute(update(events).where(events.c.id == event_id).values(**values, updated_at=now))
    reindex_event(conn, event_id)
    append_entry(conn, actor=actor, action="edit", target=f"event:{event_id}", detail={"changes": diff})
    return diff


def _changed_values(conn: Connection, row: Any, changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    values: dict[str, Any] = {}
    diff: dict[str, list[Any]] = {}
    where = f"event {row.id}"
    for name, raw in changes.items():
        if name == "type":
            if raw not in EVENT_TYPES:
                raise StoreError(f"{where}.type: {raw!r} is not one of {', '.join(EVENT_TYPES)}")
            new: Any = raw
        elif name in ("date", "date_end"):
            new = check_date(raw or None, field_name=f"{where}.{name}")
        elif name == "size":
            new = _size(raw, where=where)
        else:
            old_place = _place_name(conn, row.place_id)
            name_given = (raw or "").strip() or None
            if name_given != old_place:
                values["place_id"] = _place_for(conn, name_given, old_place_id=row.place_id)
                diff["place"] = [old_place, name_given]
            continue
        old = getattr(row, name)
        if new != old:
            values[name] = new
            diff[name] = [old, new]
    return values, diff


def _size(raw: Any, *, where: str) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not str(raw).strip().isdigit():
        raise StoreError(f"{where}.size: {raw!r} is not a whole number of people; leave it empty if unknown")
    return int(str(raw).strip())


def _place_name(conn: Connection, place_id: int | None) -> str | None:
    if place_id is None:
        return None
    name = conn.execute(select(places.c.name).where(places.c.id == place_id)).scalar()
    return None if name is None else str(name)


def _place_for(conn: Connection, name: str | None, *, old_place_id: int | None) -> int | None:
    """Return the id of the known place with this name (oldest first), creating one if none."""
    if name is None:
        return None
    found = conn.execute(select(places.c.id).where(places.c.name == name).order_by(places.c.id).limit(1)).scalar()
    if found is not None:
        return int(found)
    country = conn.execute(select(places.c.country).where(places.c.id == old_place_id)).scalar()
    result = conn.execute(places.insert().values(name=name, country=country or DEFAULT_COUNTRY))
    (new_id,) = result.inserted_primary_key or (None,)
    return int(new_id) if new_id is not None else None


def merge_events(conn: Connection, source_id: int, into_id: int, *, actor: str, now: datetime) -> dict[str, int]:
    """Move the source event's evidence and actors into the target and delete the source."""
    if source_id == into_id:
        raise StoreError(f"event {source_id} cannot be merged into itself; give the number of another event")
    for event_id in (source_id, into_id):
        if conn.execute(select(events.c.id).where(events.c.id == event_id)).scalar() is None:
            raise StoreError(f"event {event_id} does not exist; list events to find its id")
    moved = _move_evidence(conn, source_id, into_id)
    added = _move_actors(conn, source_id, into_id)
    delete_search_rows(conn, "event", [source_id])
    conn.execute(delete(evidence).where(evidence.c.event_id == source_id))
    conn.execute(delete(event_actors).where(event_actors.c.event_id == source_id))
    conn.execute(delete(events).where(events.c.id == source_id))
    conn.execute(update(events).where(events.c.id == into_id).values(updated_at=now))
    reindex_event(conn, into_id)
    detail = {"from": source_id, "into": into_id, "evidence_moved": moved, "actors_added": added}
    append_entry(conn, actor=actor, action="merge", target=f"event:{into_id}", detail=detail)
    # The source's page is gone, but its number may be cited elsewhere: its history says where it went.
    append_entry(conn, actor=actor, action="merged_into", target=f"event:{source_id}", detail=detail)
    return {"evidence_moved": moved, "actors_added": added}


def _move_evidence(conn: Connection, source_id: int, into_id: int) -> int:
    kept = {
        (r.document_id, r.start, r.end) for r in conn.execute(select(evidence).where(evidence.c.event_id == into_id))
    }
    moved = 0
    for row in conn.execute(select(evidence).where(evidence.c.event_id == source_id)).all():
        if (row.document_id, row.start, row.end) in kept:
            continue  # the same passage cited twice would show twice
        conn.execute(update(evidence).where(evidence.c.id == row.id).values(event_id=into_id))
        moved += 1
    return moved


def _move_actors(conn: Connection, source_id: int, into_id: int) -> int:
    current = conn.execute(select(event_actors).where(event_actors.c.event_id == into_id)).all()
    have = {(r.actor_id, r.role) for r in current}
    last = select(func.coalesce(func.max(event_actors.c.position), -1)).where(event_actors.c.event_id == into_id)
    position = int(conn.execute(last).scalar_one())
    added = 0
    query = select(event_actors).where(event_actors.c.event_id == source_id).order_by(event_actors.c.position)
    for row in conn.execute(query).all():
        if (row.actor_id, row.role) in have:
            continue
        position += 1
        conn.execute(
            event_actors.insert().values(event_id=into_id, position=position, actor_id=row.actor_id, role=row.role)
        )
        have.add((row.actor_id, row.role))
        added += 1
    return added


def reindex_event(conn: Connection, event_id: int) -> None:
    """Recompute an event's search text after its fields, actors or evidence changed."""
    (event,) = evs.load_events(conn, [event_id])
    folded = evs.event_index_text(event)
    conn.execute(update(events).where(events.c.id == event_id).values(text_folded=folded))
    delete_search_rows(conn, "event", [event_id])
    add_search_row(conn, "event", event_id, body=folded)
