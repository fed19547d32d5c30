"""Markup in reports, titles and names is shown as text, never run as HTML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from khronika.records import Actor, Evidence, Place
from khronika.store import Store
from tests.conftest import BACKENDS, NewDatabase
from tests.factories import make_document, make_event
from tests.web.corpus import Site, shared_site

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def seed_hostile(store: Store) -> dict[str, int]:
    """Store a document, an event, an actor and a place whose every text carries markup."""
    text = f"Report {PAYLOAD} about a strike."
    start = text.index(PAYLOAD)
    doc_id, _ = store.add_document(make_document(text, title=f"Title {PAYLOAD}", uri=f"javascript:{PAYLOAD}"))
    event = make_event(
        actors=[Actor(name=f"Name {PAYLOAD}", kind="person", role="target", variants=[f"Variant {PAYLOAD}"])],
        place=Place(name=f"Place {PAYLOAD}", country="KZ", admin1=f"Region {PAYLOAD}"),
        details={"charge": PAYLOAD},
        evidence=[Evidence(start=start, end=start + len(PAYLOAD), text=PAYLOAD)],
    )
    (event_id,) = store.add_events(doc_id, [event])
    return {"doc": doc_id, "event": event_id}


@pytest.fixture(scope="module", params=BACKENDS)
def hostile_site(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """One store of hostile records per backend, shared by this module's reading tests."""
    with (
        new_database(request.param, tmp_path_factory.mktemp("xss")) as url,
        shared_site(url, seed_with=seed_hostile) as site,
    ):
        yield site


@pytest.fixture
def client(hostile_site: Site) -> TestClient:
    """The shared client (this module only reads)."""
    return hostile_site.reading_client()


@pytest.fixture
def hostile(hostile_site: Site) -> dict[str, int]:
    """The ids of the hostile records."""
    ids: dict[str, int] = hostile_site.corpus
    return ids


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?view=timeline",
        "/events/{event}",
        "/documents/{doc}",
        "/actors/1",
        "/places/1",
        "/search?q=strike",
        "/review",
        "/?q=" + PAYLOAD,
        "/?actor=" + PAYLOAD,
    ],
)
def test_markup_renders_escaped_on_every_page(client: TestClient, hostile: dict[str, int], path: str) -> None:
    page = client.get(path.format(**hostile)).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert ESCAPED in page


def test_a_javascript_uri_is_never_a_link(client: TestClient, hostile: dict[str, int]) -> None:
    page = client.get(f"/documents/{hostile['doc']}").text
    assert 'href="javascript:' not in page
