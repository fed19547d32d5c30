"""Search `/search?q=`: documents and events whose words match, best first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from khronika.web.deps import current_viewer, get_store, render, sees_everything

router = APIRouter()
SEARCH_LIMIT = 50


@router.get("/search", include_in_schema=False)
def read_search(request: Request) -> Response:
    """Show documents and events that match the words of q."""
    q = (request.query_params.get("q") or "").strip()
    viewer = current_viewer(request)
    hits = (
        get_store(request).search(q, limit=SEARCH_LIMIT, viewer=None if sees_everything(viewer) else viewer)
        if q
        else []
    )
    documents = [h for h in hits if h.kind == "document"]
    events = [h for h in hits if h.kind == "event"]
    return render(request, "search.html", q=q, documents=documents, events=events, searched=bool(q))
