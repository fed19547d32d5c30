"""Cases as people see them: stored cases with corrections applied, scoped and redacted per viewer.

    cases = store.cases
    for person in cases.detained_now(viewer=viewer):
        print(person.name, person.since, person.detention_place)

khronika.resolve.cases builds the stored cases from events (`save_build`); this module reads them
back, keeps people's corrections apart from what the build derived, and shows a viewer only the
cases of levels they may read, with protected people by pseudonym in names and in every text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select

from khronika.errors import StoreError
from khronika.records import CASE_FIELDS, CASE_STATUSES, LEVELS, Actor, Case, Event
from khronika.store import events as evs
from khronika.store.audit import append_entry
from khronika.store.case_build import BuiltCase, reseal_case, save_build
from khronika.store.documents import sealing
from khronika.store.schema import actors, case_corrections, case_events, case_people, cases, documents

if TYPE_CHECKING:
    from khronika.protect.fieldcrypt import FieldCipher
    from khronika.protect.redact import TextRedactor
    from khronika.protect.roles import Viewer
    from khronika.store.store import Store

__all__ = ["BuiltCase", "Cases", "DetainedPerson", "Hearing", "case_to_dict", "reseal_case"]

Connect = Callable[[], AbstractContextManager[Connection]]
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A person in a case of one of these statuses, set by hand, is held; of any other, free.
CUSTODY_STATUSES = frozenset({"detained", "under_investigation", "on_trial", "imprisoned"})


@dataclass(frozen=True)
class DetainedPerson:
    """One person (or group) held now: counted once however many cases name them."""

    actor_id: int
    name: str  # the pseudonym or "[withheld]" for a viewer not cleared
    case_id: int
    since: str | None  # date of the detention that began this custody
    detention_place: str | None
    charges: tuple[str, ...] = ()
    kind: str = "person"


@dataclass(frozen=True)
class Hearing:
    """A court hearing expected on a date in one case."""

    case_id: int
    date: str  # YYYY-MM-DD
    title: str  # the case's title as the viewer may see it
    court: str | None = None
    event_id: int | None = None  # the trial event that announced it; None for a corrected date
    names: tuple[str, ...] = field(default_factory=tuple)


class Cases:
    """Stored cases; get one from `Store.cases`."""

    def __init__(self, store: Store, read: Connect, write: Connect) -> None:
        self._store = store
        self._read = read
        self._write = write

    def get_case(self, case_id: int, *, viewer: Viewer | None = None, today: date | None = None) -> Case | None:
        """Return the case with its timeline as `viewer` may see it (None: everything), or None."""
        with self._read() as conn:
            found = _load_cases(conn, cases.c.id == case_id, today=today or date.today())
            if not found or not _visible(found[0], viewer):
                return None
            case = replace(found[0], events=evs.load_events(conn, found[0].event_ids))
            levels = _document_levels(conn, case.events)
        return self._shown([case], viewer, document_levels=levels)[0]

    def list_cases(
        self,
        *,
        viewer: Viewer | None = None,
        status: str | None = None,
        today: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Case]:
        """Return the cases `viewer` may see, latest step first, optionally of one status (a page of them)."""
        return self.list_page(viewer=viewer, status=status, today=today, limit=limit, offset=offset)[1]

    def list_page(
        self,
        *,
        viewer: Viewer | None = None,
        status: str | None = None,
        today: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[Case]]:
        """Return how many cases `viewer` may see (of `status`) and a page of them, latest step first."""
        chosen = self._chosen(viewer, status=status, today=today or date.today())
        end = None if limit is None else offset + limit
        # Only the page is redacted: redaction is most of the cost of a long list.
        return len(chosen), self._shown(chosen[offset:end], viewer)

    def _chosen(self, viewer: Viewer | None, *, status: str | None, today: date) -> list[Case]:
        if status is not None and status not in CASE_STATUSES:
            raise StoreError(f"case status {status!r} is unknown; use one of {', '.join(CASE_STATUSES)}")
        with self._read() as conn:
            found = _load_cases(conn, _in_scope(viewer), today=today)
        chosen = [c for c in found if _visible(c, viewer) and (status is None or c.status == status)]
        chosen.sort(key=lambda c: (c.last_step or "", c.id or 0), reverse=True)
        return chosen

    def detained_now(self, *, viewer: Viewer | None = None, on: date | None = None) -> list[DetainedPerson]:
        """Return each person in custody on `on` (default today) once, longest held first."""
        day = (on or date.today()).isoformat()
        with self._read() as conn:
            spells: dict[int, Any] = {}
            found = _load_cases(conn, _in_scope(viewer), today=on or date.today(), custody=spells)
        held: dict[int, DetainedPerson] = {}
        for case in self._shown(found, viewer):
            assert case.id is not None
            for actor_id, person in zip(case.actor_ids, case.people, strict=True):
                own = spells.get(case.id, {}).get(str(actor_id), [])
                held_now, since = _held_on(own, day)
                fixed = case.corrected.get("status")
                if fixed is not None:  # a person who knows better set the status by hand
                    held_now = fixed in CUSTODY_STATUSES
                    since = since or (own[-1][0] if own else None)
                if not held_now:
                    continue
                entry = DetainedPerson(
                    actor_id=actor_id,
                    name=person.name,
                    case_id=case.id,
                    since=since,
                    detention_place=case.detention_place,
                    charges=tuple(case.charges),
                    kind=person.kind,
                )
                # Two open cases of one person count once: the custody that began last is the current one.
                if actor_id not in held or (entry.since or "") > (held[actor_id].since or ""):
                    held[actor_id] = entry
        return sorted(held.values(), key=lambda p: (p.since or "9999", p.name))

    def upcoming_hearings(self, *, viewer: Viewer | None = None, after: date | None = None) -> list[Hearing]:
        """Return hearings on or after `after` (default today), soonest first."""
        day = (after or date.today()).isoformat()
        hearings: list[Hearing] = []
        coming = [c for c in self._chosen(viewer, status=None, today=after or date.today()) if _hearing_after(c, day)]
        for case in self._shown(coming, viewer):
            assert case.id is not None
            names = tuple(p.name for p in case.people)
            dates = {h["date"]: h for h in case.hearings if h["date"] >= day}
            for when, h in sorted(dates.items()):
                court = h.get("court") or case.court
                hearings.append(Hearing(case.id, when, case.title, court, h.get("event_id"), names))
        return sorted(hearings, key=lambda h: (h.date, h.case_id))

    def correct(self, case_id: int, changes: dict[str, Any], *, actor: str) -> None:
        """Set fields of a case by hand (None clears a correction); a rebuild never overwrites them."""
        clean = {name: _check_field(name, value) for name, value in changes.items()}
        if not clean:
            return
        now = datetime.now(UTC)
        with self._write() as conn:
            level = conn.execute(select(cases.c.level).where(cases.c.id == case_id)).scalar()
            if level is None:
                raise StoreError(f"case {case_id} does not exist; see 'khronika cases list' for the ids")
            # A correction may name a person or a place of detention: sealed as the case's derived fields are.
            cipher = sealing(conn, level, what=f"case {case_id}")
            where = (case_corrections.c.case_id == case_id) & case_corrections.c.field.in_(list(clean))
            conn.execute(delete(case_corrections).where(where))
            rows = [
                {"case_id": case_id, "field": k, "value": _fix(cipher, v), "changed_by": actor, "changed_at": now}
                for k, v in clean.items()
                if v is not None
            ]
            if rows:
                conn.execute(insert(case_corrections), rows)
            # Which fields, never their values: a correction may hold a protected person's name.
            detail = {
                "set": sorted(k for k, v in clean.items() if v is not None),
                "cleared": sorted(k for k, v in clean.items() if v is None),
            }
            append_entry(conn, actor=actor, action="case.correct", target=f"case:{case_id}", detail=detail)

    def save_build(self, built: list[BuiltCase], *, actor: str) -> dict[str, int]:
        """Store what a build derived, keeping corrections; return counts created/updated/unchanged/removed/stale."""
        with self._write() as conn:
            return save_build(conn, built, actor=actor, now=datetime.now(UTC))

    def _shown(
        self, found: list[Case], viewer: Viewer | None, *, document_levels: dict[int, str] | None = None
    ) -> list[Case]:
        if viewer is None or (viewer.levels >= frozenset(LEVELS) and viewer.can_see_protected):
            return found
        from khronika.protect.redact import redaction_for

        redactor = redaction_for(self._store, viewer)
        # Evidence quoted from a document above the viewer's levels is left out of the timeline.
        levels = document_levels or {}
        return [_redacted(c, viewer, redactor, document_levels=levels) for c in found]


def _fix(cipher: FieldCipher | None, value: Any) -> Any:
    """Return a correction's stored value: {"v": value}, sealed when the case is."""
    if cipher is None:
        return {"v": value}
    return cipher.seal_json({"v": value}, table="case_corrections", column="value")


def _visible(case: Case, viewer: Viewer | None) -> bool:
    return viewer is None or case.level in viewer.levels


def _in_scope(viewer: Viewer | None) -> Any:
    """Return the condition on `cases` that keeps those of the viewer's levels (None: no condition)."""
    return None if viewer is None else cases.c.level.in_(sorted(viewer.levels))


def _hearing_after(case: Case, day: str) -> bool:
    return any(h["date"] >= day for h in case.hearings)


def _check_field(name: str, value: Any) -> Any:
    if name not in CASE_FIELDS:
        raise StoreError(f"case field {name!r} cannot be corrected; use one of {', '.join(CASE_FIELDS)}")
    if value is None:
        return None
    if name == "charges":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise StoreError(f"case field charges: {value!r} must be a list of texts")
        return [i.strip() for i in items if i.strip()]
    if not isinstance(value, str):
        raise StoreError(f"case field {name}: {value!r} must be a text")
    value = value.strip()
    if name == "status" and value not in CASE_STATUSES:
        raise StoreError(f"case field status: {value!r} is not one of {', '.join(CASE_STATUSES)}")
    if name == "next_hearing" and value and not _FULL_DATE.fullmatch(value):
        raise StoreError(f"case field next_hearing: {value!r} needs a full date, YYYY-MM-DD")
    return value


def _document_levels(conn: Connection, timeline: list[Event]) -> dict[int, str]:
    cited = list({e.document_id for event in timeline for e in event.evidence if e.document_id is not None})
    rows = conn.execute(select(documents.c.id, documents.c.level).where(documents.c.id.in_(cited)))
    return {int(row.id): str(row.level) for row in rows}


def _held_on(spells: list[list[str | None]], day: str) -> tuple[bool, str | None]:
    """Return whether `day` falls in a spell in custody, and the day that spell began (None: unknown)."""
    for since, until in spells:
        if (since is None or since <= day) and (until is None or day < until):
            return True, since
    return False, None


def _load_cases(conn: Connection, where: Any, *, today: date, custody: dict[int, Any] | None = None) -> list[Case]:
    """Read cases (all when `where` is None) with people, events and corrections; fill `custody` when given."""
    query = select(cases).order_by(cases.c.id)
    rows = list(conn.execute(query if where is None else query.where(where)))
    ids = [int(r.id) for r in rows]
    people: dict[int, list[tuple[int, Actor]]] = defaultdict(list)
    linked: dict[int, list[int]] = defaultdict(list)
    fixes: dict[int, dict[str, Any]] = defaultdict(dict)
    # Reading many cases, the link tables are read whole: cheaper than thousands of bound ids.
    chunks = [None] if where is None or len(ids) > 500 else [ids]
    for chunk in chunks:
        who = (
            select(case_people.c.case_id, case_people.c.actor_id, actors)
            .join(actors, actors.c.id == case_people.c.actor_id)
            .order_by(case_people.c.case_id, case_people.c.position)
        )
        links, corrections = select(case_events), select(case_corrections)
        if chunk is not None:
            who = who.where(case_people.c.case_id.in_(chunk))
            links = links.where(case_events.c.case_id.in_(chunk))
            corrections = corrections.where(case_corrections.c.case_id.in_(chunk))
        for r in conn.execute(who):
            person = Actor(r.name, r.kind, "target", [], r.level, bool(r.protected), r.pseudonym)
            people[r.case_id].append((int(r.actor_id), person))
        for r in conn.execute(links):
            linked[r.case_id].append(int(r.event_id))
        for r in conn.execute(corrections):
            fixes[r.case_id][r.field] = r.value["v"]
    if custody is not None:
        custody.update((int(r.id), dict(r.derived).get("custody", {})) for r in rows)
    return [_assemble(r, people[r.id], linked[r.id], fixes[r.id], today=today) for r in rows]


def _assemble(
    row: Any, people: list[tuple[int, Actor]], event_ids: list[int], fixes: dict[str, Any], *, today: date
) -> Case:
    derived = dict(row.derived)
    order, linked = list(derived.get("order", [])), set(event_ids)
    hearings = list(derived.get("hearings", []))
    upcoming = sorted(h["date"] for h in hearings if h["date"] >= today.isoformat())
    values: dict[str, Any] = {
        "title": ", ".join(p.name for _, p in people),
        "status": row.status,
        "charges": list(derived.get("charges", [])),
        "court": derived.get("court"),
        "next_hearing": upcoming[0] if upcoming else None,
        "lawyer": derived.get("lawyer"),
        "detention_place": derived.get("detention_place"),
        "sentence": derived.get("sentence"),
    }
    values.update(fixes)
    if fixes.get("next_hearing"):
        hearings.append({"date": fixes["next_hearing"], "event_id": None, "court": None})
    return Case(
        **values,
        people=[p for _, p in people],
        actor_ids=[i for i, _ in people],
        opened=row.opened,
        last_step=row.last_step,
        # The build's order is by date; events linked since (none are, today) would come last.
        event_ids=[i for i in order if i in linked] + sorted(linked.difference(order)),
        hearings=hearings,
        corrected=dict(fixes),
        stale=bool(row.stale),
        level=row.level,
        id=int(row.id),
    )


def _redacted(case: Case, viewer: Viewer, redactor: TextRedactor, *, document_levels: dict[int, str]) -> Case:
    from khronika.protect.redact import redact_actor, redact_event

    def text(value: str | None) -> str | None:
        return None if value is None else redactor(value)

    people = [redact_actor(p, viewer) for p in case.people]
    corrected = {k: [redactor(i) for i in v] if isinstance(v, list) else text(v) for k, v in case.corrected.items()}
    title = redactor(case.title) if "title" in case.corrected else ", ".join(p.name for p in people)
    return replace(
        case,
        title=title,
        people=people,
        charges=[redactor(c) for c in case.charges],
        court=text(case.court),
        lawyer=text(case.lawyer),
        detention_place=text(case.detention_place),
        sentence=text(case.sentence),
        events=[
            e
            for e in (redact_event(ev, viewer, people=redactor, document_levels=document_levels) for ev in case.events)
            if e is not None
        ],
        hearings=[{**h, "court": text(h.get("court"))} for h in case.hearings],
        corrected=corrected,
    )


def case_to_dict(case: Case, *, timeline: bool = False) -> dict[str, Any]:
    """Return a case as plain JSON values (as already redacted for its viewer); with its events when asked."""
    data: dict[str, Any] = {
        "id": case.id,
        "title": case.title,
        "status": case.status,
        "people": [{"name": p.name, "kind": p.kind} for p in case.people],
        "charges": list(case.charges),
        "court": case.court,
        "next_hearing": case.next_hearing,
        "lawyer": case.lawyer,
        "detention_place": case.detention_place,
        "sentence": case.sentence,
        "opened": case.opened,
        "last_step": case.last_step,
        "level": case.level,
        "corrected": sorted(case.corrected),
        "stale": case.stale,
        "event_ids": list(case.event_ids),
    }
    if timeline:
        data["events"] = [{"id": e.id, **e.to_dict()} for e in case.events]
    return data
