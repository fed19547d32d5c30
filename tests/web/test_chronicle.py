"""The chronicle page: language, labelled fields, filters that select and live in links."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from khronika.store import Store
from tests.factories import make_document, make_event


def _ids_on_page(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article class="event[^"]*" aria-labelledby="event-(\d+)-title"', html)]


@pytest.mark.parametrize(
    ("query", "lang", "title"), [("", "en", "Chronicle"), ("?lang=ru", "ru", "Хроника"), ("?lang=kk", "kk", "Шежіре")]
)
def test_the_chronicle_renders_in_the_asked_language(client: TestClient, query: str, lang: str, title: str) -> None:
    response = client.get("/" + query)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{title}</h1>" in response.text
    assert '<a class="skip-link" href="#main">' in response.text


def test_events_are_newest_first(client: TestClient, store: Store) -> None:
    doc_id, _ = store.add_document(make_document())
    ids = store.add_events(
        doc_id, [make_event(date="2011-12-16"), make_event(date="2012-01-05"), make_event(date=None)]
    )
    assert _ids_on_page(client.get("/").text) == [ids[1], ids[0], ids[2]]
