"""The review queue `/review`: proposed events one at a time, oldest first; confirm, reject, correct, merge.

Each action is a POST form answered by a redirect to the next event (Post/Redirect/Get), goes
through a Store method and is written to the audit log with who did it. The chronicle's filters
narrow the queue (`/review?language=kk`), and every link and redirect keeps them.
`/review/duplicates` lists the merge suggestions of khronika.resolve (two actors or two events
that may be one): accept merges the pair, reject keeps it apart; both record who and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from khronika.errors import KhronikaError
from khronika.protect.redact import WITHHELD, TextRedactor, can_see_level, label_of
from khronika.records import EVENT_TYPES, Document, Event
from khronika.store import queries
from khronika.store.links import StoredActor, Suggestion
from khronika.store.queries import EventFilter
from khronika.web.deps import (
    current_actor,
    current_viewer,
    get_store,
    redactor_for,
    render,
    require,
    scoped,
    shown_document,
    shown_events,
)
from khronika.web.filters import active_filters, filter_query, parse_filter
from khronika.web.highlight import evidence_in_context

router = APIRouter()


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def queue_filter(request: Request) -> EventFilter:
    """Return the filter narrowing the queue; its review state is always 'proposed'."""
    return replace(parse_filter(request.query_params), review=None)


def queue_url(flt: EventFilter, **extra: str | int) -> str:
    """Return the queue's address with its filter and extra pairs (at, after)."""
    query = filter_query(flt, **extra)
    return f"/review?{query}" if query else "/review"


def show_queue(request: Request, *, event_id: int | None = None, error: str | None = None) -> Response:
    """Render the queue at `event_id`, or at the next proposed event after ?after= (oldest first)."""
    store = get_store(request)
    params = request.query_params
    require(request, "review")
    flt = scoped(request, queue_filter(request))
    with store.reader() as conn:
        if event_id is None:
            at = _int(params.get("at"))
            event_id = at if at is not None else queries.next_proposed_id(conn, flt, after=_int(params.get("after")))
        waiting = queries.count_proposed(conn, flt)
        next_id = queries.next_proposed_id(conn, flt, after=event_id) if event_id else None
        prev_id = queries.next_proposed_id(conn, flt, before=event_id) if event_id else None
        links = queries.event_links(conn, [event_id]) if event_id else {}
        choices = queries.filter_choices(conn, levels=flt.levels)
    found = store.get_event(event_id) if event_id else None
    shown = shown_events(request, [found]) if found is not None else []
    event = shown[0] if shown else None
    link = links.get(event_id, {}) if event_id else {}
    return render(
        request,
        "review.html",
        status_code=400 if error else 200,
        event=event,
        link=link,
        passages=_passages(request, event, document_id=link.get("document_id")),
        waiting=waiting,
        next_url=queue_url(flt, at=next_id) if next_id and next_id != event_id else None,
        prev_url=queue_url(flt, at=prev_id) if prev_id and prev_id != event_id else None,
        event_types=EVENT_TYPES,
        error=error,
        filter=flt,
        choices=choices,
        query=filter_query(flt),
        active=active_filters(flt, path="/review", keep={}),
        duplicates=store.links.count_open(levels=flt.levels),
    )


def _passages(request: Request, event: Event | None, *, document_id: int | None) -> list[dict[str, Any]]:
    passages: list[dict[str, Any]] = []
    documents: dict[int, Document | None] = {}
    for item in event.evidence if event else []:
        doc_id = item.document_id or document_id
        doc = None
        if doc_id is not None:
            if doc_id not in documents:
                documents[doc_id] = shown_document(request, get_store(request).get_document(doc_id))
            doc = documents[doc_id]
        pieces = evidence_in_context(doc.text, item, context=250) if doc is not None else None
        passages.append({"evidence": item, "document": doc, "pieces": pieces})
    return passages


def _next(request: Request, event_id: int) -> RedirectResponse:
    return RedirectResponse(queue_url(queue_filter(request), after=event_id), status_code=303)


@router.get("/review", include_in_schema=False)
def read_review(request: Request) -> Response:
    """Show the next proposed event with its evidence and the review forms."""
    return show_queue(request)


@router.post("/review/{event_id}/confirm", include_in_schema=False)
def confirm_event(request: Request, event_id: int) -> Response:
    """Confirm the event and show the next one."""
    return _act(request, event_id, lambda actor: get_store(request).set_review(event_id, "confirmed", actor=actor))


@router.post("/review/{event_id}/reject", include_in_schema=False)
def reject_event(request: Request, event_id: int) -> Response:
    """Reject the event and show the next one."""
    return _act(request, event_id, lambda actor: get_store(request).set_review(event_id, "rejected", actor=actor))


@router.post("/review/{event_id}/edit", include_in_schema=False)
def correct_event(
    request: Request,
    event_id: int,
    type: str = Form(...),
    date: str = Form(""),
    date_end: str = Form(""),
    place: str = Form(""),
    size: str = Form(""),
) -> Response:
    """Correct the event's type, dates, place name or size; it stays in the queue to be confirmed."""
    changes: dict[str, object] = {
        "type": type,
        "date": date.strip(),
        "date_end": date_end.strip(),
        "place": place,
        "size": size.strip(),
    }
    require(request, "review")
    store = get_store(request)
    try:
        store.update_event(event_id, changes, actor=current_actor(request))
    except KhronikaError as err:
        return show_queue(request, event_id=event_id, error=str(err))
    return RedirectResponse(queue_url(queue_filter(request), at=event_id), status_code=303)


@router.post("/review/{event_id}/merge", include_in_schema=False)
def merge_event(request: Request, event_id: int, into: str = Form(...)) -> Response:
    """Merge the event into another (its evidence and actors move there) and show the next one."""
    into_id = _int(into.strip().lstrip("#№"))
    if into_id is None:
        return show_queue(request, event_id=event_id, error=f"{into!r} is not an event number; type digits only")
    return _act(request, event_id, lambda actor: get_store(request).merge_events(event_id, into_id, actor=actor))


def _act(request: Request, event_id: int, action: Callable[[str], object]) -> Response:
    require(request, "review")
    try:
        action(current_actor(request))
    except KhronikaError as err:
        return show_queue(request, event_id=event_id, error=str(err))
    return _next(request, event_id)


# -- possible duplicates (issue 6) ---------------------------------------------------------------

DUPLICATES_LIMIT = 200  # pairs shown at once, best score first
_REVIEW = {"x-permission": "review"}


def _actor_side(actor: StoredActor, *, name: str, redactor: TextRedactor) -> dict[str, Any]:
    variants = [v for v in actor.variants if redactor(v) == v] if name == actor.name else []
    return {"id": actor.id, "name": name, "variants": variants, "events": actor.events, "protected": actor.protected}


def _actor_row(suggestion: Suggestion, found: dict[int, StoredActor], request: Request) -> dict[str, Any] | None:
    """The pair as this viewer may see it, or None: a pair above their level is not shown at all."""
    viewer = current_viewer(request)
    pair = [found.get(suggestion.a_id), found.get(suggestion.b_id)]
    if any(a is None or not can_see_level(viewer, a.level) for a in pair):
        return None
    a, b = (x for x in pair if x is not None)
    redactor = redactor_for(request)
    hidden = (a.protected or b.protected) and not viewer.can_see_protected
    # Beside a pseudonym, the other name would say who the protected person is: both are withheld.
    if hidden:
        names = [label_of(x) if x.protected else WITHHELD for x in (a, b)]
    else:
        names = [redactor(a.name), redactor(b.name)]
    sides = [_actor_side(x, name=n, redactor=redactor) for x, n in zip((a, b), names, strict=True)]
    return {"decidable": not hidden, "sides": sides}


def duplicate_rows(request: Request) -> list[dict[str, Any]]:
    """Return the open suggestions this viewer may see, each with both sides as they may see them."""
    store = get_store(request)
    suggestions = store.links.suggestions(limit=DUPLICATES_LIMIT)
    actor_ids = sorted({i for s in suggestions if s.kind == "actor" for i in (s.a_id, s.b_id)})
    event_ids = sorted({i for s in suggestions if s.kind == "event" for i in (s.a_id, s.b_id)})
    actors = {a.id: a for a in store.links.actors(ids=actor_ids)} if actor_ids else {}
    with store.reader() as conn:
        loaded = queries.load_events_by_id(conn, event_ids)
    events = {e.id: e for e in shown_events(request, loaded)}
    redactor = redactor_for(request)
    rows = []
    for suggestion in suggestions:
        if suggestion.kind == "actor":
            row = _actor_row(suggestion, actors, request)
        else:
            pair = [events.get(suggestion.a_id), events.get(suggestion.b_id)]
            row = {"decidable": True, "sides": pair} if all(pair) else None
        if row is not None:
            rows.append({**row, "suggestion": suggestion, "reason": redactor(suggestion.reason)})
    return rows


def show_duplicates(request: Request, *, error: str | None = None) -> Response:
    """Render the possible duplicates, with accept and reject forms for the pairs this viewer may decide."""
    require(request, "review")
    rows = duplicate_rows(request)
    return render(request, "review_duplicates.html", status_code=400 if error else 200, rows=rows, error=error)


@router.get("/review/duplicates", include_in_schema=False, openapi_extra=_REVIEW)
def read_duplicates(request: Request) -> Response:
    """Show the pairs of actors and events that may be one, best first."""
    return show_duplicates(request)


@router.post("/review/duplicates/{suggestion_id}/accept", include_in_schema=False, openapi_extra=_REVIEW)
def accept_duplicate(request: Request, suggestion_id: int) -> Response:
    """Merge the pair (the kept one gets the other's spellings or sources) and record who decided."""
    return _decide(request, suggestion_id, "accept")


@router.post("/review/duplicates/{suggestion_id}/reject", include_in_schema=False, openapi_extra=_REVIEW)
def reject_duplicate(request: Request, suggestion_id: int) -> Response:
    """Keep the two apart for good and record who decided."""
    return _decide(request, suggestion_id, "reject")


def _decide(request: Request, suggestion_id: int, decision: str) -> Response:
    require(request, "review")
    if not any(row["suggestion"].id == suggestion_id and row["decidable"] for row in duplicate_rows(request)):
        found = get_store(request).links.get_suggestion(suggestion_id)
        if found is None or found.status != "open":
            return show_duplicates(request, error=f"suggestion {suggestion_id} is not open; it may be decided already")
        # Shown to this viewer without names, or not at all: someone cleared decides it.
        raise HTTPException(403, f"suggestion {suggestion_id} needs someone cleared to see the names it involves")
    try:
        get_store(request).links.decide(suggestion_id, decision, actor=current_actor(request))
    except KhronikaError as err:
        return show_duplicates(request, error=str(err))
    return RedirectResponse("/review/duplicates", status_code=303)
