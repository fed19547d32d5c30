"""Search `/search?q=`: documents and events whose words match, best first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from khronika.protect.roles import Viewer
from khronika.store import Store
from khronika.store.queries import cached_read
from khronika.store.search import SearchHit
from khronika.web.deps import current_viewer, get_store, render, sees_everything

router = APIRouter()
SEARCH_LIMIT = 50


def search_hits(store: Store, q: str, *, viewer: Viewer) -> list[SearchHit]:
    """Return the best SEARCH_LIMIT hits for q as `viewer` may see them, kept until the data changes."""
    scope = None if sees_everything(viewer) else viewer

    def search() -> tuple[SearchHit, ...]:
        return tuple(store.search(q, limit=SEARCH_LIMIT, viewer=scope))

    # Ranking every match and cutting snippets from the best 50 was most of the page (issue 4).
    # The key holds the whole viewer, so one person's hits never answer another's; any write
    # (a level changed, a person protected) empties the cache before the next read.
    with store.reader() as conn:
        if conn.dialect.name == "sqlite":
            return list(cached_read(conn, ("search_page", q, SEARCH_LIMIT, scope), search))
    return list(search())  # PostgreSQL keeps nothing per connection: no reader held while searching


@router.get("/search", include_in_schema=False)
def read_search(request: Request) -> Response:
    """Show documents and events that match the words of q."""
    q = (request.query_params.get("q") or "").strip()
    hits = search_hits(get_store(request), q, viewer=current_viewer(request)) if q else []
    documents = [h for h in hits if h.kind == "document"]
    events = [h for h in hits if h.kind == "event"]
    return render(request, "search.html", q=q, documents=documents, events=events, searched=bool(q))
