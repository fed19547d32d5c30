"""The interface catalogue, the choice of language, and dates and numbers in each language."""

from __future__ import annotations

import pytest

from khronika.records import EVENT_TYPES
from khronika.web.i18n import CATALOGUES, choose_language, format_event_date, format_number, translate


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("ru", "kk", "en", "ru"),
        (None, "kk", "ru", "kk"),
        ("fr", None, "ru-RU,ru;q=0.9", "ru"),
        (None, "xx", "de;q=1.0, kk;q=0.4", "kk"),
        (None, None, "ru;q=0.2, en;q=0.8", "en"),
        (None, None, "ru;q=bogus, kk", "kk"),
        (None, None, None, "en"),
    ],
)
def test_the_language_comes_from_query_cookie_header_then_english(
    query: str | None, cookie: str | None, accept: str | None, expected: str
) -> None:
    assert choose_language(query=query, cookie=cookie, accept=accept) == expected


@pytest.mark.parametrize(
    ("lang", "message", "values", "expected"),
    [
        ("ru", "Chronicle", {}, "Хроника"),
        ("kk", "Chronicle", {}, "Шежіре"),
        ("kk", "Correct the event", {}, "Correct the event"),  # untranslated: English
        ("ru", "Page {page} of {pages}", {"page": 2, "pages": 5}, "Страница 2 из 5"),
        ("en", "{count} events", {"count": "1,200"}, "1,200 events"),
    ],
)
def test_translate_falls_back_to_english(lang: str, message: str, values: dict[str, object], expected: str) -> None:
    assert translate(lang, message, **values) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2011-12-16", "en", "December 16, 2011"),
        ("2011-12-16", "ru", "16 декабря 2011\u202fг."),
        ("2011-12-16", "kk", "2011\u202fж. 16 желтоқсан"),
        ("2011-12", "en", "December 2011"),
        ("2011", "ru", "2011"),
        ("2011-13-40", "en", "2011-13-40"),
        (None, "en", ""),
    ],
)
def test_dates_are_written_for_the_language(value: str | None, lang: str, expected: str) -> None:
    assert format_event_date(value, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "12,345"), ("ru", "12\xa0345"), ("kk", "12\xa0345")])
def test_numbers_are_grouped_for_the_language(lang: str, expected: str) -> None:
    assert format_number(12345, lang) == expected


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_event_type_is_translated(lang: str) -> None:
    assert [t for t in EVENT_TYPES if t not in CATALOGUES[lang]] == []
