"""Atom feeds: valid Atom 1.0 read back by feedparser, filters by type and region, only public and confirmed."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import feedparser
import pytest

from khronika.publish.feeds import ATOM_NS, events_feed, feed_query, feed_title
from khronika.records import Actor, Event, Evidence, Place, ReviewState
from khronika.store import Store
from tests.factories import make_document

BASE = "https://chronicle.example.org"
ZHANAOZEN = Place(name="Zhanaozen", country="KZ", admin1="Mangystau Region")
ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty")
PUBLIC_TEXT = "Yerlan Sarsenbayev and 300 oil workers went on strike in Zhanaozen."
INTERNAL_TEXT = "A source inside the plant says the strike fund is held by Marat Ospanov."
NAMES = ("Yerlan", "Sarsenbayev", "Сарсенбаев", "Marat", "Ospanov")


def _event(kind: str, day: str, place: Place, *, review: ReviewState = ReviewState.CONFIRMED, **kw: object) -> Event:
    return Event(type=kind, date=day, place=place, confidence=0.9, review=review, **kw)  # type: ignore[arg-type]


@pytest.fixture
def feed_store(store: Store) -> Store:
    """Public and internal reports; events confirmed or not, public or not; one protected striker."""
    strike = _event(
        "strike",
        "2024-03-01",
        ZHANAOZEN,
        size=300,
        actors=[Actor(name="Yerlan Sarsenbayev", kind="person", role="organiser")],
        evidence=[Evidence(start=0, end=len(PUBLIC_TEXT), text=PUBLIC_TEXT)],
    )
    proposed = _event("protest", "2024-03-02", ZHANAOZEN, review=ReviewState.PROPOSED)
    detention = _event("detention", "2024-03-03", ALMATY, size=4)
    hidden = _event("detention", "2024-03-04", ZHANAOZEN)  # stays internal
    public_doc, _ = store.add_document(make_document(PUBLIC_TEXT, uri="https://example.org/p"), events=[strike])
    store.add_document(make_document("Protest and detentions.", uri="https://example.org/q"), events=[proposed])
    store.add_document(make_document("Four detained in Almaty.", uri="https://example.org/r"), events=[detention])
    internal_doc, _ = store.add_document(make_document(INTERNAL_TEXT, uri="file:///internal"), events=[hidden])
    people = store.people
    people.set_level("document", public_doc, "public")
    for event_id in (1, 2, 3):
        people.set_level("event", event_id, "public")
    people.protect("Yerlan Sarsenbayev", also=["Ерлан Сарсенбаев"])
    people.protect("Marat Ospanov")
    assert internal_doc == 4
    return store


def _parse(xml: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_feed_holds_only_confirmed_public_events_newest_first(feed_store: Store) -> None:
    parsed = _parse(events_feed(feed_store, base_url=BASE))

    assert parsed.feed.id == "tag:chronicle.example.org,2024:events"
    assert parsed.feed.title == "khronika: Confirmed public events"
    assert [e.id for e in parsed.entries] == [
        "tag:chronicle.example.org,2024:event/3",
        "tag:chronicle.example.org,2024:event/1",
    ]
    assert [e.link for e in parsed.entries] == [f"{BASE}/events/3", f"{BASE}/events/1"]
    assert [e.title for e in parsed.entries] == [
        "Detention · Almaty · March 3, 2024",
        "Strike · Zhanaozen, Mangystau Region · March 1, 2024",
    ]
    assert [e.tags[0].term for e in parsed.entries] == ["detention", "strike"]
    assert all(e.updated_parsed is not None for e in parsed.entries)


def test_a_protected_name_never_appears_and_evidence_comes_only_from_public_documents(feed_store: Store) -> None:
    xml = events_feed(feed_store, base_url=BASE)
    pseudonym = {p.name: p.pseudonym for p in feed_store.people.list_protected()}["Yerlan Sarsenbayev"]

    strike = _parse(xml).entries[1]
    assert strike.summary == (
        f"300 people\n{pseudonym} (organiser)\n«{pseudonym} and 300 oil workers went on strike in Zhanaozen.»"
    )
    for name in NAMES:
        assert name not in xml
    assert "strike fund" not in xml


@pytest.mark.parametrize(
    ("types", "region", "ids"),
    [
        (("detention",), None, ["3"]),
        (("strike", "detention"), None, ["3", "1"]),
        ((), "Mangystau Region", ["1"]),
        (("detention",), "Mangystau Region", []),
        (("protest",), None, []),
    ],
)
def test_type_and_region_narrow_the_feed(
    feed_store: Store, types: tuple[str, ...], region: str | None, ids: list[str]
) -> None:
    parsed = _parse(events_feed(feed_store, base_url=BASE, types=types, region=region))
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == ids
    query = feed_query(types=types, region=region)
    assert parsed.feed.id == f"tag:chronicle.example.org,2024:events?{query}"
    (self_link,) = [link for link in parsed.feed.links if link.rel == "self"]
    assert self_link.href == f"{BASE}/feeds/events.atom?{query}"


def test_the_document_is_atom_with_every_required_element(feed_store: Store) -> None:
    root = ET.fromstring(events_feed(feed_store, base_url=BASE, lang="ru"))
    ns = {"a": ATOM_NS}
    assert root.tag == f"{{{ATOM_NS}}}feed"
    for name in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{name}", ns) is not None, name
    for entry in root.findall("a:entry", ns):
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"a:{name}", ns) is not None, name
    assert root.find("a:entry/a:title", ns).text == "Задержание · Алматы · 3 марта 2024\u202fг."  # type: ignore[union-attr]


def test_an_empty_feed_is_still_valid(store: Store) -> None:
    parsed = _parse(events_feed(store, base_url=BASE))
    assert parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("types", "region", "lang", "title"),
    [
        ((), None, "en", "khronika: Confirmed public events"),
        (("strike", "protest"), "Almaty", "en", "khronika: Confirmed public events (strike, protest; Almaty)"),
        (("strike",), None, "ru", "khronika: Подтверждённые публичные события (забастовка)"),
    ],
)
def test_feed_titles(types: tuple[str, ...], region: str | None, lang: str, title: str) -> None:
    assert feed_title(types=types, region=region, lang=lang) == title
