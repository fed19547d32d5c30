"""Events with actors, places and evidence, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from khronika.errors import StoreError
from khronika.records import Actor, Event, Evidence, Place, ReviewState
from khronika.store import Store
from khronika.store.database import create_engine_for
from khronika.store.schema import actor_names, actors, places
from tests.factories import DEFAULT_TEXT, make_document, make_event, make_place


@pytest.fixture
def doc_id(store: Store) -> int:
    """Store one document and return its id."""
    return store.add_document(make_document())[0]


def test_event_round_trip(store: Store, doc_id: int) -> None:
    [event_id] = store.add_events(doc_id, [make_event()])
    assert store.get_event(event_id) == Event(
        type="strike",
        date="2024-03-04",
        date_end=None,
        place=Place(name="Seversk", country="KZ", admin1="Mangystau Region", lat=43.3, lon=52.8),
        size=300,
        actors=[
            Actor(name="Workers of Polar Star plant", kind="group", role="participant", variants=["рабочие завода"]),
            Actor(name="Polar Star LLP", kind="organisation", role="target", variants=[]),
        ],
        details={"demands": ["wages"]},
        evidence=[Evidence(start=0, end=38, text="Рабочие вымышленного завода «Полярная ", document_id=doc_id)],
        confidence=0.8,
        review=ReviewState.PROPOSED,
        extractor="khronika.rules.ru/1",
        id=event_id,
    )
    assert DEFAULT_TEXT[0:38] == "Рабочие вымышленного завода «Полярная "


def test_event_without_place_actors_or_evidence(store: Store, doc_id: int) -> None:
    bare = Event(type="meeting", confidence=0.3, review=ReviewState.CONFIRMED)
    [event_id] = store.add_events(doc_id, [bare])
    assert store.get_event(event_id) == Event(type="meeting", confidence=0.3, review=ReviewState.CONFIRMED, id=event_id)
    assert [e.id for e in store.list_events(document_id=doc_id)] == [event_id]


def test_places_and_actors_are_found_not_duplicated(store: Store, store_url: str, doc_id: int) -> None:
    no_region = make_place(admin1=None)
    first = make_event(place=no_region, actors=[Actor(name="Ayan Beisen", kind="person", role="target")])
    second = make_event(
        place=no_region, actors=[Actor(name="Ayan Beisen", kind="person", role="target", variants=["Аян Бейсен"])]
    )
    third = make_event(place=make_place(), actors=[Actor(name="Ayan Beisen", kind="group", role="participant")])
    ids = store.add_events(doc_id, [first, second, third])
    engine = create_engine_for(store_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(places)).scalar_one() == 2
            assert conn.execute(select(actors.c.name, actors.c.kind).order_by(actors.c.id)).all() == [
                ("Ayan Beisen", "person"),
                ("Ayan Beisen", "group"),
            ]
            assert conn.execute(select(actor_names.c.name)).scalars().all() == ["Аян Бейсен"]
    finally:
        engine.dispose()
    first_read = store.get_event(ids[0])
    assert first_read is not None and first_read.actors[0].variants == ["Аян Бейсен"]


def test_list_events_pages_and_filters_by_document(store: Store, doc_id: int) -> None:
    other_id, _ = store.add_document(make_document("Другой вымышленный отчёт."))
    mine = store.add_events(doc_id, [make_event(type="strike"), make_event(type="protest")])
    theirs = store.add_events(other_id, [make_event(type="detention", evidence=[])])
    assert [e.id for e in store.list_events(document_id=doc_id)] == mine
    assert [e.id for e in store.list_events(document_id=other_id)] == theirs
    assert [e.type for e in store.list_events(limit=2, offset=1)] == ["protest", "detention"]


def test_replace_proposed_events_keeps_reviewed_ones(store: Store, doc_id: int) -> None:
    kept_confirmed, kept_rejected, dropped = store.add_events(
        doc_id, [make_event(type="strike"), make_event(type="protest"), make_event(type="detention")]
    )
    store.set_review(kept_confirmed, "confirmed")
    store.set_review(kept_rejected, ReviewState.REJECTED)
    new_ids = store.replace_proposed_events(doc_id, [make_event(type="trial", extractor="khronika.rules.ru/2")])
    assert store.get_event(dropped) is None
    listed = store.list_events(document_id=doc_id)
    assert [(e.id, e.type, e.review, e.extractor) for e in listed] == [
        (kept_confirmed, "strike", ReviewState.CONFIRMED, "khronika.rules.ru/1"),
        (kept_rejected, "protest", ReviewState.REJECTED, "khronika.rules.ru/1"),
        (new_ids[0], "trial", ReviewState.PROPOSED, "khronika.rules.ru/2"),
    ]


def test_add_events_is_all_or_nothing(store: Store, doc_id: int) -> None:
    with pytest.raises(StoreError, match="review: 'bogus' is not one of proposed, confirmed, rejected"):
        store.add_events(doc_id, [make_event(), make_event(review="bogus")])
    assert store.list_events() == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.add_events(999, [make_event()]), "document 999 does not exist"),
        (lambda s: s.replace_proposed_events(999, []), "document 999 does not exist"),
        (lambda s: s.set_review(999, "confirmed"), "event 999 does not exist"),
        (lambda s: s.set_review(1, "approved"), "review state 'approved' is not one of proposed, confirmed, rejected"),
    ],
)
def test_bad_references_are_refused(store: Store, doc_id: int, call: object, message: str) -> None:
    store.add_events(doc_id, [make_event()])
    with pytest.raises(StoreError, match=message):
        call(store)  # type: ignore[operator]


def test_missing_event_reads_as_none(store: Store) -> None:
    assert store.get_event(12345) is None


def test_ids_of_deleted_events_are_never_reused(store: Store, doc_id: int) -> None:
    # Regression: SQLite reused the highest id after a delete, so a link to a replaced event
    # showed its replacement.
    [old_id] = store.add_events(doc_id, [make_event()])
    [new_id] = store.replace_proposed_events(doc_id, [make_event()])
    assert new_id == old_id + 1


def test_events_are_listed_for_every_document_they_cite(store: Store, doc_id: int) -> None:
    other_id, _ = store.add_document(make_document("Второй вымышленный отчёт о той же забастовке."))
    cites_both = make_event(
        evidence=[
            Evidence(start=0, end=7, text="Рабочие"),
            Evidence(start=0, end=6, text="Второй", document_id=other_id),
        ]
    )
    [event_id] = store.add_events(doc_id, [cites_both])
    assert [e.id for e in store.list_events(document_id=other_id)] == [event_id]
    event = store.get_event(event_id)
    assert event is not None and [e.document_id for e in event.evidence] == [doc_id, other_id]
    # Re-extracting the other document does not touch an event extracted from the first.
    store.replace_proposed_events(other_id, [])
    assert store.get_event(event_id) is not None


def test_a_document_and_its_events_are_stored_together_or_not_at_all(store: Store) -> None:
    doc = make_document("Шахтёры вымышленной шахты «Глубокая» начали голодовку.")
    with pytest.raises(StoreError, match="review: 'bogus'"):
        store.add_document(doc, events=[make_event(type="hunger_strike"), make_event(review="bogus")])
    assert store.count_documents() == 0
    assert store.list_events() == []

    doc_id, created = store.add_document(doc, events=[make_event(type="hunger_strike")])
    assert created
    assert [e.type for e in store.list_events(document_id=doc_id)] == ["hunger_strike"]


def test_a_duplicate_document_leaves_its_stored_events_alone(store: Store) -> None:
    doc_id, _ = store.add_document(make_document(), events=[make_event(type="strike")])
    again, created = store.add_document(make_document(), events=[make_event(type="protest")])
    assert (again, created) == (doc_id, False)
    assert [e.type for e in store.list_events(document_id=doc_id)] == ["strike"]


def test_the_extractor_that_last_read_a_document_is_recorded(store: Store) -> None:
    doc_id, _ = store.add_document(make_document(extracted_by="khronika.rules.ru/1"))
    assert store.get_document(doc_id).extracted_by == "khronika.rules.ru/1"  # type: ignore[union-attr]

    store.replace_proposed_events(doc_id, [make_event()], extracted_by="khronika.rules.ru/2")
    assert [d.extracted_by for d in store.list_documents()] == ["khronika.rules.ru/2"]


def test_stats_count_documents_and_events_by_group(store: Store) -> None:
    first, _ = store.add_document(make_document(), events=[make_event(type="strike"), make_event(type="strike")])
    store.add_document(
        make_document("Kazakh text ереуіл", language="kk", source_kind="feed"), events=[make_event(type="detention")]
    )
    store.set_review(store.list_events(document_id=first)[0].id or 0, "confirmed")

    assert store.stats() == {
        "documents_by_kind": {"feed": 1, "text": 1},
        "documents_by_language": {"kk": 1, "ru": 1},
        "events_by_type": {"detention": 1, "strike": 2},
        "events_by_review": {"confirmed": 1, "proposed": 2},
    }
