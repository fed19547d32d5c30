"""Same-event matching rules (khronika.resolve.events) and the values a merge keeps side by side."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from khronika.resolve.events import find_same_events
from khronika.store.edits import merged_values
from khronika.store.links import CandidateActor, EventCandidate

KALIEV = CandidateActor(id=1, name="Ерлан Калиев", kind="person", role="target")
KALIEV_LATIN = CandidateActor(id=2, name="Erlan Kaliev", kind="person", role="target")
KALIEV_INITIAL = CandidateActor(id=3, name="Е. Калиев", kind="person", role="target")
SAPAROV = CandidateActor(id=4, name="Марат Сапаров", kind="person", role="target")
POLICE = CandidateActor(id=5, name="police", kind="organisation", role="perpetrator")
WORKERS = CandidateActor(id=6, name="oil workers", kind="group", role="participant")


def candidate(event_id: int, **fields: object) -> EventCandidate:
    """A proposed detention in Zhanaozen on 5 March 2024, internal, naming Ерлан Калиев."""
    values: dict[str, object] = {
        "id": event_id,
        "type": "detention",
        "date": "2024-03-05",
        "date_end": None,
        "place_id": 1,
        "place_name": "Zhanaozen",
        "admin1": "Mangystau Region",
        "review": "proposed",
        "level": "internal",
        "actors": (KALIEV,),
    }
    values.update(fields)
    return EventCandidate(**values)  # type: ignore[arg-type]


def outcome(a: EventCandidate, b: EventCandidate) -> tuple[str, ...]:
    return tuple(f"{s.action} {s.into_id}<-{s.from_id}" for s in find_same_events([a, b]))


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ({}, ("merge 1<-2",)),
        ({"actors": (KALIEV_LATIN, POLICE)}, ("merge 1<-2",)),  # one person in two scripts
        ({"place_id": 9}, ("merge 1<-2",)),  # another place row with the same name
        ({"type": "trial"}, ()),
        ({"date": "2024-03-06"}, ()),  # the same city, another day
        ({"place_id": 2, "place_name": "Aktau"}, ()),  # the same day, another city
        ({"actors": (SAPAROV,)}, ()),  # different named people: different events
        ({"date": "2024-03"}, ("suggest 1<-2",)),  # only the month is known
        ({"date": "2024-03-01", "date_end": "2024-03-09"}, ("merge 1<-2",)),  # a span of days over that day
        ({"place_id": 3, "place_name": "Mangystau Region", "admin1": None}, ("suggest 1<-2",)),  # the region
        ({"place_id": None, "place_name": None, "admin1": None}, ("suggest 1<-2",)),  # no place
        ({"actors": (KALIEV_INITIAL,)}, ("suggest 1<-2",)),  # maybe the same person
        ({"actors": ()}, ("suggest 1<-2",)),  # a detention naming nobody
        ({"review": "confirmed"}, ("suggest 1<-2",)),  # a person's word: never merged alone
        ({"level": "confidential"}, ("suggest 1<-2",)),
    ],
)
def test_a_pair_of_events_is_merged_suggested_or_left_apart(
    other: dict[str, object], expected: tuple[str, ...]
) -> None:
    assert outcome(candidate(1), candidate(2, **other)) == expected


def test_collective_acts_with_no_named_people_merge_and_a_shared_group_counts() -> None:
    # A police force in common says nothing (perpetrators are not compared); a named person on
    # one side only does not stop a strike from being the same strike.
    assert outcome(candidate(1, actors=(KALIEV, POLICE)), candidate(2, actors=(SAPAROV, POLICE))) == ()
    strike = candidate(1, type="strike", actors=(WORKERS,))
    assert outcome(strike, candidate(2, type="strike", actors=())) == ("merge 1<-2",)
    assert outcome(strike, candidate(2, type="strike", actors=(WORKERS, KALIEV))) == ("merge 1<-2",)


def test_a_group_merges_into_its_oldest_event_and_distractors_stay_apart() -> None:
    events = [
        candidate(7),
        candidate(3, actors=(KALIEV_LATIN,)),
        candidate(5, date="2024-03-06"),
        candidate(4, place_id=2, place_name="Aktau"),
        candidate(9, actors=(KALIEV, POLICE)),
    ]
    found = find_same_events(events)
    assert [(s.action, s.into_id, s.from_id) for s in found] == [("merge", 3, 7), ("merge", 3, 9)]


def test_a_group_keeps_everyone_it_names() -> None:
    # 2 names Калиев in Latin, 3 adds Сапаров: 1 and 3 share no one, but the group of 1 and 2 does.
    events = [
        candidate(1, actors=(KALIEV,)),
        candidate(2, actors=(KALIEV_LATIN, SAPAROV)),
        candidate(3, actors=(SAPAROV,)),
    ]
    assert [(s.action, s.into_id, s.from_id) for s in find_same_events(events)] == [
        ("merge", 1, 2),
        ("merge", 1, 3),
    ]


def row(document_id: int, **fields: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "document_id": document_id,
        "size": None,
        "date": "2024-03-05",
        "date_end": None,
        "details": {},
        "confidence": 0.5,
        "level": "internal",
    }
    values.update(fields)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    ("into", "source", "values", "side_by_side"),
    [
        (row(1, size=100), row(2, size=100), {"size": 100, "date": "2024-03-05", "details": {}}, []),
        (row(1), row(2, size=150), {"size": 150, "date": "2024-03-05", "details": {}}, []),
        (
            row(1, size=100),
            row(2, size=150),
            {
                "size": 100,
                "date": "2024-03-05",
                "details": {"reported": {"size": [{"value": 100, "document_id": 1}, {"value": 150, "document_id": 2}]}},
            },
            ["size"],
        ),
        (
            row(1, date="2024-03"),
            row(2, date="2024-03-05"),
            {
                "size": None,
                "date": "2024-03-05",
                "details": {
                    "reported": {
                        "date": [{"value": "2024-03", "document_id": 1}, {"value": "2024-03-05", "document_id": 2}]
                    }
                },
            },
            ["date"],
        ),
        (
            row(1, details={"sentence": "6 years", "charge": "inciting discord"}),
            row(2, details={"sentence": "5 years", "fatalities": 2}),
            {
                "size": None,
                "date": "2024-03-05",
                "details": {
                    "sentence": "6 years",
                    "charge": "inciting discord",
                    "fatalities": 2,
                    "reported": {
                        "sentence": [{"value": "6 years", "document_id": 1}, {"value": "5 years", "document_id": 2}]
                    },
                },
            },
            ["sentence"],
        ),
    ],
)
def test_merged_values_take_what_is_missing_and_keep_disagreements_with_their_documents(
    into: SimpleNamespace, source: SimpleNamespace, values: dict[str, object], side_by_side: list[str]
) -> None:
    merged, fields = merged_values(source, into)
    assert {k: merged[k] for k in ("size", "date", "details")} == values
    assert fields == side_by_side


def test_a_third_report_joins_the_values_already_kept() -> None:
    first, _ = merged_values(row(2, size=150), row(1, size=100))
    into = row(1, size=first["size"], details=first["details"])
    merged, fields = merged_values(row(3, size=120, level="confidential", confidence=0.9), into)
    assert merged["details"] == {
        "reported": {
            "size": [
                {"value": 100, "document_id": 1},
                {"value": 150, "document_id": 2},
                {"value": 120, "document_id": 3},
            ]
        }
    }
    assert (merged["size"], merged["level"], merged["confidence"], fields) == (100, "confidential", 0.9, ["size"])


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2024-02-10", "2024-02-30", ("suggest 1<-2",)),  # no such day: read as the month
        ("2024-05-10", "2024-13", ("suggest 1<-2",)),  # no such month: read as the year
        ("2023-12-31", "2024-02-30", ()),
    ],
)
def test_a_date_the_calendar_does_not_have_is_read_as_its_month_or_year(
    first: str, second: str, expected: tuple[str, ...]
) -> None:
    assert outcome(candidate(1, date=first), candidate(2, date=second)) == expected
