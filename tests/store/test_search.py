"""Full-text search answers the same on SQLite and PostgreSQL, in Russian and Kazakh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from khronika.errors import StoreError
from khronika.store import SearchHit, Store, open_store
from tests.conftest import BACKENDS, NewDatabase
from tests.factories import make_document, make_event

# Fictional reports, written for these tests.
RUSSIAN = "Сотрудники комбината «Северный луч» в Жанаозене вышли на забастовку из-за задержки зарплаты."
KAZAKH = "Қарағанды облысындағы шахтёрлер ереуілге шықты. Жаңаөзен мұнайшылары оларды қолдады."
ENGLISH = "Teachers of a fictional school in Seversk held a one-day strike over unpaid wages."


def _add_reports(store: Store) -> dict[str, int]:
    texts = {"ru": RUSSIAN, "kk": KAZAKH, "en": ENGLISH}
    return {
        lang: store.add_document(make_document(text, language=lang, title=f"Отчёт {lang}"))[0]
        for lang, text in texts.items()
    }


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """Store the three reports in the test's own store and return their ids by language."""
    return _add_reports(store)


@pytest.fixture(scope="module", params=BACKENDS)
def reports(
    request: pytest.FixtureRequest, new_database: NewDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Return one store per backend holding the three reports, shared by the tests that only search."""
    with new_database(request.param, tmp_path_factory.mktemp("search")) as url, open_store(url) as shared:
        _add_reports(shared)
        yield shared


def _found(store: Store, query: str) -> list[str]:
    """Return the languages of the documents a query finds, in id order."""
    langs = {d.id: d.language for d in store.list_documents()}
    return [str(langs[h.id]) for h in sorted(store.search(query, kinds=("document",)), key=lambda h: h.id)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("забастовку", ["ru"]),
        ("ЗАБАСТОВКУ", ["ru"]),
        ("Забастовк", ["ru"]),  # prefix of an inflected form
        ("Жанаозен", ["ru", "kk"]),  # finds "Жанаозене" by prefix and "Жаңаөзен" by folding
        ("зарплаты забастовку", ["ru"]),
        ("зарплаты ереуілге", []),  # every term must match in one document
        ("митинг", []),
    ],
)
def test_russian_words_by_prefix_and_case(reports: Store, query: str, expected: list[str]) -> None:
    assert _found(reports, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ереуілге", ["kk"]),
        ("ереуилге", ["kk"]),  # typed without Kazakh letters
        ("ЕРЕУІЛ", ["kk"]),
        ("Қарағанды", ["kk"]),
        ("караганды", ["kk"]),
        ("мұнайшылары", ["kk"]),
        ("мунайшылары", ["kk"]),
        ("шахтерлер", ["kk"]),  # ё typed as е
        ("әділет", []),
    ],
)
def test_kazakh_words_with_or_without_kazakh_letters(reports: Store, query: str, expected: list[str]) -> None:
    assert _found(reports, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"вышли на забастовку"', ["ru"]),
        ('"на забастовку вышли"', []),  # same words, wrong order
        ('"вышли на забаст"', []),  # phrases match whole words
        ('"one-day strike" Seversk', ["en"]),
        ('"Жаңаөзен мұнайшылары"', ["kk"]),
        ('"жанаозен мунайшылары"', ["kk"]),
    ],
)
def test_phrases(reports: Store, query: str, expected: list[str]) -> None:
    assert _found(reports, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('" OR 1=1 --', []),
        ("*", []),
        ("NEAR(", []),
        ("NEAR(забастовку зарплаты)", []),  # "near" is a word like any other, and no document has it
        ("'); DROP TABLE documents; --", []),
        ("забастовку OR митинг", []),  # OR is a word too, not an operator
        ("забастовк*", ["ru"]),
        ("-забастовку", ["ru"]),
        ("^забастовку", ["ru"]),
        ("text:забастовку", []),
        ('"unbalanced забастовку', []),
        ("забастовку & !зарплаты | ереуілге:*", []),
        ("strike\x00wages", ["en"]),
        ("", []),
        ("   ", []),
    ],
)
def test_query_syntax_is_never_interpreted(reports: Store, query: str, expected: list[str]) -> None:
    assert _found(reports, query) == expected
    assert reports.count_documents() == 3
    assert _found(reports, "забастовку") == ["ru"]


def test_document_hit_has_title_and_snippet(store: Store, ids: dict[str, int]) -> None:
    [hit] = store.search("ереуилге")
    assert (hit.kind, hit.id, hit.title) == ("document", ids["kk"], "Отчёт kk")
    assert hit.snippet == KAZAKH
    assert hit.rank > 0


def test_events_are_found_by_type_actor_place_and_evidence(store: Store, ids: dict[str, int]) -> None:
    [event_id] = store.add_events(ids["ru"], [make_event()])
    expected = SearchHit("event", event_id, "strike 2024-03-04 Seversk", "Рабочие вымышленного завода «Полярная", 0.0)
    for query in ("strike", "Polar Star", "рабочие завода", "Mangystau", "вымышленного"):
        hits = [h for h in store.search(query) if h.kind == "event"]
        assert [(h.kind, h.id, h.title, h.snippet) for h in hits] == [
            (expected.kind, expected.id, expected.title, expected.snippet)
        ], query


def test_kinds_and_limit(store: Store, ids: dict[str, int]) -> None:
    store.add_events(ids["en"], [make_event()])
    assert {h.kind for h in store.search("strike")} == {"document", "event"}
    assert [h.kind for h in store.search("strike", kinds=("event",))] == ["event"]
    assert len(store.search("strike", limit=1)) == 1
    assert store.search("strike", limit=0) == []
    with pytest.raises(StoreError, match=r"search kinds \['case'\] unknown; use document, event"):
        store.search("strike", kinds=("case",))


def test_replaced_events_leave_the_index(store: Store, ids: dict[str, int]) -> None:
    store.add_events(ids["ru"], [make_event(type="protest")])
    store.replace_proposed_events(ids["ru"], [make_event(type="strike")])
    assert [h.title for h in store.search("protest", kinds=("event",))] == []
    assert [h.title for h in store.search("strike", kinds=("event",))] == ["strike 2024-03-04 Seversk"]


def _unique_words(count: int) -> str:
    """Return `count` different made-up Cyrillic words, the worst case for an index's size."""
    letters = "бвгдклмнпрстфх"
    words = []
    for n in range(count):
        digits = []
        while True:
            n, rest = divmod(n, len(letters))
            digits.append(letters[rest])
            if n == 0:
                break
        words.append("а".join(digits) + "ов")
    return " ".join(words)


def test_a_very_long_document_is_stored_and_found(store: Store) -> None:
    # Regression: PostgreSQL refuses a tsvector over 1 MB ("string is too long for tsvector").
    body = _unique_words(150_000)
    assert len(body) > 1_000_000
    doc_id, created = store.add_document(make_document("Вымышленный доклад. " + body, title="Длинный доклад"))
    assert created is True
    assert [(h.kind, h.id) for h in store.search("доклад")] == [("document", doc_id)]
    # PostgreSQL keeps this text in several parts: a query must still see the whole document.
    first_word, last_word = body.split(" ", 1)[0], body.rsplit(" ", 1)[1]
    for query in (f'"{last_word}"', f"доклад {last_word}", f'"доклад {first_word}" {last_word}'):
        assert [(h.kind, h.id) for h in store.search(query)] == [("document", doc_id)], query
