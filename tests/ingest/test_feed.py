"""RSS and Atom feeds: one document per entry, stable keys, and an entry error for a bad entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.feed import read_feed
from khronika.ingest.registry import Source
from khronika.records import Document

DATA = Path(__file__).parent / "data" / "feeds"
RSS_URI = "https://example.org/feed.rss"


def test_rss_entries_and_a_bad_entry() -> None:
    out = list(read_feed(Source(RSS_URI, (DATA / "chronicle.rss").read_bytes())))
    assert [type(item).__name__ for item in out] == ["Document", "SourceError", "Document"]
    strike, empty, court = out
    assert isinstance(strike, Document) and isinstance(court, Document)
    assert strike.text == "Рабочие нефтесервисной компании вышли на площадь.\nПолиция задержала двоих."
    assert strike.title == "Забастовка & пикет в Жанаозене"
    # 01:30 in UTC+5 on 15 March is still 15 March, though it is 14 March in UTC.
    assert strike.published == "2024-03-15"
    assert strike.uri == "https://example.org/news/1"
    assert strike.source_key == "feed:https://example.org/feed.rss#urn:example:news:1"
    assert strike.meta == {
        "feed_title": "Вымышленная хроника протестов",
        "author": "Айгуль Сериккызы",
        "link": "https://example.org/news/1",
    }
    assert (strike.source_kind, strike.media_type) == ("feed", "application/json")
    assert json.loads(strike.original or b"")["id"] == "urn:example:news:1"
    assert str(empty) == (
        "https://example.org/feed.rss: entry 2 (urn:example:news:2) has no text in its content or summary; "
        "the feed gives headlines only"
    )
    assert (court.text, court.published) == ("Суд арестовал активиста на 10 суток.", "2024-03-17")
    # No guid: the link is the entry's identity.
    assert court.source_key == "feed:https://example.org/feed.rss#https://example.org/news/3"


def test_original_is_canonical_json() -> None:
    first = next(read_feed(Source(RSS_URI, (DATA / "chronicle.rss").read_bytes())))
    again = next(read_feed(Source(RSS_URI, (DATA / "chronicle.rss").read_bytes().replace(b"\n   ", b"\n"))))
    assert isinstance(first, Document) and isinstance(again, Document)
    assert first.sha256 == again.sha256
    assert b"_parsed" not in (first.original or b"")


def test_atom_entry_prefers_content_over_summary() -> None:
    (document,) = list(read_feed(Source("saved/union.atom", (DATA / "chronicle.atom").read_bytes())))
    assert isinstance(document, Document)
    assert document.text == "Шахтерлер ереуілі үшінші күнге созылды.\nТалап: жалақы\nТалап: қауіпсіздік"
    assert (document.title, document.published) == ("Ереуіл жалғасуда", "2024-04-01")
    assert document.source_key == "feed:saved/union.atom#urn:example:union:post:7"
    assert document.meta == {
        "feed_title": "Вымышленный профсоюз",
        "author": "Ерлан",
        "link": "https://union.example.org/posts/7",
    }


def test_entry_without_id_or_link() -> None:
    rss = b'<rss version="2.0"><channel><title>T</title><item><description>Text</description></item></channel></rss>'
    (error,) = list(read_feed(Source("f.xml", rss)))
    assert str(error) == "f.xml: entry 1 has neither an id (guid) nor a link, so it cannot be told apart"


def test_empty_feed_has_no_documents() -> None:
    assert list(read_feed(Source("f.xml", b'<rss version="2.0"><channel><title>T</title></channel></rss>'))) == []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"just some words", "no <rss>, <feed> or <rdf:RDF> root"),
        (b'<rss version="2.0">\n<channel>\n<title>x</tit', "broken XML: unclosed token"),
    ],
)
def test_not_a_feed(data: bytes, problem: str) -> None:
    with pytest.raises(SourceError) as caught:
        list(read_feed(Source("https://example.org/feed", data)))
    assert str(caught.value) == (
        f"https://example.org/feed: not a readable RSS or Atom feed ({problem}); check the feed address"
    )


def test_headline_with_a_link_points_to_the_page() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Only a headline</title>'
        b"<link>https://example.org/news/9</link></item></channel></rss>"
    )
    (error,) = list(read_feed(Source("f.xml", rss)))
    assert str(error) == (
        "f.xml: entry 1 (https://example.org/news/9) has no text in its content or summary; "
        "ingest https://example.org/news/9 as a page instead"
    )
