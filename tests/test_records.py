"""The event record reads and writes exactly the contract's shape, and names the field at fault."""

from __future__ import annotations

from typing import Any

import pytest

from khronika.errors import RecordError
from khronika.records import EVENT_TYPES, Document, Event, sha256_hex


def _event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "detention",
        "date": "2025-03-14",
        "date_end": None,
        "place": {"name": "Zhanaozen", "admin1": "Mangystau Region", "country": "KZ", "lat": 43.34, "lon": 52.86},
        "size": 12,
        "actors": [
            {"name": "Aigerim Nurlanovna", "kind": "person", "role": "target"},
            {"name": "police", "kind": "organisation", "role": "perpetrator"},
        ],
        "details": {"fine": {"amount": 345000, "currency": "KZT"}},
        "evidence": [{"start": 10, "end": 52, "text": "Aigerim Nurlanovna was detained by police"}],
        "confidence": 0.8,
    }
    event.update(changes)
    return event


def test_an_event_round_trips_to_the_same_contract_object() -> None:
    data = _event()
    assert Event.from_dict(data).to_dict() == data


def test_the_contract_has_the_twenty_event_types() -> None:
    assert len(EVENT_TYPES) == 20
    assert {"protest", "hunger_strike", "censorship", "eviction", "killing"} <= set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "riot"}, "type:"),
        ({"date": "14.03.2025"}, "date:"),
        ({"date_end": "2025-3-1"}, "date_end:"),
        ({"size": -3}, "size:"),
        ({"size": "dozens"}, "size:"),
        ({"confidence": 1.5}, "confidence:"),
        ({"place": {"name": "Aktau", "country": "Kazakhstan"}}, "place.country:"),
        ({"actors": [{"name": "Erlan", "kind": "person", "role": "victim"}]}, "actors[0].role:"),
        ({"actors": [{"name": "", "kind": "person", "role": "target"}]}, "actors[0].name:"),
        ({"evidence": [{"start": 9, "end": 3, "text": "x"}]}, "evidence[0]:"),
        ({"details": ["6 years"]}, "details:"),
    ],
)
def test_a_bad_field_is_named_in_the_error(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(RecordError) as error:
        Event.from_dict(_event(**changes))
    assert str(error.value).startswith(field)


@pytest.mark.parametrize("date", ["2025", "2025-03", "2025-03-14", None])
def test_every_precision_of_date_is_accepted(date: str | None) -> None:
    assert Event.from_dict(_event(date=date)).date == date


def test_a_document_hash_is_that_of_its_original_bytes() -> None:
    original = "Забастовка в Жанаозене".encode("cp1251")
    doc = Document.from_bytes(original, source_kind="text", uri="a.txt", text="Забастовка в Жанаозене")
    # The hash is of the bytes as they came (cp1251 here), not of the decoded text.
    assert doc.sha256 == "7393257fdc78aa577588a829c8e74436a915ab270bdea897e01b87ec8888694d"
    assert doc.sha256 != sha256_hex(doc.text.encode("utf-8"))
