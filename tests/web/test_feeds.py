"""The feeds pages: /feeds lists them, /feeds/events.atom is built as the anonymous visitor whoever asks."""

from __future__ import annotations

from collections.abc import Callable

import feedparser
import pytest
from starlette.testclient import TestClient

from khronika.protect.roles import Viewer, viewer_for
from khronika.store import Store
from tests.web.corpus import Corpus

EDITOR = viewer_for("erlan", "editor")
HIDDEN = ("Arman", "Fictive", "Арман", "Фиктив")


@pytest.fixture
def published(store: Store, corpus: Corpus) -> Corpus:
    """Confirm and publish the Russian strike and the trial (whose lawyer is protected); the rest stays internal."""
    people = store.people
    for name in ("ru_strike", "en_trial", "ru_detention"):
        store.set_review(corpus.events[name], "confirmed")
    for name in ("ru_strike", "en_trial"):
        people.set_level("event", corpus.events[name], "public")
    people.set_level("document", corpus.docs["en"], "public")
    people.protect("Arman Fictive", also=["Арман Фиктивный"])
    return corpus


@pytest.mark.parametrize("viewer", [None, EDITOR])
def test_the_feed_is_the_same_for_everyone_and_holds_only_confirmed_public_events(
    client_for: Callable[[Viewer | None], TestClient], published: Corpus, viewer: Viewer | None
) -> None:
    response = client_for(viewer).get("/feeds/events.atom")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.text)
    assert not parsed.bozo
    ids = [published.events["en_trial"], published.events["ru_strike"]]
    assert [e.link for e in parsed.entries] == [f"http://testserver/events/{i}" for i in ids]
    for name in HIDDEN:
        assert name not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [("?type=strike", ["ru_strike"]), ("?type=trial&type=strike", ["en_trial", "ru_strike"]), ("?region=Almaty", [])],
)
def test_the_feed_takes_type_and_region_from_its_address(
    client_for: Callable[[Viewer | None], TestClient], published: Corpus, query: str, expected: list[str]
) -> None:
    parsed = feedparser.parse(client_for(None).get(f"/feeds/events.atom{query}").text)
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [str(published.events[n]) for n in expected]


def test_the_feeds_page_links_every_feed(client_for: Callable[[Viewer | None], TestClient], store: Store) -> None:
    page = client_for(None).get("/feeds")
    assert page.status_code == 200
    assert 'href="/feeds/events.atom"' in page.text
    assert 'href="/feeds/events.atom?type=detention"' in page.text
    assert 'href="/feeds/events.atom?region=Mangystau+Region"' in page.text
    assert '<a href="/feeds"' in page.text  # the navigation names the page


def test_every_page_points_feed_readers_to_the_feed(client_for: Callable[[Viewer | None], TestClient]) -> None:
    page = client_for(None).get("/?lang=ru").text
    expected = '<link rel="alternate" type="application/atom+xml" title="Подтверждённые публичные события"'
    assert f'{expected} href="/feeds/events.atom">' in page
