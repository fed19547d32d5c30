"""Search finds documents and events by Russian and Kazakh words, typed with or without Kazakh letters."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from tests.web.corpus import Corpus, Site


@pytest.fixture
def client(site: Site) -> TestClient:
    """This module only reads: share one seeded store per backend."""
    return site.reading_client()


@pytest.fixture
def corpus(site: Site) -> Corpus:
    """The ids of the shared store's corpus."""
    return site.corpus


def hrefs(html: str) -> list[str]:
    """Return the result links of a search page, in order."""
    return re.findall(r'<li><a href="(/(?:events|documents)/\d+)">', html)


@pytest.mark.parametrize(
    ("q", "doc", "event"),
    [
        ("забастовку", "ru", "ru_strike"),
        ("ереуіл", "kk", "kk_strike"),
        ("ереуил", "kk", "kk_strike"),  # typed on a Russian keyboard
        ("мұнайшылар", "kk", "kk_strike"),
    ],
)
def test_search_finds_a_russian_and_a_kazakh_word(
    client: TestClient, corpus: Corpus, q: str, doc: str, event: str
) -> None:
    page = client.get("/search", params={"q": q}).text
    assert sorted(hrefs(page)) == sorted([f"/documents/{corpus.docs[doc]}", f"/events/{corpus.events[event]}"])


def test_search_with_nothing_to_find_says_so(client: TestClient, corpus: Corpus) -> None:
    page = client.get("/search", params={"q": "землетрясение"}).text
    assert hrefs(page) == []
    assert "Nothing found." in page


def test_the_api_search_answers_with_kinds_and_ids(client: TestClient, corpus: Corpus) -> None:
    body = client.get("/api/search", params={"q": "ереуіл"}).json()
    assert body["q"] == "ереуіл"
    found = sorted((item["kind"], item["id"]) for item in body["items"])
    assert found == [("document", corpus.docs["kk"]), ("event", corpus.events["kk_strike"])]
