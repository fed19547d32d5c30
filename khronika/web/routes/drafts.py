"""Press-release and alert drafts: `/drafts` lists them, `/drafts/new` drafts one from events or a case,
`/drafts/{id}` shows and edits it, `POST /drafts/{id}/publish` publishes it once.

Whoever drafts, the text is built as the `viewer` audience at most (khronika.publish.press), and
publishing refuses a text that names a protected person (khronika.store.drafts). Text a person
typed may still hold a name: anyone not cleared reads every draft through their redactor.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from khronika.errors import KhronikaError
from khronika.publish.alerts import draft_alert
from khronika.publish.press import DraftText, draft_press_release
from khronika.store.drafts import DRAFT_KINDS, DRAFT_LANGUAGES, Draft
from khronika.web.deps import current_actor, current_language, current_viewer, get_store, redactor_for, render
from khronika.web.deps import require as require_permission

router = APIRouter()
READ = {"x-permission": "read:internal"}
WRITE = {"x-permission": "edit"}


def _ids(raw: str | list[str] | None) -> list[int]:
    """Return the event ids typed in a field ("12, 13 14") or given as repeated ?event= values."""
    values = raw if isinstance(raw, list) else [raw or ""]
    words = [w for value in values for w in value.replace(",", " ").split()]
    bad = [w for w in words if not w.isdigit()]
    if bad:
        raise KhronikaError(f"event ids must be numbers; {', '.join(bad)} is not")
    return [int(w) for w in dict.fromkeys(words)]


def _shown(request: Request, draft: Draft) -> dict[str, Any]:
    """Return the draft's texts as the current viewer may read them."""
    if current_viewer(request).can_see_protected:
        return {"title": draft.title, "body": draft.body, "published_text": draft.published_text}
    redact = redactor_for(request)
    published = draft.published_text
    return {
        "title": redact(draft.title),
        "body": redact(draft.body),
        "published_text": redact(published) if published is not None else None,
    }


def _load(request: Request, draft_id: int) -> Draft:
    draft = get_store(request).drafts.get(draft_id)
    if draft is None or draft.level not in current_viewer(request).levels:
        raise HTTPException(404, f"Draft {draft_id} does not exist; see the list at /drafts.")
    return draft


@router.get("/drafts", include_in_schema=False, openapi_extra=READ)
def list_drafts(request: Request) -> Response:
    """List the drafts, the most recently changed first."""
    viewer = current_viewer(request)
    found = [d for d in get_store(request).drafts.list_drafts() if d.level in viewer.levels]
    return render(request, "drafts.html", drafts=[(d, _shown(request, d)) for d in found])


@router.get("/drafts/new", include_in_schema=False, openapi_extra=WRITE)
def new_draft(request: Request) -> Response:
    """Show the form that drafts a press release or an alert from events or a case."""
    params = request.query_params
    kind, lang, case = params.get("kind") or "", params.get("lang") or "", params.get("case") or ""
    form = {
        "kind": kind if kind in DRAFT_KINDS else "press_release",
        "language": lang if lang in DRAFT_LANGUAGES else current_language(request),
        "events": " ".join(v for v in params.getlist("event") if v.isdigit()),
        "case": case if case.isdigit() else "",
    }
    return _form(request, form)


def _form(request: Request, form: dict[str, str], *, error: str | None = None) -> Response:
    return render(
        request,
        "drafts_new.html",
        status_code=400 if error else 200,
        form=form,
        kinds=DRAFT_KINDS,
        error=error,
    )


@router.post("/drafts/new", include_in_schema=False, openapi_extra=WRITE)
def create_draft(
    request: Request,
    kind: str = Form("press_release"),
    language: str = Form("en"),
    events: str = Form(""),
    case: str = Form(""),
) -> Response:
    """Draft the text from the events or the case, store it, and open it for editing."""
    require_permission(request, "edit")
    form = {"kind": kind, "language": language, "events": events, "case": case}
    store = get_store(request)
    try:
        text = _draft(request, kind=kind, language=language, event_ids=_ids(events), case=case.strip())
        draft_id = store.drafts.create(**text.draft_fields(), subject=text.subject, by=current_actor(request))
    except KhronikaError as err:
        return _form(request, form, error=str(err))
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)


def _draft(request: Request, *, kind: str, language: str, event_ids: list[int], case: str) -> DraftText:
    store = get_store(request)
    viewer = current_viewer(request)
    if case and not case.isdigit():
        raise KhronikaError(f"case id must be a number; {case!r} is not")
    case_id = int(case) if case else None
    if kind == "alert":
        if len(event_ids) > 1:
            raise KhronikaError("an alert is about one detention: give one event id, or a case id")
        event_id = event_ids[0] if event_ids else None
        return draft_alert(store, event_id=event_id, case_id=case_id, language=language, viewer=viewer)
    if kind != "press_release":
        raise KhronikaError(f"kind {kind!r} is unknown; use one of {', '.join(DRAFT_KINDS)}")
    return draft_press_release(store, event_ids=event_ids, case_id=case_id, language=language, viewer=viewer)


@router.get("/drafts/{draft_id}", include_in_schema=False, openapi_extra=READ)
def read_draft(request: Request, draft_id: int) -> Response:
    """Show a draft: its text, what it was drawn from, and the edit and publish forms."""
    return _page(request, _load(request, draft_id))


def _page(request: Request, draft: Draft, *, error: str | None = None) -> Response:
    return render(
        request,
        "drafts_show.html",
        status_code=400 if error else 200,
        draft=draft,
        shown=_shown(request, draft),
        can_edit=current_viewer(request).can("edit") and not draft.is_published,
        error=error,
    )


@router.post("/drafts/{draft_id}", include_in_schema=False, openapi_extra=WRITE)
def edit_draft(request: Request, draft_id: int, title: str = Form(""), body: str = Form("")) -> Response:
    """Save the edited title and body of an unpublished draft."""
    require_permission(request, "edit")
    draft = _load(request, draft_id)
    try:
        get_store(request).drafts.edit(draft_id, by=current_actor(request), title=title, body=body)
    except KhronikaError as err:
        return _page(request, draft, error=str(err))
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)


@router.post("/drafts/{draft_id}/publish", include_in_schema=False, openapi_extra=WRITE)
def publish_draft(request: Request, draft_id: int) -> Response:
    """Publish the draft: its text is kept as it is now; a protected person's name is refused."""
    require_permission(request, "edit")
    draft = _load(request, draft_id)
    try:
        get_store(request).drafts.publish(draft_id, by=current_actor(request))
    except KhronikaError as err:
        return _page(request, draft, error=str(err))
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)
