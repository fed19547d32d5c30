"""Events as flat files: the CSV row, the JSON object, the GeoJSON feature, and reading the CSV back.

Every writer here yields its text in pieces, so a download or an export of the whole chronicle
never sits in memory (khronika.publish.exports registers them). A CSV row holds one event: the
place in five columns, and the lists and objects (actors, details, evidence) as one JSON text
each, so `read_csv_events` gives back exactly the objects the JSON formats hold.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from khronika.records import Event

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
_JSON_COLUMNS = ("actors", "details", "evidence")
BYTE_ORDER_MARK = "\ufeff"  # lets spreadsheet programs read Cyrillic and Kazakh letters as UTF-8
ROWS_PER_CHUNK = 200


def event_json(event: Event) -> dict[str, Any]:
    """Return the contract's EVENT object plus id, review and extractor."""
    return event.to_dict() | {"id": event.id, "review": str(event.review), "extractor": event.extractor}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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


def csv_table_chunks(
    rows: Iterable[dict[str, str]], *, columns: tuple[str, ...], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """Yield a CSV table (header first, RFC 4180, CRLF line ends) in pieces of `rows_per_chunk` rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % rows_per_chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_chunks(events: Iterable[Event], *, rows_per_chunk: int = ROWS_PER_CHUNK) -> Iterator[str]:
    """Yield the events as CSV in pieces, header first (no byte-order mark)."""
    return csv_table_chunks((event_csv_row(e) for e in events), columns=CSV_COLUMNS, rows_per_chunk=rows_per_chunk)


def csv_text(events: Iterable[Event]) -> str:
    """Return the events as CSV with a header row (RFC 4180, CRLF line ends)."""
    return "".join(csv_chunks(events))


def read_csv_events(stream: TextIO) -> Iterator[dict[str, Any]]:
    """Read a CSV export back (open it with newline=''): yield each row as the event_json object."""
    first = stream.read(1)
    rest = first if first != BYTE_ORDER_MARK else ""
    reader = csv.DictReader(_prepend(rest, stream))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"CSV header: missing columns {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}")
    for line, row in enumerate(reader, start=2):
        try:
            yield _record_from_row(row)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"CSV row {line} (event {row.get('id')!r}): {exc}") from exc


def _prepend(first: str, stream: TextIO) -> Iterator[str]:
    # csv.reader wants lines; the first character was read to look for a byte-order mark.
    lines = iter(stream)
    head = next(lines, "")
    yield first + head
    yield from lines


def _record_from_row(row: dict[str, str]) -> dict[str, Any]:
    place = None
    if row["place_name"]:
        place = {
            "name": row["place_name"],
            "admin1": row["place_admin1"] or None,
            "country": row["place_country"],
            "lat": _float(row["place_lat"]),
            "lon": _float(row["place_lon"]),
        }
    found: dict[str, Any] = {
        "type": row["type"],
        "date": row["date"] or None,
        "date_end": row["date_end"] or None,
        "place": place,
        "size": int(row["size"]) if row["size"] else None,
    }
    found |= {name: json.loads(row[name]) for name in _JSON_COLUMNS}
    found |= {
        "confidence": float(row["confidence"]),
        "id": int(row["id"]) if row["id"] else None,
        "review": row["review"],
        "extractor": row["extractor"] or None,
    }
    return found


def _float(text: str) -> float | None:
    return float(text) if text else None


def json_chunks(events: Iterable[Event]) -> Iterator[str]:
    """Yield a JSON array of events in pieces, one event a line."""
    yield "["
    for index, event in enumerate(events):
        yield ("\n" if index == 0 else ",\n") + json.dumps(event_json(event), ensure_ascii=False)
    yield "\n]\n"


def jsonl_chunks(events: Iterable[Event]) -> Iterator[str]:
    """Yield JSON Lines: one event object a line, UTF-8 letters as they are."""
    for event in events:
        yield json.dumps(event_json(event), ensure_ascii=False) + "\n"


def geo_feature(event: Event) -> dict[str, Any]:
    """Return the event as an RFC 7946 Feature: a Point [lon, lat], or a null geometry without coordinates."""
    place = event.place
    geometry = None
    if place is not None and place.lat is not None and place.lon is not None:
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": event_json(event)}


def geojson_chunks(events: Iterable[Event]) -> Iterator[str]:
    """Yield one GeoJSON FeatureCollection of the events in pieces, one feature a line."""
    yield '{"type": "FeatureCollection", "features": ['
    for index, event in enumerate(events):
        yield ("\n" if index == 0 else ",\n") + json.dumps(geo_feature(event), ensure_ascii=False)
    yield "\n]}\n"
