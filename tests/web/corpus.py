"""A small fictional chronicle for the web tests: three documents in three languages, five events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from khronika.records import Actor, Event, Evidence, Place, ReviewState
from khronika.settings import Settings
from khronika.store import Store, open_store
from khronika.web.app import create_app
from tests.factories import make_document

if TYPE_CHECKING:
    # Imported by conftest first, which silences starlette's import-time warning.
    from starlette.testclient import TestClient

RU_TEXT = (
    "Северск, 16 декабря. Рабочие вымышленного нефтяного завода вышли на забастовку у проходной. "
    "На следующий день полиция задержала двенадцать человек у здания акимата."
)
KK_TEXT = "Северск қаласында мұнайшылар ереуіл жариялады. Олар жалақыны көтеруді талап етті."
EN_TEXT = "In Aktau the trial of the union lawyer Arman Fictive began on 27 March."
SEVERSK = Place(name="Seversk", country="KZ", admin1="Mangystau Region", lat=43.3, lon=52.8)
AKTAU = Place(name="Aktau", country="KZ", admin1="Mangystau Region", lat=43.65, lon=51.2)
ALMATY = Place(name="Almaty", country="KZ", admin1="Almaty", lat=43.25, lon=76.9)


@dataclass
class Corpus:
    """Ids of the stored documents and events, by name."""

    docs: dict[str, int]
    events: dict[str, int]


@dataclass
class Site:
    """A client over a store that holds the corpus; tests that share it must not write."""

    client: TestClient
    corpus: Any  # what the seeding function returned: a Corpus, or a module's own ids
    store: Store

    def reading_client(self) -> TestClient:
        """Return the shared client with no cookie left by an earlier test (the language)."""
        self.client.cookies.clear()
        return self.client


def evidence(text: str, passage: str) -> Evidence:
    """Return evidence for `passage` at its offsets in `text`."""
    start = text.index(passage)
    return Evidence(start=start, end=start + len(passage), text=passage)


def seed(store: Store) -> Corpus:
    """Store the fictional corpus and return the ids of what it stored."""
    ru_id, _ = store.add_document(make_document(RU_TEXT, uri="https://example.org/ru/1", title="Забастовка в Северске"))
    kk_id, _ = store.add_document(
        make_document(KK_TEXT, uri="https://example.org/kk/1", title="Ереуіл", language="kk", source_kind="html")
    )
    en_id, _ = store.add_document(
        make_document(EN_TEXT, uri="file:///reports/trial.txt", title="Trial in Aktau", language="en")
    )
    workers = Actor(name="Oil workers of Seversk", kind="group", role="participant", variants=["рабочие завода"])
    lawyer = Actor(name="Arman Fictive", kind="person", role="target", variants=["Арман Фиктивный"])
    police = Actor(name="Police", kind="organisation", role="perpetrator")
    ru_strike, ru_detention = store.add_events(
        ru_id,
        [
            Event(type="strike", date="2011-12-16", place=SEVERSK, size=300, actors=[workers],
                  evidence=[evidence(RU_TEXT, "Рабочие вымышленного нефтяного завода вышли на забастовку")]),
            Event(type="detention", date="2011-12-17", place=SEVERSK, size=12, actors=[police],
                  evidence=[evidence(RU_TEXT, "полиция задержала двенадцать человек")]),
        ],
    )  # fmt: skip
    (kk_strike,) = store.add_events(
        kk_id,
        [Event(type="strike", date="2011-05-26", place=SEVERSK, actors=[workers],
               evidence=[evidence(KK_TEXT, "мұнайшылар ереуіл жариялады")], review=ReviewState.CONFIRMED)],
    )  # fmt: skip
    (en_trial,) = store.add_events(
        en_id,
        [Event(type="trial", date="2012-03-27", place=AKTAU, actors=[lawyer],
               evidence=[evidence(EN_TEXT, "the trial of the union lawyer Arman Fictive began")],
               review=ReviewState.REJECTED)],
    )  # fmt: skip
    (undated,) = store.add_events(en_id, [Event(type="protest", place=ALMATY)])
    return Corpus(
        docs={"ru": ru_id, "kk": kk_id, "en": en_id},
        events={
            "ru_strike": ru_strike,
            "ru_detention": ru_detention,
            "kk_strike": kk_strike,
            "en_trial": en_trial,
            "undated": undated,
        },
    )


@contextmanager
def shared_site(url: str, *, seed_with: Callable[[Store], Any]) -> Iterator[Site]:
    """Open a store at `url`, seed it, and yield a client over it (for one module's reading tests)."""
    from starlette.testclient import TestClient  # conftest imported it already, warning silenced

    store = open_store(url)
    try:
        seeded = seed_with(store)
        with TestClient(create_app(store, settings=Settings()), follow_redirects=False) as client:
            yield Site(client=client, corpus=seeded, store=store)
    finally:
        store.close()
