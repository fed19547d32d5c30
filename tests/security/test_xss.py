"""Cross-site scripting: payloads in every text field a document, an extractor, a reviewer or an
account can set, and in every search and filter parameter a page reflects. Every page (GET routes
read from the app, and the links on them) is fetched as an admin, who sees every field: each
payload shows only escaped, no attribute or `javascript:` link is injected, templates are never
evaluated, and JSON answers say application/json.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from markupsafe import escape

from khronika.records import Actor, Event, Evidence, Place
from khronika.store import Store, open_store
from khronika.web.auth import SESSION_COOKIE, start_session
from tests.conftest import BACKENDS, NewDatabase
from tests.factories import make_document
from tests.security.crawl import FILTER_PARAMS, TestClient, app_routes, fill_paths, links_in, secure_app

SCRIPT = '<script>alert("xss-script")</script>'
ATTRIBUTE = '"><img src=x onerror=alert("xss-attr")>'
QUOTE = "' onmouseover='alert(1)' x='"
SVG = "<svg onload=alert('xss-svg')>"
JS_URL = "javascript:alert('xss-url')"
TEMPLATE = "{{ 7*191 }}{% raw %}${7*191}"
PAYLOADS = (SCRIPT, ATTRIBUTE, QUOTE, SVG, JS_URL, TEMPLATE)
EVALUATED = "1337"  # 7*191: in a page only if a template ran the payload
ALL_IN_ONE = " ".join(PAYLOADS)
# What must never appear in HTML as it was sent: each would run in the reader's browser.
# (A quote needs no escaping in text or in an attribute quoted the other way: the parser below
# finds an attribute the QUOTE payload would add.)
RAW = ("<script>alert", "<img src=x onerror", "<svg onload")


@dataclass
class Site:
    """An admin's client over a store holding the payloads, with the ids to put in paths."""

    client: TestClient
    ids: dict[str, list[int]]


def plant(store: Store) -> dict[str, list[int]]:
    """Store a document and events whose every text field carries the payloads; return ids by parameter."""
    text = f"Report {ALL_IN_ONE} ends here."
    doc = make_document(
        text,
        title=ALL_IN_ONE,
        uri=JS_URL,
        source_key=f"key {SCRIPT}",
        meta={"author": ALL_IN_ONE, SCRIPT: ATTRIBUTE},
        language="ru",
    )
    doc_id, _ = store.add_document(doc)
    store.people.set_level("document", doc_id, "public")
    place = Place(name=f"Place {ATTRIBUTE}", admin1=f"Region {SCRIPT}", country="KZ", lat=43.0, lon=51.0)
    actors = [
        Actor(name=f"Person {SCRIPT}", kind="person", role="target", variants=[SVG]),
        Actor(name=f"Group {ATTRIBUTE}", kind="group", role="participant"),
        Actor(name=f"Org {QUOTE}", kind="organisation", role="perpetrator"),
    ]
    start = text.index(SCRIPT)
    event = Event(
        type="protest",
        date="2024-05-01",
        place=place,
        size=12,
        actors=actors,
        details={"demands": [SCRIPT, ATTRIBUTE], "note": ALL_IN_ONE, SVG: TEMPLATE},
        evidence=[Evidence(start=start, end=start + len(SCRIPT), text=SCRIPT)],
        extractor=f"extractor {SVG}",
    )
    (event_id,) = store.add_events(doc_id, [event])
    (other_id,) = store.add_events(doc_id, [Event(type="strike", place=place, details={"note": TEMPLATE})])
    store.update_event(event_id, {"place": f"Corrected {ATTRIBUTE}"}, actor="admin-xss")
    return {"event_id": [event_id, other_id], "document_id": [doc_id], "actor_id": [1, 2, 3], "place_id": [1, 2]}


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Plant the payloads and sign in as an admin whose own name is a payload."""
    with new_database(request.param, tmp_path_factory.mktemp("xss")) as url:
        store = open_store(url)
        try:
            ids = plant(store)
            name = f"admin{SCRIPT}"
            store.people.add_user(name, "admin", "not a password hash", now=datetime(2026, 1, 1, tzinfo=UTC), by="test")
            with TestClient(secure_app(store), follow_redirects=False, raise_server_exceptions=False) as client:
                client.cookies.set(SESSION_COOKIE, start_session(store, name))
                yield Site(client, ids)
        finally:
            store.close()


class _Tags(HTMLParser):
    """Collect what a browser would run: event-handler attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> injected")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")


def problems_in(body: str, content_type: str) -> list[str]:
    """Return what in a response would run a payload in a browser (nothing for a safe one)."""
    found = []
    if "html" in content_type or "xml" in content_type or "svg" in content_type:
        found += [f"unescaped {raw!r}" for raw in RAW if raw in body]
        parser = _Tags()
        parser.feed(body)
        found += parser.found
    if EVALUATED in body:
        found.append("template evaluated")
    return found


def pages(site: Site) -> Iterator[tuple[str, object]]:
    """Yield (url, response) for every GET route with the payloads in paths and parameters, then their links."""
    app = secure_app(None)  # type: ignore[arg-type]  # routes only
    seen: dict[str, object] = {}

    def get(url: str) -> object:
        if url not in seen:
            seen[url] = site.client.get(url)
        return seen[url]

    for route in (r for r in app_routes(app) if r.method == "GET"):
        for path in fill_paths(route, site.ids, default=[1, 2]):
            get(path)
            for payload in PAYLOADS:
                get(f"{path}?{urlencode(dict.fromkeys((*FILTER_PARAMS, *route.query_params), payload))}")
                get(f"{path}?{urlencode({'q': payload})}")
    for response in list(seen.values()):
        for link in links_in(response.text):  # type: ignore[attr-defined]
            get(link)
    yield from seen.items()


def test_every_page_shows_the_payloads_only_escaped(site: Site) -> None:
    failures: dict[str, list[str]] = {}
    shown = 0
    for url, response in pages(site):
        body = response.text  # type: ignore[attr-defined]
        content_type = response.headers.get("content-type", "")  # type: ignore[attr-defined]
        assert response.status_code < 500, f"{url}: {body[:300]}"  # type: ignore[attr-defined]
        found = problems_in(body, content_type)
        if found:
            failures[url] = found
        shown += "&lt;script&gt;alert" in body or "&#34;&gt;&lt;img" in body or "&#x27; onmouseover" in body
    assert failures == {}
    assert shown > 10  # the other half: the payloads do reach the pages, escaped


@pytest.mark.parametrize(
    "path",
    ["/api/events", "/api/documents", "/api/search?q=script", "/api/stats", "/api/map", "/api/openapi.json"],
)
def test_json_answers_say_application_json(site: Site, path: str) -> None:
    response = site.client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_json_keeps_the_payload_as_data(site: Site) -> None:
    event_id = site.ids["event_id"][0]
    found = site.client.get(f"/api/events/{event_id}").json()
    assert found["details"]["demands"] == [SCRIPT, ATTRIBUTE]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_page_never_evaluates_or_runs_what_the_checks_look_for(payload: str) -> None:
    # The checks themselves: each payload, sent back raw, is caught; escaped, it is not.
    raw_page = f"<html><body><p>{payload}</p><a href='{payload}'>x</a>{EVALUATED if payload == TEMPLATE else ''}</body>"
    assert problems_in(raw_page, "text/html") != []
    assert problems_in(f"<p>{escape(payload)}</p><a href='/x?q={escape(payload)}'>x</a>", "text/html") == []
