"""The events a filter selects, as one viewer may see them: what every export, feed and report reads.

    viewer = viewer_for_role("viewer")
    for event in select_events(store, EventFilter(types=("detention",)), viewer=viewer):
        ...

The filter is first narrowed to the viewer's levels (and their own search, which never matches a
name hidden from them); each event is then redacted, so a protected person appears by pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from khronika.protect.redact import TextRedactor, redact_event, redaction_for
from khronika.protect.roles import ANONYMOUS, ANONYMOUS_ROLE, ROLE_NAMES, Viewer, viewer_for
from khronika.records import LEVELS, Event
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.store.search import fold_tokens, parse_query
from khronika.store.store import Store

SEARCH_MATCH_LIMIT = 10_000  # hits read at most when a viewer's own search narrows a filter
BATCH = 500  # events loaded at once; the ids are read first so pages cannot shift
AUDIENCES: tuple[str, ...] = (ANONYMOUS_ROLE, *ROLE_NAMES)


def viewer_for_role(role: str, *, name: str = "cli") -> Viewer:
    """Return the viewer a command acts as: `anonymous` (public records only) or an account role."""
    if role == ANONYMOUS_ROLE:
        return ANONYMOUS
    return viewer_for(name, role)


def sees_everything(viewer: Viewer) -> bool:
    """Return True when nothing is hidden from this viewer (no level, no protected name)."""
    return viewer.levels >= frozenset(LEVELS) and viewer.can_see_protected


def scope_filter(store: Store, flt: EventFilter, *, viewer: Viewer) -> EventFilter:
    """Return the filter limited to what `viewer` may see (levels, hidden names, their own search)."""
    if sees_everything(viewer):
        return flt
    matched = None
    # The database answers a viewer's words itself, within their levels (queries._search_condition),
    # unless a word could be part of a name hidden from them: then only their own redacted search
    # may answer, so that searching a protected person's name reveals nothing.
    if flt.q and _may_name_someone_hidden(store, flt.q, viewer=viewer):
        hits = store.search(flt.q, limit=SEARCH_MATCH_LIMIT, viewer=viewer)
        matched = (
            tuple(h.id for h in hits if h.kind == "event"),
            tuple(h.id for h in hits if h.kind == "document"),
        )
    levels = tuple(sorted(viewer.levels))
    return replace(flt, levels=levels, protected_visible=viewer.can_see_protected, matched=matched)


def _may_name_someone_hidden(store: Store, q: str, *, viewer: Viewer) -> bool:
    """Return True when a word of `q` may stand for a name (or its inflected form) hidden from `viewer`."""
    parsed = parse_query(q)
    terms = set(parsed.words) | {t for phrase in parsed.phrases for t in phrase}
    if not terms:
        return False
    hidden = store.people.hidden_from(viewer.levels, can_see_protected=viewer.can_see_protected)
    tokens = {t for person in hidden for t in fold_tokens(" ".join((person.name, *person.variants)))}
    # Generous on purpose: a needless slow answer costs time, a missed one would cost a name.
    return any(t.startswith(term) or term.startswith(t[: max(3, len(t) - 3)]) for t in tokens for term in terms)


def redact_events(
    events: list[Event], *, viewer: Viewer, store: Store, redactor: TextRedactor | None = None
) -> list[Event]:
    """Return the events as `viewer` may see them.

    Events above their level are left out, protected names hidden, and evidence quoted from a
    document above their level dropped (an internal event may cite a confidential statement).
    """
    if sees_everything(viewer):
        return events
    if redactor is None:
        redactor = redaction_for(store, viewer)
    cited = {e.document_id for event in events for e in event.evidence if e.document_id is not None}
    cited |= {doc_id for event in events for doc_id in _reporting_documents(event)}
    levels = store.people.levels_of("document", cited) if cited else {}
    shown = (redact_event(e, viewer, people=redactor, document_levels=levels) for e in events)
    return [e for e in shown if e is not None]


def select_events(store: Store, flt: EventFilter, *, viewer: Viewer, limit: int | None = None) -> Iterator[Event]:
    """Yield every event `flt` selects, newest first, as `viewer` may see it (at most `limit`)."""
    scoped = scope_filter(store, flt, viewer=viewer)
    redactor = None if sees_everything(viewer) else redaction_for(store, viewer)
    with store.reader() as conn:
        ids = queries.select_event_ids(conn, scoped, limit=limit)
        for start in range(0, len(ids), BATCH):
            batch = queries.load_events_by_id(conn, ids[start : start + BATCH])
            yield from redact_events(batch, viewer=viewer, store=store, redactor=redactor)


def _reporting_documents(event: Event) -> set[int]:
    reported = event.details.get("reported")
    if not isinstance(reported, dict):
        return set()
    return {
        int(entry["document_id"])
        for entries in reported.values()
        if isinstance(entries, list)
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("document_id"), int)
    }
