"""One event across reports (issue 6, item 2): find the same occurrence told by several documents.

Two events are one when they have the same type, compatible dates, compatible places and people
that do not rule it out. Events are blocked by type and swept in date order, so an event is only
compared with those whose dates can still overlap its own. Every pair that agrees on everything
exactly, between two proposed events of one level, is merged (through `Store.merge_events`, which
keeps disagreeing values side by side); a pair that only may be one, or that involves a confirmed
event, becomes a merge suggestion. Rejected and undated events take no part. See docs/resolve.md.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from khronika.errors import StoreError
from khronika.resolve.linking import LinkReport, link_actors
from khronika.resolve.names import compare_names

if TYPE_CHECKING:
    from khronika.store import Store
    from khronika.store.links import CandidateActor, EventCandidate

__all__ = ["EventReport", "ResolveReport", "SameEvent", "find_same_events", "merge_same_events", "resolve_store"]

# Acts done to named people: two reports of a detention in one city on one day may be two
# detentions, so one that names its people and one that names none are only suggested.
INDIVIDUAL_TYPES = frozenset(
    {"detention", "charge", "trial", "sentence", "fine", "release"}
    | {"assault", "killing", "torture", "threat", "dismissal"}
)
# Who is it done to or by: a shared police force or court says nothing about being one event.
_SHARED_ROLES = frozenset({"organiser", "participant", "target"})
_LOOSE_PENALTY = 0.05  # per thing only loosely compatible (a month for a day, a region for a town)


@dataclass(frozen=True)
class SameEvent:
    """Two events that are (merge) or may be (suggest) one; `into_id` is the one kept."""

    into_id: int
    from_id: int
    action: str  # "merge" | "suggest"
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return ids, action, score and reason."""
        fields = ("into_id", "from_id", "action", "score", "reason")
        return {name.removesuffix("_id"): getattr(self, name) for name in fields}


@dataclass
class EventReport:
    """What same-event merging did or, on a dry run, would do."""

    merged: list[SameEvent] = field(default_factory=list)
    suggested: list[SameEvent] = field(default_factory=list)  # new suggestions only
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the `--json` object."""
        return {
            "merged": [m.to_dict() for m in self.merged],
            "suggested": [s.to_dict() for s in self.suggested],
            "dry_run": self.dry_run,
        }


@dataclass(frozen=True)
class _Verdict:
    exact: bool
    score: float
    reason: str


def merge_same_events(store: Store, *, actor: str = "system", dry_run: bool = False) -> EventReport:
    """Merge events that are one occurrence and suggest those that may be; each merge its own transaction."""
    found = find_same_events(store.links.event_candidates())
    report = EventReport(dry_run=dry_run)
    merges = [f for f in found if f.action == "merge"]
    suggestions = [f for f in found if f.action == "suggest"]
    if dry_run:
        report.merged, report.suggested = merges, suggestions
        return report
    for merge in merges:
        try:
            store.merge_events(merge.from_id, merge.into_id, actor=actor)
        except StoreError:
            continue  # deleted or merged meanwhile (a reviewer, another ingest): the next run sees it
        report.merged.append(merge)
    for pair in suggestions:
        if store.links.suggest("event", pair.into_id, pair.from_id, score=pair.score, reason=pair.reason):
            report.suggested.append(pair)
    return report


def find_same_events(candidates: list[EventCandidate]) -> list[SameEvent]:
    """Return the merges (into the oldest event of each group) and suggestions among these events."""
    ordered = sorted(candidates, key=lambda c: (c.type, _interval(c)[0], c.id))
    kept: dict[int, EventCandidate] = {}  # representative of each group, by the id it keeps
    member_of: dict[int, int] = {}
    merges: list[SameEvent] = []
    pairs: dict[tuple[int, int], _Verdict] = {}
    active: list[int] = []
    current_type = None
    for event in ordered:
        if event.type != current_type:
            current_type, active = event.type, []
        start = _interval(event)[0]
        active = [k for k in active if _interval(kept[k])[1] >= start]  # dates can no longer overlap
        verdicts = [(k, v) for k in active if (v := compare_events(kept[k], event)) is not None]
        mergeable = [(k, v) for k, v in verdicts if v.exact and _may_merge(kept[k], event)]
        if mergeable:
            k, verdict = max(mergeable, key=lambda kv: (kv[1].score, -kv[0]))
            pairs.update({(x, event.id): v for x, v in verdicts if x != k})
            into = min(k, event.id)
            merges.append(SameEvent(into, max(k, event.id), "merge", verdict.score, verdict.reason))
            kept[into] = _joined(kept.pop(k), event, into=into)
            active = [into if x == k else x for x in active]
            for x, root in list(member_of.items()):
                if root == k:
                    member_of[x] = into
            member_of[k] = member_of[event.id] = into
            continue
        for k, verdict in verdicts:
            pairs[(k, event.id)] = verdict
        kept[event.id] = event
        member_of[event.id] = event.id
        active.append(event.id)
    return _ordered_merges(merges, member_of) + _suggestions(pairs, member_of)


def compare_events(a: EventCandidate, b: EventCandidate) -> _Verdict | None:
    """Return how sure it is that two events are one, or None when something rules it out."""
    if a.type != b.type:
        return None
    checks: list[tuple[bool, str]] = []
    for check in (_compare_dates, _compare_places, _compare_people):
        result = check(a, b)
        if result is None:
            return None
        checks.append(result)
    loose = sum(1 for exact, _ in checks if not exact)
    reasons = [f"same type ({a.type})", *(why for _, why in checks)]
    return _Verdict(exact=loose == 0, score=round(1.0 - _LOOSE_PENALTY * loose, 3), reason="; ".join(reasons))


def _may_merge(a: EventCandidate, b: EventCandidate) -> bool:
    # Confirmed events are a person's word: never merged without one (issue 6). Two levels
    # would show one event's values at the other's level.
    return a.review == b.review == "proposed" and a.level == b.level


def _compare_dates(a: EventCandidate, b: EventCandidate) -> tuple[bool, str] | None:
    (a_start, a_end), (b_start, b_end) = _interval(a), _interval(b)
    if a_end < b_start or b_end < a_start:
        return None
    if _is_day(a.date) and _is_day(b.date):
        return True, "same day" if a.date == b.date else "overlapping days"
    return False, "compatible dates (one is only a month or a year)"


def _compare_places(a: EventCandidate, b: EventCandidate) -> tuple[bool, str] | None:
    if a.place_name is None or b.place_name is None:
        return (True, "no place on either") if a.place_name == b.place_name else (False, "a place on one only")
    if a.place_id == b.place_id or a.place_name.casefold() == b.place_name.casefold():
        return True, f"same place ({a.place_name})"
    # One report names only the region, the other a town in it: maybe one event, never sure.
    if _is_region_of(a, b) or _is_region_of(b, a):
        return False, "one place is the region of the other"
    return None


def _is_region_of(region: EventCandidate, town: EventCandidate) -> bool:
    if not town.admin1 or region.place_name is None:
        return False
    return region.place_name.casefold() == town.admin1.casefold()


def _compare_people(a: EventCandidate, b: EventCandidate) -> tuple[bool, str] | None:
    people_a = [x for x in a.actors if x.kind == "person"]
    people_b = [x for x in b.actors if x.kind == "person"]
    shared = {x.id for x in a.actors if x.role in _SHARED_ROLES} & {x.id for x in b.actors if x.role in _SHARED_ROLES}
    if people_a and people_b:
        strengths = [_person_match(x, y) for x in people_a for y in people_b]
        if "strong" in strengths:
            return True, "a person in common"
        if "weak" in strengths:
            return False, "a person who may be the same"
        return None  # two events with different named people are different events
    if shared:
        return True, "an actor in common"
    if (people_a or people_b) and a.type in INDIVIDUAL_TYPES:
        return False, "people named in one report only"
    return True, "no people that differ"


def _person_match(a: CandidateActor, b: CandidateActor) -> str:
    return "strong" if a.id == b.id else _name_strength(a.name, b.name)


@lru_cache(maxsize=65536)
def _name_strength(a: str, b: str) -> str:
    return compare_names(a, b).strength


@lru_cache(maxsize=65536)
def _bounds(value: str) -> tuple[date, date]:
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else 0
    if not 1 <= month <= 12:  # a year alone, or a month the format lets through (2024-13)
        return date(year, 1, 1), date(year, 12, 31)
    last = calendar.monthrange(year, month)[1]
    day = int(value[8:10]) if len(value) == 10 else 0
    if not 1 <= day <= last:  # a month alone, or a day it does not have (2024-02-30)
        return date(year, month, 1), date(year, month, last)
    return date(year, month, day), date(year, month, day)


def _is_day(value: str) -> bool:
    start, end = _bounds(value)
    return start == end


def _interval(event: EventCandidate) -> tuple[date, date]:
    """The days the event may cover: its date's span by precision, up to its end date's."""
    start, end = _bounds(event.date)
    if event.date_end:
        end = max(end, _bounds(event.date_end)[1])
    return start, end


def _joined(kept: EventCandidate, other: EventCandidate, *, into: int) -> EventCandidate:
    """The group as later events are compared with it: the kept event's fields, everyone's actors."""
    first, second = (kept, other) if kept.id == into else (other, kept)
    seen = {(x.id, x.role) for x in first.actors}
    extra = tuple(x for x in second.actors if (x.id, x.role) not in seen)
    # As Store.merge_events will: the kept event's values, a missing end date taken from the other.
    return replace(first, actors=first.actors + extra, date_end=first.date_end or second.date_end)


def _ordered_merges(merges: list[SameEvent], member_of: dict[int, int]) -> list[SameEvent]:
    """Each merge straight into its group's final event, so no merge waits on another."""
    final = {m.from_id: _root(m.from_id, member_of) for m in merges}
    return [replace(m, into_id=_root(m.into_id, member_of)) for m in merges if final[m.from_id] != m.from_id]


def _root(event_id: int, member_of: dict[int, int]) -> int:
    while member_of.get(event_id, event_id) != event_id:
        event_id = member_of[event_id]
    return event_id


def _suggestions(pairs: dict[tuple[int, int], _Verdict], member_of: dict[int, int]) -> list[SameEvent]:
    found: dict[tuple[int, int], SameEvent] = {}
    for (a, b), verdict in pairs.items():
        low, high = sorted((_root(a, member_of), _root(b, member_of)))
        if low != high and ((low, high) not in found or verdict.score > found[(low, high)].score):
            found[(low, high)] = SameEvent(low, high, "suggest", verdict.score, verdict.reason)
    return [found[key] for key in sorted(found)]


@dataclass
class ResolveReport:
    """Linking and same-event merging together, as `khronika resolve` and each ingest batch run them."""

    actors: LinkReport
    events: EventReport

    def to_dict(self) -> dict[str, Any]:
        """Return the `--json` object: {"actors": {...}, "events": {...}}."""
        return {"actors": self.actors.to_dict(), "events": self.events.to_dict()}


def resolve_store(
    store: Store, *, actor: str = "system", dry_run: bool = False, documents: list[int] | None = None
) -> ResolveReport:
    """Link actors, then merge same events (people compared by linked actor, so linking goes first).

    `documents`: a batch just stored; only its actors are compared with the others (far fewer
    pairs than all of them). Same-event matching always reads every event: it is cheap.
    """
    only = None if documents is None else store.links.actors_of_documents(documents)
    linked = link_actors(store, actor=actor, dry_run=dry_run, only=only)
    return ResolveReport(actors=linked, events=merge_same_events(store, actor=actor, dry_run=dry_run))
