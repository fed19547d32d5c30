"""Events, documents and entities as the API and the downloads write them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from khronika.records import Document, Event

# The flat CSV form of an event: nested values (place, actors, details, evidence) as columns or JSON.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "date",
    "date_end",
    "place_name",
    "place_admin1",
    "place_country",
    "place_lat",
    "place_lon",
    "size",
    "actors",
    "details",
    "evidence",
    "confidence",
    "review",
    "extractor",
)


def event_json(event: Event) -> dict[str, Any]:
    """Return the contract's EVENT object plus id, review and extractor."""
    return event.to_dict() | {"id": event.id, "review": str(event.review), "extractor": event.extractor}


def document_json(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    """Return a document's metadata (and its text when asked), never its original bytes."""
    found: dict[str, Any] = {
        "id": doc.id,
        "source_kind": doc.source_kind,
        "uri": doc.uri,
        "title": doc.title,
        "published": doc.published,
        "retrieved_at": doc.retrieved_at.isoformat() if doc.retrieved_at else None,
        "language": doc.language,
        "sha256": doc.sha256,
        "media_type": doc.media_type,
        "extracted_by": doc.extracted_by,
    }
    if with_text:
        found["text"] = doc.text
    return found


def event_csv_row(event: Event) -> dict[str, str]:
    """Return an event as one CSV row: text cells, empty for null, JSON for nested values."""
    place = event.place
    values: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "date": event.date,
        "date_end": event.date_end,
        "place_name": place.name if place else None,
        "place_admin1": place.admin1 if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "size": event.size,
        "actors": _json([a.to_dict() for a in event.actors]),
        "details": _json(event.details),
        "evidence": _json([e.to_dict() for e in event.evidence]),
        "confidence": event.confidence,
        "review": str(event.review),
        "extractor": event.extractor,
    }
    return {k: "" if v is None else str(v) for k, v in values.items()}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def csv_text(events: Iterable[Event]) -> str:
    """Return the events as CSV with a header row (RFC 4180, CRLF line ends)."""
    return "".join(csv_chunks(events))


def csv_chunks(events: Iterable[Event], *, rows_per_chunk: int = 200) -> Iterator[str]:
    """Yield the CSV text in pieces, header first, so a long download never sits in memory whole."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for count, event in enumerate(events, start=1):
        writer.writerow(event_csv_row(event))
        if count % rows_per_chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def json_chunks(events: Iterable[Event]) -> Iterator[str]:
    """Yield a JSON array of events in pieces, one event a line."""
    yield "["
    for index, event in enumerate(events):
        yield ("\n" if index == 0 else ",\n") + json.dumps(event_json(event), ensure_ascii=False)
    yield "\n]\n"
