"""Build cases from stored events: each person or group detained, followed to release.

    counts = build_cases(store, actor="cli")   # {"created": 3, "updated": 0, ...}

A detention whose targets are not held already opens a case for them (several people detained
together make one group case). Later charges, trials, sentences, fines and releases naming one
of them as target join their latest case; a hunger strike, torture, assault or threat joins it
only while they are held. Rejected events are never read. Events are taken in date order (an
undated one after the dated ones, then by id). Status follows the latest step up to today: a
trial dated in the future is a hearing to come, not yet a trial. Building twice changes nothing;
what people corrected is kept apart (khronika.store.cases) and never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from khronika.records import LEVELS, Actor, Event, Evidence, Place
from khronika.store.case_build import BuiltCase
from khronika.store.schema import actors, event_actors, events, evidence, places

if TYPE_CHECKING:
    from khronika.store.store import Store

STEP_TYPES: tuple[str, ...] = ("detention", "charge", "trial", "sentence", "fine", "release")
WHILE_HELD: tuple[str, ...] = ("hunger_strike", "torture", "assault", "threat")
CUSTODY_STATUSES = frozenset({"detained", "under_investigation", "on_trial", "imprisoned"})
_STATUS = {"detention": "detained", "charge": "under_investigation", "trial": "on_trial", "release": "released"}
# A sentence is served in freedom when it says so; it is served in prison or a colony when it
# names a term (years, months, days of administrative arrest) without saying so.
# The extractor writes a term as "2 years" and drops "suspended": the report's own words say it.
_SUSPENDED = re.compile(
    r"suspend|probation|restrict|условн|испытательн|ограничени\w* свобод|шартты|бас бостандығын шектеу", re.I
)
_TERM = re.compile(
    r"year|month|day|prison|colony|jail|imprison|detention|arrest|"
    r"\bлет\b|\bгод|месяц|сут(ок|ки)|лишени|колони|заключ|арест|"
    r"жыл|\bай\b|тәулік|бас бостандығынан айыр",
    re.I,
)
_BATCH = 500

# event id -> (ids of the people and groups it is done to, ids of all the people and groups it names)
ActorsOf = dict[int, tuple[list[int], list[int]]]
_NOBODY: tuple[list[int], list[int]] = ([], [])


@dataclass
class _Draft:
    key: str
    actor_ids: list[int]
    events: list[Event] = field(default_factory=list)

    def add(self, event: Event) -> None:
        if all(e.id != event.id for e in self.events):
            self.events.append(event)


def build_cases(store: Store, *, actor: str = "system", today: date | None = None) -> dict[str, int]:
    """Build or refresh every case from the stored events; return what changed (see Cases.save_build)."""
    timeline, actors_of = load_steps(store)
    drafts = group_steps(timeline, actors_of)
    day = (today or date.today()).isoformat()
    return store.cases.save_build([derive(d, actors_of, today=day) for d in drafts], actor=actor)


def load_steps(store: Store) -> tuple[list[Event], ActorsOf]:
    """Return the events cases are made of, in step order, and who each is done to and names."""
    wanted = events.c.type.in_(STEP_TYPES + WHILE_HELD) & (events.c.review != "rejected")
    # Only what a case reads: no evidence, no name variants (a build reads every such event).
    query = (
        select(events.c.id, events.c.type, events.c.date, events.c.details, events.c.level, places.c.name)
        .select_from(events.outerjoin(places, places.c.id == events.c.place_id))
        .where(wanted)
    )
    who = (
        select(event_actors.c.event_id, event_actors.c.actor_id, event_actors.c.role, actors.c.name, actors.c.kind)
        .join(actors, actors.c.id == event_actors.c.actor_id)
        .where(event_actors.c.event_id.in_(select(events.c.id).where(wanted)))
        .order_by(event_actors.c.event_id, event_actors.c.position)
    )
    loaded: dict[int, Event] = {}
    actors_of: ActorsOf = {}
    with store.reader() as conn:
        for row in conn.execute(query):
            place = Place(name=row.name, country="") if row.name is not None else None
            details = dict(row.details)
            loaded[row.id] = Event(row.type, row.date, place=place, details=details, level=row.level, id=row.id)
        # A sentence's passages say whether it is suspended; no other step's are read.
        sentences = select(events.c.id).where(wanted & (events.c.type == "sentence"))
        passages = select(evidence.c.event_id, evidence.c.text).where(evidence.c.event_id.in_(sentences))
        for event_id, text in conn.execute(passages):
            loaded[event_id].evidence.append(Evidence(start=0, end=len(text), text=text))
        for link in conn.execute(who):
            if link.event_id not in loaded:
                continue
            loaded[link.event_id].actors.append(Actor(name=link.name, kind=link.kind, role=link.role))
            done_to, named = actors_of.setdefault(int(link.event_id), ([], []))
            if link.kind in ("person", "group") and link.actor_id not in named:
                named.append(int(link.actor_id))
            if link.kind in ("person", "group") and link.role == "target" and link.actor_id not in done_to:
                done_to.append(int(link.actor_id))
    return sorted(loaded.values(), key=step_key), actors_of


def step_key(event: Event) -> tuple[str, int]:
    """Sort key of a step: its date (undated last), then its id."""
    return (event.date or "9999", event.id or 0)


def targets(event: Event, actors_of: ActorsOf) -> list[int]:
    """Return the ids of the people and groups an event is done to."""
    return actors_of.get(event.id or 0, _NOBODY)[0]


def _named(event: Event, actors_of: ActorsOf) -> list[int]:
    return actors_of.get(event.id or 0, _NOBODY)[1]


def step_outcome(event: Event) -> tuple[str | None, bool | None]:
    """Return the status a step leads to and whether it puts the person in custody (True), out (False) or neither."""
    if event.type == "sentence":
        term = str(event.details.get("sentence") or "")
        if _SUSPENDED.search(" ".join([term, *(e.text for e in event.evidence)])):
            return "convicted", False
        # Only the term itself: a report's "in 2024" (в 2024 году) is no prison term.
        if _TERM.search(term):
            return "imprisoned", True
        return "convicted", None
    if event.type == "fine":
        return "convicted", False  # a fine ends an administrative detention
    status = _STATUS.get(event.type)
    custody = {"detention": True, "release": False}.get(event.type)
    return status, custody


def group_steps(timeline: Sequence[Event], actors_of: ActorsOf) -> list[_Draft]:
    """Split the steps into cases: each detention of people not held opens one, later steps join it."""
    drafts: list[_Draft] = []
    latest: dict[int, _Draft] = {}
    held: dict[int, bool] = {}
    for event in timeline:
        done_to = targets(event, actors_of)
        if event.type == "detention":
            fresh = [a for a in done_to if not (a in latest and held.get(a))]
            for draft in _unique(latest[a] for a in done_to if a not in fresh):
                draft.add(event)
            if fresh:
                draft = _Draft(key=f"detention:{event.id}", actor_ids=fresh, events=[event])
                drafts.append(draft)
                latest.update(dict.fromkeys(fresh, draft))
        elif event.type in STEP_TYPES:
            for draft in _unique(latest[a] for a in done_to if a in latest):
                draft.add(event)
        else:
            for draft in _unique(latest[a] for a in _named(event, actors_of) if held.get(a) and a in latest):
                draft.add(event)
        custody = step_outcome(event)[1]
        if custody is not None:
            held.update(dict.fromkeys(done_to, custody))
    return drafts


def _unique(drafts: Any) -> list[_Draft]:
    return list({id(d): d for d in drafts}.values())


def _person_status(steps: Sequence[Event], actors_of: ActorsOf, actor_id: int, *, on: str) -> str:
    """Return the status of one person of a case after the steps dated up to `on`."""
    status = "detained"
    for event in steps:
        if event.date and event.date > on:
            break
        new_status = step_outcome(event)[0]
        if new_status is not None and actor_id in targets(event, actors_of):
            status = new_status
    return status


def custody_periods(steps: Sequence[Event], actors_of: ActorsOf, actor_id: int) -> list[list[str | None]]:
    """Return one person's spells in custody as [since, until) date pairs; None: unknown start, or still held."""
    periods: list[list[str | None]] = []
    for event in sorted(steps, key=step_key):
        if actor_id not in targets(event, actors_of):
            continue
        custody = step_outcome(event)[1]
        held = bool(periods) and periods[-1][1] is None
        if custody is True and not held:
            periods.append([event.date, None])
        elif custody is False and held:
            periods[-1][1] = event.date or "0000"  # an undated release ends the spell, whenever it was
    return periods


def derive(draft: _Draft, actors_of: ActorsOf, *, today: str) -> BuiltCase:
    """Return what the steps of one case say: status, level, charges, court, lawyer, place, hearings."""
    steps = sorted(draft.events, key=step_key)
    open_ones = [a for a in draft.actor_ids if _person_status(steps, actors_of, a, on=today) != "released"]
    past = [e for e in steps if not e.date or e.date <= today]
    status = _case_status(past, actors_of, draft.actor_ids) if open_ones else "released"
    dated = [e.date for e in past if e.date]
    return BuiltCase(
        key=draft.key,
        actor_ids=list(draft.actor_ids),
        event_ids=[e.id for e in steps if e.id is not None],
        status=status,
        level=max((e.level for e in steps), key=LEVELS.index, default="internal"),
        opened=steps[0].date,
        last_step=max(dated) if dated else None,
        derived=_fields(steps, past, actors_of)
        | {
            "order": [e.id for e in steps],
            "custody": {str(a): custody_periods(steps, actors_of, a) for a in draft.actor_ids},
        },
    )


def _case_status(past: list[Event], actors_of: ActorsOf, actor_ids: list[int]) -> str:
    """The status of the latest step done to someone of the case who is not released."""
    released = set()
    status = "detained"
    for event in past:
        new_status, _ = step_outcome(event)
        done_to = [a for a in targets(event, actors_of) if a in actor_ids]
        if new_status is None or not done_to:
            continue
        if new_status == "released":
            released.update(done_to)
        elif set(done_to) - released:
            status = new_status
    return status


def _fields(steps: list[Event], past: list[Event], actors_of: ActorsOf) -> dict[str, Any]:
    charges: list[str] = []
    for event in steps:
        found = event.details.get("charge") or event.details.get("charges") or []
        charges += [found] if isinstance(found, str) else [c for c in found if isinstance(c, str)]
    return {
        "charges": list(dict.fromkeys(c.strip() for c in charges if c.strip())),
        "court": _latest(past, _court),
        "lawyer": _latest(steps, lambda e: _text(e.details.get("lawyer")) or _actor_in_role(e, "lawyer")),
        "detention_place": _latest(steps, _detention_place),
        "sentence": _latest(past, _sentence),
        "hearings": _hearings(steps),
    }


def _latest(steps: list[Event], read: Any) -> str | None:
    for event in reversed(steps):
        value = read(event)
        if value:
            return str(value)
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _actor_in_role(event: Event, role: str) -> str | None:
    return next((a.name for a in event.actors if a.role == role), None)


def _court(event: Event) -> str | None:
    if event.type not in ("charge", "trial", "sentence", "fine"):
        return None
    return _text(event.details.get("court")) or (_actor_in_role(event, "authority") if event.type != "charge" else None)


def _detention_place(event: Event) -> str | None:
    named = _text(event.details.get("detention_place")) or _text(event.details.get("place_of_detention"))
    if named:
        return named
    # Where the arrest happened stands in until a report names the facility.
    return event.place.name if event.type == "detention" and event.place else None


def _sentence(event: Event) -> str | None:
    if event.type == "sentence":
        return _text(event.details.get("sentence"))
    fine = event.details.get("fine")
    if event.type == "fine" and isinstance(fine, dict) and isinstance(fine.get("amount"), int | float):
        return f"fine {fine['amount']:g} {fine.get('currency') or ''}".strip()
    if event.type == "fine" and isinstance(fine, dict) and fine.get("original"):
        return f"fine {fine['original']}"  # MCIs of a year whose index is not known
    return None


def _hearings(steps: list[Event]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for event in steps:
        dates = [event.date] if event.type == "trial" else []
        dates.append(_text(event.details.get("next_hearing")))
        for when in dates:
            if when and len(when) == 10 and when not in found:
                found[when] = {"date": when, "event_id": event.id, "court": _court(event)}
    return [found[d] for d in sorted(found)]
