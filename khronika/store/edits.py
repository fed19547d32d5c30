"""Reviewers' changes to events: correct a field, merge two events; each writes its audit entry.

Every function runs inside the caller's write transaction (`Store.update_event`,
`Store.merge_events`), so the change and its audit entry are stored together or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from khronika.errors import StoreError
from khronika.records import EVENT_TYPES, LEVELS, check_date
from khronika.store import events as evs
from khronika.store.audit import append_entry
from khronika.store.links import repoint_references, repoint_suggestions
from khronika.store.schema import event_actors, events, evidence, places
from khronika.store.search import delete_search_rows

EDITABLE_FIELDS: tuple[str, ...] = ("type", "date", "date_end", "place", "size")
# Where a merged event keeps values its reports disagree on (issue 6): details["reported"][field].
REPORTED = "reported"
_COLUMN_FIELDS = ("size", "date", "date_end")
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
    """Move the source event's evidence and actors into the target and delete the source.

    Values the two disagree on (size, dates, details) are kept side by side, each with its
    document, in the target's `details["reported"]` (see `merged_values`); the target becomes
    as restricted as the stricter of the two levels.
    """
    if source_id == into_id:
        raise StoreError(f"event {source_id} cannot be merged into itself; give the number of another event")
    rows = {row.id: row for row in conn.execute(select(events).where(events.c.id.in_([source_id, into_id])))}
    for event_id in (source_id, into_id):
        if event_id not in rows:
            raise StoreError(f"event {event_id} does not exist; list events to find its id")
    values, side_by_side = merged_values(rows[source_id], rows[into_id])
    moved = _move_evidence(conn, source_id, into_id)
    added = _move_actors(conn, source_id, into_id)
    # Records other work keeps about the source (a case's events, a draft's sources) follow it.
    repoint_references(conn, events, source_id, into_id, handled={"evidence", "event_actors"})
    repoint_suggestions(conn, "event", source_id, into_id)
    delete_search_rows(conn, "event", [source_id])
    conn.execute(delete(evidence).where(evidence.c.event_id == source_id))
    conn.execute(delete(event_actors).where(event_actors.c.event_id == source_id))
    conn.execute(delete(events).where(events.c.id == source_id))
    conn.execute(update(events).where(events.c.id == into_id).values(updated_at=now, **values))
    reindex_event(conn, into_id)
    detail = {
        "from": source_id,
        "into": into_id,
        "evidence_moved": moved,
        "actors_added": added,
        "side_by_side": side_by_side,  # field names only: a value may quote a hidden name
    }
    append_entry(conn, actor=actor, action="merge", target=f"event:{into_id}", detail=detail)
    # The source's page is gone, but its number may be cited elsewhere: its history says where it went.
    append_entry(conn, actor=actor, action="merged_into", target=f"event:{source_id}", detail=detail)
    return {"evidence_moved": moved, "actors_added": added}


def merged_values(source: Any, into: Any) -> tuple[dict[str, Any], list[str]]:
    """Return the target's new column values after a merge, and the fields now kept side by side.

    A value only one side has is taken; where both have one and they differ the target's stays
    (a date only made more precise takes the precise one) and `details["reported"][field]` lists
    every value with the document it came from: [{"value": 150, "document_id": 12}, ...].
    """
    theirs, ours = dict(source.details or {}), dict(into.details or {})
    reported_theirs, reported_ours = theirs.pop(REPORTED, {}) or {}, ours.pop(REPORTED, {}) or {}
    old = {**{f: getattr(into, f) for f in _COLUMN_FIELDS}, **ours}
    new = {**{f: getattr(source, f) for f in _COLUMN_FIELDS}, **theirs}
    kept: dict[str, Any] = {}
    reported: dict[str, list[dict[str, Any]]] = {}
    for name in dict.fromkeys([*old, *new]):
        mine, other = old.get(name), new.get(name)
        kept[name] = _kept_value(name, mine, other)
        entries = _entries(reported_ours.get(name), mine, into.document_id)
        entries += _entries(reported_theirs.get(name), other, source.document_id)
        if len({_value_key(e["value"]) for e in entries}) > 1:
            reported[name] = _dedupe(entries)
    details = {k: v for k, v in kept.items() if k not in _COLUMN_FIELDS and v is not None}
    if reported:
        details[REPORTED] = reported
    values: dict[str, Any] = {f: kept.get(f) for f in _COLUMN_FIELDS}
    values["details"] = details
    values["confidence"] = max(source.confidence, into.confidence)
    values["level"] = max(source.level, into.level, key=LEVELS.index)
    return values, sorted(reported)


def _kept_value(name: str, mine: Any, other: Any) -> Any:
    if mine is None:
        return other
    if name in ("date", "date_end") and isinstance(other, str) and len(other) > len(mine) and other.startswith(mine):
        return other  # 2024-03 made precise as 2024-03-05 by another report
    return mine


def _entries(listed: Any, value: Any, document_id: int | None) -> list[dict[str, Any]]:
    if isinstance(listed, list) and listed:
        return [dict(e) for e in listed if isinstance(e, dict) and "value" in e]
    return [] if value is None else [{"value": value, "document_id": document_id}]


def _dedupe(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per (value, document), in the order they were reported."""
    seen: set[tuple[str, Any]] = set()
    kept = []
    for entry in entries:
        key = (_value_key(entry["value"]), entry.get("document_id"))
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return kept


def _value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


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
    # Sealed fields and blind-index tokens as well, on PostgreSQL with a key (khronika.store.events).
    evs.reseal_event(conn, event_id)
