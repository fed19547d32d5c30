"""The chronicle page: newest first, filters that select the right events and live in its links."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from starlette.testclient import TestClient

from khronika.store import Store
from tests.factories import make_document, make_event
from tests.web.corpus import Corpus, Site


@pytest.fixture
def client(site: Site) -> TestClient:
    """This module only reads: share one seeded store per backend."""
    return site.reading_client()


@pytest.fixture
def corpus(site: Site) -> Corpus:
    """The ids of the shared store's corpus."""
    return site.corpus


def ids_on_page(html: str) -> list[int]:
    """Return the event numbers listed on a chronicle page, in order."""
    return [int(i) for i in re.findall(r'<article class="event[^"]*" aria-labelledby="event-(\d+)-title"', html)]


@pytest.mark.parametrize(
    ("query", "lang", "title"),
    [("", "en", "Chronicle"), ("?lang=ru", "ru", "Хроника"), ("?lang=kk", "kk", "Шежіре")],
)
def test_the_chronicle_renders_in_the_asked_language(client: TestClient, query: str, lang: str, title: str) -> None:
    response = client.get("/" + query)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{title}</h1>" in response.text


def test_events_are_newest_first_and_undated_last(client: TestClient, corpus: Corpus) -> None:
    e = corpus.events
    expected = [e["en_trial"], e["ru_detention"], e["ru_strike"], e["kk_strike"], e["undated"]]
    assert ids_on_page(client.get("/").text) == expected


def test_the_same_date_lists_the_newer_event_first(fresh_client: TestClient, store: Store) -> None:
    doc_id, _ = store.add_document(make_document())
    first, second = store.add_events(doc_id, [make_event(date="2011-12-16"), make_event(date="2011-12-16")])
    assert ids_on_page(fresh_client.get("/").text) == [second, first]


FILTERS = [
    ("type=strike", ["ru_strike", "kk_strike"]),
    ("type=strike&type=trial", ["en_trial", "ru_strike", "kk_strike"]),
    ("date_from=2011-12", ["en_trial", "ru_detention", "ru_strike"]),
    ("date_to=2011-12", ["ru_detention", "ru_strike", "kk_strike"]),
    ("date_from=2011-12-17&date_to=2011-12-17", ["ru_detention"]),
    ("date_to=2011", ["ru_detention", "ru_strike", "kk_strike"]),
    ("region=Mangystau+Region", ["en_trial", "ru_detention", "ru_strike", "kk_strike"]),
    ("region=Almaty", ["undated"]),
    ("place=Aktau", ["en_trial"]),
    ("actor=Arman+Fictive", ["en_trial"]),
    ("actor=Арман+Фиктивный", ["en_trial"]),
    ("actor=арман++фиктивныи", ["en_trial"]),
    ("actor=Arman", []),
    ("actor=Oil+workers+of+Seversk&type=strike&review=confirmed", ["kk_strike"]),
    ("source_kind=html", ["kk_strike"]),
    ("review=confirmed", ["kk_strike"]),
    ("review=rejected", ["en_trial"]),
    ("language=en", ["en_trial", "undated"]),
    ("q=проходной", ["ru_detention", "ru_strike"]),
    ("q=двенадцать", ["ru_detention", "ru_strike"]),
    ("q=Fictive", ["en_trial", "undated"]),
    ("q=ереуил", ["kk_strike"]),
    ("type=strike&language=ru", ["ru_strike"]),
    ("type=nonsense", ["en_trial", "ru_detention", "ru_strike", "kk_strike", "undated"]),
    ("date_from=last+week", ["en_trial", "ru_detention", "ru_strike", "kk_strike", "undated"]),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_filters_select_the_right_events(client: TestClient, corpus: Corpus, query: str, expected: list[str]) -> None:
    assert ids_on_page(client.get(f"/?{query}").text) == [corpus.events[name] for name in expected]


def test_filters_are_shown_and_each_can_be_removed(client: TestClient, corpus: Corpus) -> None:
    page = client.get("/?type=strike&type=trial&region=Mangystau+Region&view=timeline").text
    removes = [html_lib.unescape(u) for u in re.findall(r'<a href="([^"]+)" aria-label="Remove filter', page)]
    assert removes == [
        "/?type=trial&region=Mangystau+Region&view=timeline",
        "/?type=strike&region=Mangystau+Region&view=timeline",
        "/?type=strike&type=trial&view=timeline",
    ]
    without_trial = client.get(removes[1]).text
    assert ids_on_page(without_trial) == [corpus.events["ru_strike"], corpus.events["kk_strike"]]


def test_pages_and_downloads_keep_the_filters(fresh_client: TestClient, store: Store) -> None:
    doc_id, _ = store.add_document(make_document())
    ids = store.add_events(doc_id, [make_event(date=f"2012-01-{day:02d}") for day in range(1, 8)])
    page = fresh_client.get("/?type=strike&per_page=3").text
    assert ids_on_page(page) == [ids[6], ids[5], ids[4]]
    links = [html_lib.unescape(u) for u in re.findall(r'href="(/[^"]*)"', page)]
    assert "/?type=strike&per_page=3&page=2" in links
    assert "/events.csv?type=strike" in links
    assert "/events.json?type=strike" in links
    assert "/?type=strike&per_page=3&view=timeline" in links
    last = fresh_client.get("/?type=strike&per_page=3&page=3").text
    assert ids_on_page(last) == [ids[0]]
    assert "Page 3 of 3" in last


def test_the_timeline_groups_events_by_month(client: TestClient, corpus: Corpus) -> None:
    page = client.get("/?view=timeline&lang=ru").text
    months = re.findall(r'<h3 class="month-title">([^<]+)</h3>', page)
    # babel puts a narrow no-break space before "г."
    assert months == ["март 2012\u202fг.", "декабрь 2011\u202fг.", "май 2011\u202fг.", "дата неизвестна"]
