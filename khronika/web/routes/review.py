"""The review queue `/review`: proposed events one at a time, oldest first; confirm, reject, correct, merge.

Each action is a POST form answered by a redirect to the next event (Post/Redirect/Get), goes
through a Store method and is written to the audit log with who did it.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from khronika.errors import KhronikaError
from khronika.records import EVENT_TYPES
from khronika.store import queries
from khronika.web.deps import current_actor, get_store, render
from khronika.web.highlight import evidence_in_context

router = APIRouter()


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def show_queue(request: Request, *, event_id: int | None = None, error: str | None = None) -> Response:
    """Render the queue at `event_id`, or at the next proposed event after ?after= (oldest first)."""
    store = get_store(request)
    params = request.query_params
    with store.reader() as conn:
        if event_id is None:
            at = _int(params.get("at"))
            event_id = at if at is not None else queries.next_proposed_id(conn, after=_int(params.get("after")))
        waiting = queries.count_proposed(conn)
        next_id = queries.next_proposed_id(conn, after=event_id) if event_id else None
        prev_id = queries.next_proposed_id(conn, before=event_id) if event_id else None
        links = queries.event_links(conn, [event_id]) if event_id else {}
    event = store.get_event(event_id) if event_id else None
    passages = []
    if event is not None:
        documents = {}
        for item in event.evidence:
            doc_id = item.document_id or links[event.id or 0]["document_id"]
            if doc_id not in documents:
                documents[doc_id] = store.get_document(doc_id)
            doc = documents[doc_id]
            pieces = evidence_in_context(doc.text, item, context=250) if doc is not None else None
            passages.append({"evidence": item, "document": doc, "pieces": pieces})
    return render(
        request,
        "review.html",
        status_code=400 if error else 200,
        event=event,
        link=links.get(event_id, {}) if event_id else {},
        passages=passages,
        waiting=waiting,
        next_id=next_id if next_id != event_id else None,
        prev_id=prev_id if prev_id != event_id else None,
        event_types=EVENT_TYPES,
        error=error,
    )


def _next(event_id: int) -> RedirectResponse:
    return RedirectResponse(f"/review?after={event_id}", status_code=303)


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
    store = get_store(request)
    try:
        store.update_event(event_id, changes, actor=current_actor(request))
    except KhronikaError as err:
        return show_queue(request, event_id=event_id, error=str(err))
    return RedirectResponse(f"/review?at={event_id}", status_code=303)


@router.post("/review/{event_id}/merge", include_in_schema=False)
def merge_event(request: Request, event_id: int, into: str = Form(...)) -> Response:
    """Merge the event into another (its evidence and actors move there) and show the next one."""
    into_id = _int(into.strip().lstrip("#№"))
    if into_id is None:
        return show_queue(request, event_id=event_id, error=f"{into!r} is not an event number; type digits only")
    return _act(request, event_id, lambda actor: get_store(request).merge_events(event_id, into_id, actor=actor))


def _act(request: Request, event_id: int, action: Callable[[str], object]) -> Response:
    try:
        action(current_actor(request))
    except KhronikaError as err:
        return show_queue(request, event_id=event_id, error=str(err))
    return _next(event_id)
