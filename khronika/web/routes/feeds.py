"""Atom feeds `/feeds/events.atom?type=&region=` and the page `/feeds` that lists them.

A feed is public by nature (a reader polls it without signing in), so it is built as the
anonymous visitor whoever asks: confirmed public events only (khronika.publish.feeds).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from khronika.publish.alerts import known_regions
from khronika.publish.feeds import FEED_PATH, events_feed, feed_query, feed_title
from khronika.records import EVENT_TYPES
from khronika.web.deps import current_language, get_store, render

router = APIRouter()
ATOM_TYPE = "application/atom+xml; charset=utf-8"
_READ = {"x-permission": "read:public"}


@router.get("/feeds", include_in_schema=False, openapi_extra=_READ)
def list_feeds(request: Request) -> Response:
    """Show the feeds: every confirmed public event, by type, by region."""
    lang = current_language(request)

    def feed(types: tuple[str, ...] = (), region: str | None = None) -> dict[str, str]:
        query = feed_query(types=types, region=region)
        return {"title": feed_title(types=types, region=region, lang=lang), "url": f"{FEED_PATH}?{query}".rstrip("?")}

    return render(
        request,
        "feeds.html",
        all_events=feed(),
        by_type=[feed(types=(t,)) for t in EVENT_TYPES],
        by_region=[feed(region=r) for r in known_regions()],
    )


@router.get(FEED_PATH, include_in_schema=False, openapi_extra=_READ)
def read_feed(request: Request) -> Response:
    """Return the Atom feed of confirmed public events; ?type= (repeatable) and ?region= narrow it."""
    types = tuple(dict.fromkeys(t for t in request.query_params.getlist("type") if t in EVENT_TYPES))
    # PostgreSQL refuses a NUL in any string (a 500 before this; tests/security/test_injection.py).
    region = (request.query_params.get("region") or "").replace("\x00", "").strip() or None
    base = str(request.base_url).rstrip("/")
    xml = events_feed(get_store(request), base_url=base, types=types, region=region, lang=current_language(request))
    return Response(xml, media_type=ATOM_TYPE)
