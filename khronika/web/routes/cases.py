"""Cases on the web: the list, who is detained now, upcoming hearings, one case's timeline and its correction.

Every page reads through `store.cases` with the current viewer, so a case above their levels is
not found and a protected person appears by pseudonym in names, titles and every text. A
correction is a POST form (permission "edit") answered by a redirect back to the case, and is
kept apart from what `khronika cases build` derives, so a rebuild never undoes it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from khronika.errors import KhronikaError
from khronika.records import CASE_STATUSES, Case
from khronika.store.cases import case_to_dict
from khronika.web.deps import current_actor, current_viewer, get_store, render, require

router = APIRouter()
_READ = {"x-permission": "read:public"}
_EDIT = {"x-permission": "edit"}
PAGE_SIZE = 50
_TEXT_FIELDS = ("title", "court", "lawyer", "detention_place", "sentence", "next_hearing")


def _status(value: str | None) -> str | None:
    if not value:
        return None
    if value not in CASE_STATUSES:
        raise HTTPException(400, f"status {value!r} is unknown; use one of {', '.join(CASE_STATUSES)}")
    return value


def _case_or_404(request: Request, case_id: int) -> Case:
    case = get_store(request).cases.get_case(case_id, viewer=current_viewer(request))
    if case is None:
        raise HTTPException(404, f"case {case_id} does not exist or is not shown to you; see /cases")
    return case


@router.get("/cases", include_in_schema=False, openapi_extra=_READ)
def list_cases(request: Request, status: str | None = None, page: int = 1) -> Response:
    """List the cases the viewer may see, latest step first, optionally of one status, a page at a time."""
    chosen = _status(status)
    cases, viewer, page = get_store(request).cases, current_viewer(request), max(page, 1)
    total, shown = cases.list_page(viewer=viewer, status=chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:  # a page past the end (the list shrank since the link was made): show the last
        page = pages
        _, shown = cases.list_page(viewer=viewer, status=chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)

    def page_url(n: int) -> str:
        return "/cases?" + urlencode({"status": chosen or "", "page": n} if chosen else {"page": n})

    context: dict[str, Any] = {"total": total, "page": page, "pages": pages, "page_url": page_url}
    return render(request, "cases.html", cases=shown, status=chosen, statuses=CASE_STATUSES, **context)


@router.get("/cases/detained", include_in_schema=False, openapi_extra=_READ)
def detained_now(request: Request) -> Response:
    """List the people held now, each once, longest held first."""
    people = get_store(request).cases.detained_now(viewer=current_viewer(request))
    return render(request, "cases_detained.html", people=people)


@router.get("/cases/hearings", include_in_schema=False, openapi_extra=_READ)
def upcoming_hearings(request: Request) -> Response:
    """List the hearings to come, soonest first."""
    hearings = get_store(request).cases.upcoming_hearings(viewer=current_viewer(request))
    return render(request, "cases_hearings.html", hearings=hearings)


@router.get("/cases/{case_id}", include_in_schema=False, openapi_extra=_READ)
def show_case(request: Request, case_id: int) -> Response:
    """Show one case: its fields, its timeline of events and, for editors, the correction form."""
    return _case_page(request, _case_or_404(request, case_id))


def _case_page(request: Request, case: Case, *, error: str | None = None) -> Response:
    return render(
        request,
        "cases_show.html",
        status_code=400 if error else 200,
        case=case,
        statuses=CASE_STATUSES,
        can_edit=current_viewer(request).can("edit"),
        error=error,
    )


@router.post("/cases/{case_id}/edit", include_in_schema=False, openapi_extra=_EDIT)
async def correct_case(request: Request, case_id: int) -> Response:
    """Correct fields of a case (a changed value is kept as a correction; `clear` undoes one)."""
    require(request, "edit")
    case = _case_or_404(request, case_id)
    form = await request.form()
    changes = _changes(case, {k: str(v) for k, v in form.items() if isinstance(v, str)})
    if changes:
        try:
            get_store(request).cases.correct(case_id, changes, actor=current_actor(request))
        except KhronikaError as err:
            return _case_page(request, case, error=str(err))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def _changes(case: Case, form: dict[str, str]) -> dict[str, Any]:
    """Return the fields the form changes from what the case shows, and the corrections it clears."""
    cleared = form.get("clear", "")
    if cleared:
        return {cleared: None}  # the store refuses, naming it, a field that cannot be corrected
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        if name in form and form[name].strip() != (getattr(case, name) or ""):
            changes[name] = form[name].strip()
    if form.get("status") and form["status"] != case.status:
        changes["status"] = form["status"]
    if "charges" in form:
        charges = [line.strip() for line in form["charges"].splitlines() if line.strip()]
        if charges != case.charges:
            changes["charges"] = charges
    return changes


@router.get("/api/cases", openapi_extra=_READ)
def api_cases(request: Request, status: str | None = None) -> JSONResponse:
    """Return the cases the viewer may see as JSON, latest step first; ?status= narrows them."""
    found = get_store(request).cases.list_cases(viewer=current_viewer(request), status=_status(status))
    return JSONResponse([case_to_dict(c) for c in found])


@router.get("/api/cases/detained", openapi_extra=_READ)
def api_detained(request: Request) -> JSONResponse:
    """Return the people held now as JSON, each once."""
    people = get_store(request).cases.detained_now(viewer=current_viewer(request))
    return JSONResponse({"count": len(people), "people": [asdict(p) for p in people]})


@router.get("/api/cases/{case_id}", openapi_extra=_READ)
def api_case(request: Request, case_id: int) -> JSONResponse:
    """Return one case with its timeline of events as JSON."""
    return JSONResponse(case_to_dict(_case_or_404(request, case_id), timeline=True))
