"""Plain functions that build records for tests; every field has a fictional default."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from khronika.records import Actor, Document, Event, Evidence, Place, ReviewState

DEFAULT_TEXT = "Рабочие вымышленного завода «Полярная звезда» в городе Северск вышли на забастовку."


def make_document(text: str = DEFAULT_TEXT, **overrides: Any) -> Document:
    """Return a document whose original bytes are its UTF-8 text, unless `original` is given."""
    original = overrides.pop("original", text.encode("utf-8"))
    fields: dict[str, Any] = {
        "source_kind": "text",
        "uri": "file:///reports/fictional.txt",
        "title": "Вымышленный отчёт",
        "published": "2024-03-05",
        "language": "ru",
        "retrieved_at": datetime(2024, 3, 6, 9, 30, tzinfo=UTC),
        "media_type": "text/plain",
        "meta": {"author": "Тестовый автор", "tags": ["fiction"]},
    }
    fields.update(overrides)
    return Document.from_bytes(original, text=text, **fields)


def make_place(**overrides: Any) -> Place:
    """Return a fictional Kazakh place."""
    fields: dict[str, Any] = {
        "name": "Seversk",
        "country": "KZ",
        "admin1": "Mangystau Region",
        "lat": 43.3,
        "lon": 52.8,
    }
    fields.update(overrides)
    return Place(**fields)


def make_event(**overrides: Any) -> Event:
    """Return a proposed strike with one place, two actors and one piece of evidence."""
    fields: dict[str, Any] = {
        "type": "strike",
        "date": "2024-03-04",
        "place": make_place(),
        "size": 300,
        "actors": [
            Actor(name="Workers of Polar Star plant", kind="group", role="participant", variants=["рабочие завода"]),
            Actor(name="Polar Star LLP", kind="organisation", role="target"),
        ],
        "details": {"demands": ["wages"]},
        "evidence": [Evidence(start=0, end=38, text=DEFAULT_TEXT[:38])],
        "confidence": 0.8,
        "review": ReviewState.PROPOSED,
        "extractor": "khronika.rules.ru/1",
    }
    fields.update(overrides)
    return Event(**fields)
