"""The chronicle and search pages keep what they read per connection: never stale, never another viewer's."""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.store import Store, queries
from khronika.store.queries import EventFilter
from tests.web.corpus import Corpus

VIEWER = viewer_for("vera", "viewer")
ANONYMOUS = None


def result_links(html: str) -> list[str]:
    """Return the result links of a search page, in order."""
    return re.findall(r'<li><a href="(/(?:events|documents)/\d+)">', html)


def listed_types(html: str) -> dict[int, str]:
    """Return event id -> type as the chronicle page lists them."""
    found = re.findall(r'<a href="/events/(\d+)"><span class="type type-(\w+)">', html)
    return {int(event_id): kind for event_id, kind in found}


def test_events_read_twice_are_copies_that_one_reader_cannot_change_for_the_next(store: Store, corpus: Corpus) -> None:
    with store.reader() as conn:
        first = queries.select_events(conn, EventFilter(), limit=50)
        for event in first:
            event.details["seen_by"] = "vera"
            for actor in event.actors:
                actor.name = "changed"
                actor.variants.append("changed")
            for quote in event.evidence:
                quote.text = "changed"
        again = queries.select_events(conn, EventFilter(), limit=50)
        fresh = queries.load_events_by_id(conn, [e.id for e in first if e.id is not None])
    assert again == fresh
    assert [e.id for e in again] == [
        corpus.events[name] for name in ("en_trial", "ru_detention", "ru_strike", "kk_strike", "undated")
    ]
    assert all("seen_by" not in e.details for e in again)


def test_the_chronicle_shows_an_edit_made_elsewhere_at_once(store: Store, corpus: Corpus, client: TestClient) -> None:
    strike = corpus.events["ru_strike"]
    assert listed_types(client.get("/").text)[strike] == "strike"
    store.update_event(strike, {"type": "protest"}, actor="erlan")  # another connection, as another process would
    assert listed_types(client.get("/").text)[strike] == "protest"
    assert client.get("/?type=strike").text.count(f'href="/events/{strike}"') == 0


def test_a_search_page_forgets_a_hit_as_soon_as_its_level_hides_it(
    store: Store, corpus: Corpus, client_for: Callable[[Viewer | None], TestClient]
) -> None:
    client = client_for(VIEWER)
    ru_doc, ru_strike = f"/documents/{corpus.docs['ru']}", f"/events/{corpus.events['ru_strike']}"
    assert {ru_doc, ru_strike} <= set(result_links(client.get("/search?q=забастовку").text))
    store.people.set_level("event", corpus.events["ru_strike"], "confidential")
    store.people.set_level("document", corpus.docs["ru"], "confidential")
    assert {ru_doc, ru_strike} & set(result_links(client.get("/search?q=забастовку").text)) == set()


def test_a_name_protected_after_a_search_neither_shows_nor_finds(
    store: Store, corpus: Corpus, client_for: Callable[[Viewer | None], TestClient]
) -> None:
    client = client_for(VIEWER)
    trial = f"/events/{corpus.events['en_trial']}"
    assert trial in result_links(client.get("/search?q=Fictive").text)
    assert "Arman Fictive" in client.get("/?q=Fictive").text
    store.people.protect("Arman Fictive", also=["Арман Фиктивный"])
    search, chronicle = client.get("/search?q=Fictive").text, client.get("/?q=Fictive").text
    assert (result_links(search), "Arman" in search, "Arman" in chronicle) == ([], False, False)
    assert listed_types(chronicle) == {}


def test_viewers_sharing_one_store_never_get_each_others_search_page(
    store: Store, corpus: Corpus, client: TestClient, client_for: Callable[[Viewer | None], TestClient]
) -> None:
    store.people.set_level("document", corpus.docs["ru"], "public")
    store.people.set_level("event", corpus.events["ru_strike"], "public")
    store.people.protect("Arman Fictive", also=["Арман Фиктивный"])
    kk_doc, kk_strike = f"/documents/{corpus.docs['kk']}", f"/events/{corpus.events['kk_strike']}"
    pages = {
        "owner": client.get("/search?q=ереуіл").text,  # the local owner, who sees everything, first
        "viewer": client_for(VIEWER).get("/search?q=ереуіл").text,
        "anonymous": client_for(ANONYMOUS).get("/search?q=ереуіл").text,
    }
    assert {who: sorted(result_links(html)) for who, html in pages.items()} == {
        "owner": sorted([kk_doc, kk_strike]),
        "viewer": sorted([kk_doc, kk_strike]),
        "anonymous": [],
    }
    owner_trial = client.get("/search?q=trial").text
    viewer_trial = client_for(VIEWER).get("/search?q=trial").text
    assert ("Arman Fictive" in owner_trial, "Arman" in viewer_trial) == (True, False)
