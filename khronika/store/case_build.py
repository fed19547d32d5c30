"""Storing a build of cases: match each built case to the stored one it continues, change only what differs.

A built case is found again by its key (the detention that opened it) or, when that event is gone
(merged into another, rejected), by the stored case sharing most of its events. A stored case
the build no longer produces is deleted, unless a person corrected it: then it is kept, marked
stale, so that no correction is lost. Every change appends an audit entry in the same
transaction; entries name ids and statuses, never a person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from khronika.protect.fieldcrypt import field_cipher
from khronika.store.audit import append_entry
from khronika.store.documents import sealing
from khronika.store.schema import case_corrections, case_events, case_people, cases


@dataclass
class BuiltCase:
    """What a build derived for one case (khronika.resolve.cases), before it is stored."""

    key: str  # "detention:12": the event that opened it
    actor_ids: list[int]
    event_ids: list[int]  # oldest first
    status: str
    level: str
    opened: str | None = None
    last_step: str | None = None
    derived: dict[str, Any] = field(default_factory=dict)  # charges, court, lawyer, ..., hearings


@dataclass
class _Stored:
    id: int
    key: str
    values: dict[str, Any]
    actor_ids: list[int]
    event_ids: set[int]
    corrected: bool


def save_build(conn: Connection, built: list[BuiltCase], *, actor: str, now: datetime) -> dict[str, int]:
    """Bring the stored cases in line with `built`; return counts created/updated/unchanged/removed/stale."""
    stored = _stored(conn)
    counts = dict.fromkeys(("created", "updated", "unchanged", "removed", "stale"), 0)
    matched = _match(built, stored)
    for case in built:
        old = matched.get(case.key)
        if old is None:
            _create(conn, case, actor=actor, now=now)
            counts["created"] += 1
        elif _update(conn, old, case, actor=actor, now=now):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    kept = {s.id for s in matched.values()}
    for old in stored:
        if old.id in kept:
            continue
        if old.corrected:
            if not old.values["stale"]:
                conn.execute(update(cases).where(cases.c.id == old.id).values(stale=True, updated_at=now))
                append_entry(conn, actor=actor, action="case.stale", target=f"case:{old.id}", detail={})
                counts["stale"] += 1
            continue
        conn.execute(delete(cases).where(cases.c.id == old.id))
        append_entry(conn, actor=actor, action="case.remove", target=f"case:{old.id}", detail={"key": old.key})
        counts["removed"] += 1
    return counts


def _stored(conn: Connection) -> list[_Stored]:
    people: dict[int, list[int]] = defaultdict(list)
    query = select(case_people).order_by(case_people.c.case_id, case_people.c.position)
    for row in conn.execute(query):
        people[row.case_id].append(int(row.actor_id))
    linked: dict[int, set[int]] = defaultdict(set)
    for row in conn.execute(select(case_events)):
        linked[row.case_id].add(int(row.event_id))
    corrected = set(conn.execute(select(case_corrections.c.case_id).distinct()).scalars())
    columns = ("status", "level", "opened", "last_step", "derived", "stale")
    return [
        _Stored(
            id=int(row.id),
            key=row.key,
            values={c: getattr(row, c) for c in columns},
            actor_ids=people[row.id],
            event_ids=linked[row.id],
            corrected=row.id in corrected,
        )
        for row in conn.execute(select(cases).order_by(cases.c.id))
    ]


def _match(built: list[BuiltCase], stored: list[_Stored]) -> dict[str, _Stored]:
    """Return built key -> the stored case it continues: same key first, then most events shared."""
    by_key = {s.key: s for s in stored}
    matched = {b.key: by_key[b.key] for b in built if b.key in by_key}
    taken = {s.id for s in matched.values()}
    for case in built:
        if case.key in matched:
            continue
        wanted = set(case.event_ids)
        best = max(
            (s for s in stored if s.id not in taken and s.event_ids & wanted),
            key=lambda s: (len(s.event_ids & wanted), -s.id),
            default=None,
        )
        if best is not None:
            matched[case.key] = best
            taken.add(best.id)
    return matched


def _row_values(case: BuiltCase) -> dict[str, Any]:
    return {
        "key": case.key,
        "status": case.status,
        "level": case.level,
        "opened": case.opened,
        "last_step": case.last_step,
        "derived": case.derived,
        "stale": False,
    }


def sealed_values(conn: Connection, level: str, values: dict[str, Any], *, what: str) -> dict[str, Any]:
    """Return a case row's values with `derived` sealed when the case is confidential (PostgreSQL with a key)."""
    cipher = sealing(conn, level, what=what)
    if cipher is None or "derived" not in values:
        return values
    return {**values, "derived": cipher.seal_json(values["derived"], table="cases", column="derived")}


def reseal_case(conn: Connection, case_id: int) -> None:
    """Seal or open a case's derived fields and its corrections to match the case's level."""
    row = conn.execute(select(cases.c.level, cases.c.key, cases.c.derived).where(cases.c.id == case_id)).one()
    what = f"case {row.key}"
    values = sealed_values(conn, row.level, {"derived": dict(row.derived)}, what=what)
    conn.execute(update(cases).where(cases.c.id == case_id).values(**values))
    cipher = sealing(conn, row.level, what=what)
    fixes = conn.execute(
        select(case_corrections.c.field, case_corrections.c.value).where(case_corrections.c.case_id == case_id)
    )
    for fix in list(fixes):
        value: Any = dict(fix.value)
        if cipher is not None:
            value = cipher.seal_json(value, table="case_corrections", column="value")
        where = (case_corrections.c.case_id == case_id) & (case_corrections.c.field == fix.field)
        conn.execute(update(case_corrections).where(where).values(value=value))


def seal_confidential_cases(conn: Connection) -> int:
    """Seal every confidential case and its corrections (cases stored plain by an older khronika); return how many."""
    if field_cipher(conn) is None:
        return 0  # SQLite (SQLCipher encrypts the file) or PostgreSQL without a key
    ids = list(conn.execute(select(cases.c.id).where(cases.c.level == "confidential").order_by(cases.c.id)).scalars())
    for case_id in ids:
        reseal_case(conn, case_id)
    return len(ids)


def _create(conn: Connection, case: BuiltCase, *, actor: str, now: datetime) -> int:
    values = sealed_values(conn, case.level, _row_values(case), what=f"case {case.key}")
    result = conn.execute(insert(cases).values(**values, created_at=now, updated_at=now).returning(cases.c.id))
    case_id = int(result.scalar_one())
    _link(conn, case_id, case)
    detail = {"key": case.key, "status": case.status, "actors": case.actor_ids, "events": case.event_ids}
    append_entry(conn, actor=actor, action="case.build", target=f"case:{case_id}", detail=detail)
    return case_id


def _update(conn: Connection, old: _Stored, case: BuiltCase, *, actor: str, now: datetime) -> bool:
    values = _row_values(case)
    changed = [k for k in ("status", "level", "opened", "last_step", "derived", "stale") if old.values[k] != values[k]]
    if old.key != case.key:
        changed.append("key")
    if old.actor_ids != case.actor_ids:
        changed.append("people")
    if old.event_ids != set(case.event_ids):
        changed.append("events")
    if not changed:
        return False
    sealed = sealed_values(conn, case.level, values, what=f"case {case.key}")
    conn.execute(update(cases).where(cases.c.id == old.id).values(**sealed, updated_at=now))
    if "level" in changed:
        reseal_case(conn, old.id)  # the corrections follow the case's new level
    if "people" in changed or "events" in changed:
        conn.execute(delete(case_people).where(case_people.c.case_id == old.id))
        conn.execute(delete(case_events).where(case_events.c.case_id == old.id))
        _link(conn, old.id, case)
    detail = {"changed": changed, "status": case.status, "actors": case.actor_ids, "events": case.event_ids}
    append_entry(conn, actor=actor, action="case.build", target=f"case:{old.id}", detail=detail)
    return True


def _link(conn: Connection, case_id: int, case: BuiltCase) -> None:
    people = [{"case_id": case_id, "actor_id": a, "position": i} for i, a in enumerate(case.actor_ids)]
    if people:
        conn.execute(insert(case_people), people)
    linked = [{"case_id": case_id, "event_id": e} for e in dict.fromkeys(case.event_ids)]
    if linked:
        conn.execute(insert(case_events), linked)
