"""Linked actors and merge suggestions: the store side of khronika.resolve (issue 6).

Linking two actors keeps one: the other's spellings become its `actor_names` variants and its
event links move to it, in one transaction with its audit entries. A pair a person has to decide
on is a row of `merge_suggestions`; deciding it (accept merges, reject keeps both) records who
and when. Audit entries name actors and events by id only, never a protected person's name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from khronika.errors import StoreError
from khronika.records import LEVELS
from khronika.store import events as evs
from khronika.store.audit import append_entry
from khronika.store.schema import actor_names, actors, event_actors, events, merge_suggestions, metadata, places

SUGGESTION_KINDS = ("actor", "event")
DECISIONS = {"accept": "accepted", "reject": "rejected"}

Connect = Callable[[], AbstractContextManager[Connection]]


@dataclass(frozen=True)
class StoredActor:
    """An actor as the linker sees it: every spelling, protection, and how many events name it."""

    id: int
    name: str
    kind: str
    level: str
    protected: bool
    pseudonym: str | None
    variants: tuple[str, ...]
    events: int


@dataclass(frozen=True)
class CandidateActor:
    """One actor of an event candidate."""

    id: int
    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class EventCandidate:
    """The fields same-event matching compares, read in one pass over the events."""

    id: int
    type: str
    date: str
    date_end: str | None
    place_id: int | None
    place_name: str | None
    admin1: str | None
    review: str
    level: str
    actors: tuple[CandidateActor, ...]


@dataclass(frozen=True)
class Suggestion:
    """A pair of actors or events that may be one, and what a person decided."""

    id: int
    kind: str
    a_id: int
    b_id: int
    score: float
    reason: str
    status: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None


class Links:
    """Linking actors and merge suggestions; get one from `Store.links`."""

    def __init__(self, read: Connect, write: Connect) -> None:
        self._read = read
        self._write = write

    def actors(self, *, ids: list[int] | None = None) -> list[StoredActor]:
        """Return every actor (or those with these ids) with its spellings and number of events, by id."""
        with self._read() as conn:
            return load_actors(conn, ids=ids)

    def actors_of_documents(self, document_ids: list[int]) -> list[int]:
        """Return the ids of the actors named by events of these documents (a batch just stored)."""
        query = (
            select(event_actors.c.actor_id)
            .join(events, events.c.id == event_actors.c.event_id)
            .where(events.c.document_id.in_(document_ids))
            .distinct()
        )
        with self._read() as conn:
            return sorted(int(i) for i in conn.execute(query).scalars())

    def event_candidates(self) -> list[EventCandidate]:
        """Return every dated event that is not rejected, with its place and actors, by id."""
        with self._read() as conn:
            return load_event_candidates(conn)

    def link_actors(self, source_id: int, into_id: int, *, actor: str, detail: dict[str, Any]) -> dict[str, int]:
        """Fold one actor into another (spellings, event links, protection), with "link" audit entries."""
        with self._write() as conn:
            return merge_actors(conn, source_id, into_id, actor=actor, now=datetime.now(UTC), detail=detail)

    def suggest(self, kind: str, a_id: int, b_id: int, *, score: float, reason: str) -> bool:
        """Record a pair for review unless it was suggested before (in any state); return True if new."""
        try:
            with self._write() as conn:
                return add_suggestion(conn, kind, a_id, b_id, score=score, reason=reason, now=datetime.now(UTC))
        except IntegrityError:
            return False  # another process suggested the same pair between our check and insert

    def suggestions(self, *, status: str = "open", kind: str | None = None, limit: int = 500) -> list[Suggestion]:
        """Return suggestions in this state, best score first."""
        query = select(merge_suggestions).where(merge_suggestions.c.status == status)
        if kind is not None:
            query = query.where(merge_suggestions.c.kind == kind)
        query = query.order_by(merge_suggestions.c.score.desc(), merge_suggestions.c.id).limit(limit)
        with self._read() as conn:
            return [_suggestion(row) for row in conn.execute(query)]

    def count_open(self, *, levels: Collection[str] | None = None) -> int:
        """Return how many suggestions wait for a decision; with `levels`, only pairs of those levels."""
        query = select(func.count()).select_from(merge_suggestions).where(merge_suggestions.c.status == "open")
        if levels is not None:
            # A reviewer must not learn from the count that pairs above their level exist.
            query = query.where(
                or_(
                    and_(merge_suggestions.c.kind == "actor", _both_within(actors, list(levels))),
                    and_(merge_suggestions.c.kind == "event", _both_within(events, list(levels))),
                )
            )
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def get_suggestion(self, suggestion_id: int) -> Suggestion | None:
        """Return the suggestion with this id, or None."""
        with self._read() as conn:
            return _get(conn, suggestion_id)

    def decide(self, suggestion_id: int, decision: str, *, actor: str) -> Suggestion:
        """Accept (merge the pair) or reject an open suggestion, recording who and when; return it decided."""
        if decision not in DECISIONS:
            raise StoreError(f"decision {decision!r} is unknown; use accept or reject")
        with self._write() as conn:
            found = _get(conn, suggestion_id)
            if found is None:
                raise StoreError(f"suggestion {suggestion_id} does not exist; open the list of possible duplicates")
            if found.status != "open":
                raise StoreError(f"suggestion {suggestion_id} was {found.status} already by {found.decided_by}")
            now = datetime.now(UTC)
            status = DECISIONS[decision]
            values = {"status": status, "decided_by": actor, "decided_at": now}
            # Decided before the merge, so the merge keeps it as the record rather than as a pair to drop.
            conn.execute(update(merge_suggestions).where(merge_suggestions.c.id == suggestion_id).values(**values))
            merged = _merge_pair(conn, found, actor=actor, now=now) if decision == "accept" else {}
            detail = {"kind": found.kind, "a": found.a_id, "b": found.b_id, "decision": status, **merged}
            append_entry(conn, actor=actor, action="suggestion", target=f"suggestion:{suggestion_id}", detail=detail)
            decided = _get(conn, suggestion_id)
            assert decided is not None
            return decided


def _merge_pair(conn: Connection, found: Suggestion, *, actor: str, now: datetime) -> dict[str, Any]:
    detail = {"suggestion": found.id, "score": found.score}
    if found.kind == "actor":
        keep, drop = kept_actor(conn, found.a_id, found.b_id)
        merge_actors(conn, drop, keep, actor=actor, now=now, detail=detail)
        return {"kept": keep, "merged": drop}
    from khronika.store.edits import merge_events  # edits imports this module for its references

    keep, drop = kept_event(conn, found.a_id, found.b_id)
    merge_events(conn, drop, keep, actor=actor, now=now)
    return {"kept": keep, "merged": drop}


def kept_actor(conn: Connection, a_id: int, b_id: int) -> tuple[int, int]:
    """Return (kept, merged) of two actors: the protected one, else the one in more events, else the older."""
    found = {a.id: a for a in load_actors(conn, ids=[a_id, b_id])}
    for actor_id in (a_id, b_id):
        if actor_id not in found:
            raise StoreError(f"actor {actor_id} does not exist any more; reject this suggestion")
    a, b = found[a_id], found[b_id]
    # Keeping the protected one keeps its pseudonym, which published texts may already cite.
    ranked = sorted((a, b), key=lambda x: (not x.protected, -x.events, x.id))
    return ranked[0].id, ranked[1].id


def kept_event(conn: Connection, a_id: int, b_id: int) -> tuple[int, int]:
    """Return (kept, merged) of two events: a confirmed one is kept, else the older."""
    rows = {
        row.id: row.review
        for row in conn.execute(select(events.c.id, events.c.review).where(events.c.id.in_([a_id, b_id])))
    }
    for event_id in (a_id, b_id):
        if event_id not in rows:
            raise StoreError(f"event {event_id} does not exist any more; reject this suggestion")
    ranked = sorted((a_id, b_id), key=lambda i: (rows[i] != "confirmed", i))
    return ranked[0], ranked[1]


def load_actors(conn: Connection, *, ids: list[int] | None = None) -> list[StoredActor]:
    """Return actors (all, or these ids) with their spellings and event counts, by id."""
    query = select(actors).order_by(actors.c.id)
    counts = select(event_actors.c.actor_id, func.count(func.distinct(event_actors.c.event_id)).label("n"))
    names = select(actor_names.c.actor_id, actor_names.c.name).order_by(actor_names.c.id)
    if ids is not None:
        query = query.where(actors.c.id.in_(ids))
        counts = counts.where(event_actors.c.actor_id.in_(ids))
        names = names.where(actor_names.c.actor_id.in_(ids))
    used = {int(row.actor_id): int(row.n) for row in conn.execute(counts.group_by(event_actors.c.actor_id))}
    variants: dict[int, list[str]] = {}
    for row in conn.execute(names):
        variants.setdefault(int(row.actor_id), []).append(str(row.name))
    return [
        StoredActor(
            id=row.id,
            name=row.name,
            kind=row.kind,
            level=row.level,
            protected=bool(row.protected),
            pseudonym=row.pseudonym,
            variants=tuple(variants.get(row.id, ())),
            events=used.get(row.id, 0),
        )
        for row in conn.execute(query)
    ]


def load_event_candidates(conn: Connection) -> list[EventCandidate]:
    """Return every dated, not rejected event with its place and actors, by id."""
    wanted = and_(events.c.date.is_not(None), events.c.review != "rejected")
    query = (
        select(
            events.c.id,
            events.c.type,
            events.c.date,
            events.c.date_end,
            events.c.place_id,
            events.c.review,
            events.c.level,
            places.c.name.label("place_name"),
            places.c.admin1,
        )
        .outerjoin(places, places.c.id == events.c.place_id)
        .where(wanted)
        .order_by(events.c.id)
    )
    people = (
        select(event_actors.c.event_id, event_actors.c.role, actors.c.id, actors.c.name, actors.c.kind)
        .join(actors, actors.c.id == event_actors.c.actor_id)
        .join(events, events.c.id == event_actors.c.event_id)
        .where(wanted)
        .order_by(event_actors.c.event_id, event_actors.c.position)
    )
    by_event: dict[int, list[CandidateActor]] = {}
    for row in conn.execute(people):
        by_event.setdefault(int(row.event_id), []).append(CandidateActor(row.id, row.name, row.kind, row.role))
    return [
        EventCandidate(
            id=row.id,
            type=row.type,
            date=row.date,
            date_end=row.date_end,
            place_id=row.place_id,
            place_name=row.place_name,
            admin1=row.admin1,
            review=row.review,
            level=row.level,
            actors=tuple(by_event.get(row.id, ())),
        )
        for row in conn.execute(query)
    ]


def merge_actors(
    conn: Connection, source_id: int, into_id: int, *, actor: str, now: datetime, detail: dict[str, Any]
) -> dict[str, int]:
    """Fold actor `source_id` into `into_id` inside the caller's transaction; return what moved."""
    from khronika.store.edits import reindex_event

    if source_id == into_id:
        raise StoreError(f"actor {source_id} cannot be linked to itself; give the id of another actor")
    rows = {row.id: row for row in conn.execute(select(actors).where(actors.c.id.in_([source_id, into_id])))}
    for actor_id in (source_id, into_id):
        if actor_id not in rows:
            raise StoreError(f"actor {actor_id} does not exist; list the actors to find its id")
    source, into = rows[source_id], rows[into_id]
    if source.kind != into.kind:
        raise StoreError(f"actor {source_id} is a {source.kind} and actor {into_id} a {into.kind}; only one kind links")
    _carry_protection(conn, source, into)
    spellings = _move_spellings(conn, source, into)
    # On PostgreSQL with a key, a kept actor that is now protected gets its name sealed (docs/security.md).
    evs.reseal_actor(conn, into_id)
    moved = _move_event_links(conn, source_id, into_id)
    repoint_references(conn, actors, source_id, into_id, handled={"event_actors", "actor_names"})
    repoint_suggestions(conn, "actor", source_id, into_id)
    conn.execute(delete(actor_names).where(actor_names.c.actor_id == source_id))
    conn.execute(delete(actors).where(actors.c.id == source_id))
    # Every event of the kept actor is found by the new spellings too.
    for event_id in conn.execute(select(event_actors.c.event_id).where(event_actors.c.actor_id == into_id).distinct()):
        reindex_event(conn, int(event_id[0]))
    result = {"spellings_added": spellings, "events_moved": moved}
    entry = {"from": source_id, "into": into_id, **result, **detail}
    append_entry(conn, actor=actor, action="link", target=f"actor:{into_id}", detail=entry)
    append_entry(conn, actor=actor, action="linked_into", target=f"actor:{source_id}", detail=entry)
    return result


def _move_spellings(conn: Connection, source: Any, into: Any) -> int:
    known = set(conn.execute(select(actor_names.c.name).where(actor_names.c.actor_id == into.id)).scalars())
    theirs = conn.execute(
        select(actor_names.c.name).where(actor_names.c.actor_id == source.id).order_by(actor_names.c.id)
    )
    fresh = [n for n in dict.fromkeys([source.name, *theirs.scalars()]) if n != into.name and n not in known]
    if fresh:
        conn.execute(insert(actor_names), evs.actor_name_rows(conn, into.id, fresh))
    return len(fresh)


def _carry_protection(conn: Connection, source: Any, into: Any) -> None:
    """The kept actor is as hidden as the stricter of the two: a protected spelling stays protected."""
    values: dict[str, Any] = {}
    if LEVELS.index(source.level) > LEVELS.index(into.level):
        values["level"] = source.level
    if source.protected and not into.protected:
        # The pseudonym is unique: free it on the source before the kept actor takes it.
        conn.execute(update(actors).where(actors.c.id == source.id).values(pseudonym=None))
        values.update(protected=True, pseudonym=source.pseudonym)
    if values:
        conn.execute(update(actors).where(actors.c.id == into.id).values(**values))


def _move_event_links(conn: Connection, source_id: int, into_id: int) -> int:
    have = {(r.event_id, r.role) for r in conn.execute(select(event_actors).where(event_actors.c.actor_id == into_id))}
    moved = 0
    for row in conn.execute(select(event_actors).where(event_actors.c.actor_id == source_id)).all():
        key = and_(event_actors.c.event_id == row.event_id, event_actors.c.position == row.position)
        if (row.event_id, row.role) in have:
            conn.execute(delete(event_actors).where(key))  # the event names the kept actor in this role already
            continue
        conn.execute(update(event_actors).where(key).values(actor_id=into_id))
        have.add((row.event_id, row.role))
        moved += 1
    return moved


def repoint_references(conn: Connection, referred: Table, old: int, new: int, *, handled: set[str]) -> None:
    """Point every other table's foreign key from row `old` of `referred` to `new` (cases, drafts ...).

    A row that would then duplicate one already pointing at `new` is dropped: it said the same.
    """
    for table in metadata.sorted_tables:
        if table.name in handled:
            continue
        for fk in table.foreign_keys:
            if fk.column.table is not referred:
                continue
            column = table.c[fk.parent.name]
            try:
                with conn.begin_nested():
                    conn.execute(update(table).where(column == old).values({column.name: new}))
            except IntegrityError:
                _repoint_rows(conn, table, column.name, old, new)


def _repoint_rows(conn: Connection, table: Table, name: str, old: int, new: int) -> None:
    keys = list(table.primary_key.columns)
    for row in conn.execute(select(*keys).where(table.c[name] == old)).all():
        where = and_(*(key == value for key, value in zip(keys, row, strict=True)))
        try:
            with conn.begin_nested():
                conn.execute(update(table).where(where).values({name: new}))
        except IntegrityError:
            conn.execute(delete(table).where(where))


def repoint_suggestions(conn: Connection, kind: str, old: int, new: int) -> None:
    """Rewrite suggestions naming `old` to name `new`; drop open ones that become a pair with itself or a repeat.

    A decided suggestion that would become one is left as it was: it is the record of a decision.
    """
    table = merge_suggestions
    rows = conn.execute(
        select(table).where(and_(table.c.kind == kind, or_(table.c.a_id == old, table.c.b_id == old)))
    ).all()
    for row in rows:
        other = row.b_id if row.a_id == old else row.a_id
        pair = (min(other, new), max(other, new))
        repeat = select(table.c.id).where(and_(table.c.kind == kind, table.c.a_id == pair[0], table.c.b_id == pair[1]))
        if other == new or conn.execute(repeat).first() is not None:
            if row.status == "open":
                conn.execute(delete(table).where(table.c.id == row.id))
        else:
            conn.execute(update(table).where(table.c.id == row.id).values(a_id=pair[0], b_id=pair[1]))


def add_suggestion(
    conn: Connection, kind: str, a_id: int, b_id: int, *, score: float, reason: str, now: datetime
) -> bool:
    """Insert a suggestion for the pair unless one exists; return True if it is new."""
    if kind not in SUGGESTION_KINDS:
        raise StoreError(f"suggestion kind {kind!r} is unknown; use actor or event")
    if a_id == b_id:
        raise StoreError(f"{kind} {a_id} cannot be suggested as a duplicate of itself")
    low, high = min(a_id, b_id), max(a_id, b_id)
    table = merge_suggestions
    key = and_(table.c.kind == kind, table.c.a_id == low, table.c.b_id == high)
    if conn.execute(select(table.c.id).where(key)).first() is not None:
        return False
    values = {"kind": kind, "a_id": low, "b_id": high, "score": score, "reason": reason, "created_at": now}
    conn.execute(insert(table).values(**values))
    return True


def _get(conn: Connection, suggestion_id: int) -> Suggestion | None:
    row = conn.execute(select(merge_suggestions).where(merge_suggestions.c.id == suggestion_id)).first()
    return None if row is None else _suggestion(row)


def _suggestion(row: Any) -> Suggestion:
    return Suggestion(
        id=row.id,
        kind=row.kind,
        a_id=row.a_id,
        b_id=row.b_id,
        score=row.score,
        reason=row.reason,
        status=row.status,
        created_at=row.created_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def _both_within(table: Table, levels: list[str]) -> Any:
    """Both sides of a suggestion are rows of `table` at one of `levels`."""
    side = select(table.c.id).where(table.c.level.in_(levels))
    return and_(merge_suggestions.c.a_id.in_(side), merge_suggestions.c.b_id.in_(side))
