"""Folding and query parsing, the parts of search that need no database."""

from __future__ import annotations

import pytest

from khronika.store import fold_text
from khronika.store.search import (
    SearchQuery,
    fts5_match,
    index_text,
    make_snippet,
    parse_query,
    pg_tsquery,
    split_parts,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Жаңаөзен", "жанаозен"),
        ("ЖАҢАӨЗЕН", "жанаозен"),
        ("Қарағанды", "караганды"),
        ("ереуіл", "ереуил"),
        ("Әділет", "адилет"),
        ("ұлттық", "улттык"),
        ("үкімет", "укимет"),
        ("Һ", "х"),
        ("Ёлка", "елка"),
        ("Strike", "strike"),
        ("Straße", "strasse"),
        ("café", "cafe"),
        ("ﬁle", "file"),  # NFKC splits the ligature
        ("Qazaqstan Ūlttyq", "qazaqstan ulttyq"),
    ],
)
def test_fold_text(raw: str, folded: str) -> None:
    assert fold_text(raw) == folded


def test_index_text_keeps_only_word_tokens() -> None:
    assert index_text("Митинг в Жаңаөзен-2011!", None, "«Стоп»") == "митинг в жанаозен 2011 стоп"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Жаңаөзен забастовка", SearchQuery(words=("жанаозен", "забастовка"), phrases=())),
        ('"нефтяники вышли" Жанаозен', SearchQuery(words=("жанаозен",), phrases=(("нефтяники", "вышли"),))),
        ('" OR 1=1 --', SearchQuery(words=("or", "1"), phrases=())),
        ("*", SearchQuery(words=(), phrases=())),
        ("NEAR(", SearchQuery(words=("near",), phrases=())),
        ("'); DROP TABLE documents; --", SearchQuery(words=("drop", "table", "documents"), phrases=())),
        ('""', SearchQuery(words=(), phrases=())),
    ],
)
def test_parse_query(query: str, expected: SearchQuery) -> None:
    assert parse_query(query) == expected


def test_fts5_match_quotes_every_token() -> None:
    query = SearchQuery(words=("near", "or"), phrases=(("a", "b"),))
    assert fts5_match(query) == '"near"* AND "or"* AND "a b"'


def test_pg_tsquery_quotes_every_token() -> None:
    query = SearchQuery(words=("near", "or"), phrases=(("a", "b"),))
    assert pg_tsquery(query) == "'near':* & 'or':* & ('a' <-> 'b')"


def test_snippet_shows_the_matching_passage() -> None:
    source = "Вступление без совпадений. " * 5 + "Рабочие Жаңаөзен вышли на площадь. " + "Хвост текста. " * 20
    snippet = make_snippet(source, parse_query("жанаозен"))
    # 60 characters before the match, widened back to the start of a word; 140 after, to the end of one.
    assert snippet == (
        "…Вступление без совпадений. Вступление без совпадений. Рабочие Жаңаөзен вышли на площадь. "
        "Хвост текста. Хвост текста. Хвост текста. Хвост текста. Хвост текста. Хвост текста. Хвост текста. "
        "Хвост текста. Хвост текста.…"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", []),
        ("a b", ["a b"]),
        ("aa bb cc dd ee ff", ["aa bb cc", "cc dd ee", "ee ff"]),
        ("aaaaaaaaaaaa bb", ["aaaaaaaaaaaa", "bb"]),  # a token longer than a part is a part of its own
    ],
)
def test_split_parts_overlaps_by_tokens(body: str, expected: list[str]) -> None:
    assert split_parts(body, part_chars=9, overlap=1) == expected
