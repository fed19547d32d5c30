"""Every page renders with its language, a skip link, and a label for every form field."""

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


_FIELD_RE = re.compile(r"<(input|select|textarea)\b([^>]*)>")
_ID_RE = re.compile(r'\bid="([^"]+)"')


def unlabelled_fields(html: str) -> list[str]:
    """Return the form fields (not hidden) that have no <label for=...> naming their id."""
    labels = set(re.findall(r'<label\b[^>]*\bfor="([^"]+)"', html))
    missing = []
    for match in _FIELD_RE.finditer(html):
        attrs = match.group(2)
        if 'type="hidden"' in attrs or 'type="submit"' in attrs:
            continue
        found = _ID_RE.search(attrs)
        if found is None or found.group(1) not in labels:
            missing.append(match.group(0))
    return missing


PAGES = [
    "/",
    "/?view=timeline",
    "/events/{ru_strike}",
    "/documents/{ru}",
    "/actors/{actor}",
    "/places/{place}",
    "/search",
    "/search?q=strike",
    "/review",
    "/api/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_its_language_a_skip_link_and_labelled_fields(
    client: TestClient, corpus: Corpus, path: str
) -> None:
    url = path.format(ru_strike=corpus.events["ru_strike"], ru=corpus.docs["ru"], actor=1, place=1)
    for lang in ("en", "ru", "kk"):
        response = client.get(url, params={"lang": lang})
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.text
        assert '<a class="skip-link" href="#main">' in response.text
        assert '<main id="main"' in response.text
        assert unlabelled_fields(response.text) == [], url


def test_the_label_check_finds_a_field_without_a_label() -> None:
    html = '<label for="a">A</label><input id="a" name="a"><input id="b" name="b"><input type="hidden" name="c">'
    assert unlabelled_fields(html) == ['<input id="b" name="b">']


def test_the_chosen_language_is_remembered_in_a_cookie(client: TestClient) -> None:
    first = client.get("/?lang=ru")
    assert first.cookies.get("lang") == "ru"
    assert '<html lang="ru">' in client.get("/search").text


@pytest.mark.parametrize(
    ("header", "lang"),
    [("kk-KZ,kk;q=0.9,ru;q=0.8", "kk"), ("de-DE,ru;q=0.5", "ru"), ("de-DE", "en"), ("en-US,ru;q=0.9", "en")],
)
def test_accept_language_picks_the_interface_language(client: TestClient, header: str, lang: str) -> None:
    assert f'<html lang="{lang}">' in client.get("/", headers={"Accept-Language": header}).text


@pytest.mark.parametrize("path", ["/events/999", "/documents/999", "/actors/999", "/places/999"])
def test_a_missing_record_is_a_404_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "999 does not exist" in response.text


def test_no_page_asks_for_anything_outside_the_server(client: TestClient, corpus: Corpus) -> None:
    html = client.get("/").text + client.get(f"/events/{corpus.events['ru_strike']}").text
    loaded = re.findall(r'(?:\bsrc="|<link\b[^>]*\bhref=")((?:https?:)?//[^"]*)', html)
    assert loaded == []
