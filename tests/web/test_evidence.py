"""Evidence is marked at its offsets: in the document's text, and in context on the event's page."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from starlette.testclient import TestClient

from khronika.records import Evidence
from khronika.store import Store
from khronika.web.highlight import Piece, Span, evidence_in_context, locate, split_marked
from tests.factories import make_document, make_event
from tests.web.corpus import RU_TEXT, Corpus, Site


@pytest.fixture
def client(site: Site) -> TestClient:
    """This module only reads: share one seeded store per backend."""
    return site.reading_client()


@pytest.fixture
def corpus(site: Site) -> Corpus:
    """The ids of the shared store's corpus."""
    return site.corpus


def marks(html: str) -> list[str]:
    """Return the text inside each <mark> of a page, tags removed and entities read."""
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<mark\b[^>]*>(.*?)</mark>", html, re.S)]


def test_the_document_page_marks_each_event_s_evidence_and_links_it(client: TestClient, corpus: Corpus) -> None:
    page = client.get(f"/documents/{corpus.docs['ru']}").text
    assert marks(page) == [
        "Рабочие вымышленного нефтяного завода вышли на забастовку",
        "полиция задержала двенадцать человек",
    ]
    start = RU_TEXT.index("полиция")
    assert f'<mark id="offset-{start}" data-events="{corpus.events["ru_detention"]}">' in page
    assert f'<a class="evidence-link" href="/events/{corpus.events["ru_detention"]}">' in page
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", page.split('class="document-text"')[1].split("</div>")[0]))
    assert text.endswith(RU_TEXT)  # the whole text, in order, nothing added or lost


def test_the_event_page_shows_the_evidence_inside_its_document(client: TestClient, corpus: Corpus) -> None:
    page = client.get(f"/events/{corpus.events['ru_detention']}").text
    assert marks(page) == ["полиция задержала двенадцать человек"]
    quote = page.split('<blockquote class="context">')[1].split("</blockquote>")[0]
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", quote)) == RU_TEXT
    assert f'href="/documents/{corpus.docs["ru"]}#offset-{RU_TEXT.index("полиция")}"' in page


def test_an_event_lists_the_other_events_of_its_document(client: TestClient, corpus: Corpus) -> None:
    page = client.get(f"/events/{corpus.events['ru_strike']}").text
    others = page.split("Other events from the same document")[1]
    assert re.findall(r'aria-labelledby="event-(\d+)-title"', others) == [str(corpus.events["ru_detention"])]


def test_evidence_whose_offsets_moved_is_found_by_its_passage(fresh_client: TestClient, store: Store) -> None:
    text = "Вступление. Рабочие вышли на забастовку."
    doc_id, _ = store.add_document(make_document(text))
    (event_id,) = store.add_events(doc_id, [make_event(evidence=[Evidence(start=0, end=8, text="вышли на")])])
    assert marks(fresh_client.get(f"/documents/{doc_id}").text) == ["вышли на"]
    assert marks(fresh_client.get(f"/events/{event_id}").text) == ["вышли на"]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [("abcdefghij", 0, ())]),
        ([Span(2, 5, (1,))], [("ab", 0, ()), ("cde", 2, (1,)), ("fghij", 5, ())]),
        (
            [Span(2, 6, (1,)), Span(4, 8, (2,))],
            [("ab", 0, ()), ("cd", 2, (1,)), ("ef", 4, (1, 2)), ("gh", 6, (2,)), ("ij", 8, ())],
        ),
        ([Span(0, 10, (3,)), Span(0, 10, (1,))], [("abcdefghij", 0, (1, 3))]),
    ],
)
def test_split_marked_cuts_at_every_boundary(
    spans: list[Span], expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    assert split_marked("abcdefghij", spans) == [Piece(*item) for item in expected]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (Evidence(start=3, end=6, text="def"), (3, 6)),
        (Evidence(start=0, end=3, text="def"), (3, 6)),
        (Evidence(start=0, end=3, text="xyz"), None),
        (Evidence(start=8, end=40, text="ijklm"), None),
    ],
)
def test_locate_trusts_offsets_only_when_they_hold_the_passage(
    evidence: Evidence, expected: tuple[int, int] | None
) -> None:
    assert locate("abcdefghij", evidence) == expected


def test_context_is_cut_around_the_passage_with_ellipses() -> None:
    text = "x" * 50 + "PASSAGE" + "y" * 50
    pieces = evidence_in_context(text, Evidence(start=50, end=57, text="PASSAGE"), context=10)
    assert pieces == [
        Piece("…", 40),
        Piece("x" * 10, 40),
        Piece("PASSAGE", 50, (0,)),
        Piece("y" * 10, 57),
        Piece("…", 67),
    ]
