"""The chronicle's filters as they live in the URL: read them, show them, remove one, page through."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from khronika.records import EVENT_TYPES
from khronika.store.queries import EventFilter

# The single-valued filters a user sets in the form, in the order they are shown.
TEXT_FILTERS: tuple[str, ...] = (
    "date_from",
    "date_to",
    "region",
    "place",
    "actor",
    "source_kind",
    "review",
    "language",
    "q",
)
# Filters only links set (from an actor's, place's or document's page).
ID_FILTERS: tuple[str, ...] = ("actor_id", "place_id", "document_id")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class ActiveFilter:
    """One filter in use, as the page lists it, with the link that removes it."""

    name: str
    value: str
    remove_url: str


def parse_filter(params: QueryParams) -> EventFilter:
    """Read an EventFilter from a query string; unknown types and malformed dates are ignored."""
    values: dict[str, object] = {}
    types = [t for t in params.getlist("type") if t in EVENT_TYPES]
    values["types"] = tuple(dict.fromkeys(types))
    for name in TEXT_FILTERS:
        # PostgreSQL refuses a NUL in any string (a 500 before this; tests/security/test_injection.py).
        raw = (params.get(name) or "").replace("\x00", "").strip()
        if not raw:
            continue
        if name in ("date_from", "date_to") and not _DATE_RE.match(raw):
            continue
        values[name] = raw
    for name in ID_FILTERS:
        raw = params.get(name) or ""
        if raw.isdigit():
            values[name] = int(raw)
    return EventFilter(**values)  # type: ignore[arg-type]


def filter_params(flt: EventFilter) -> list[tuple[str, str]]:
    """Return the query-string pairs that select the same events."""
    pairs = [("type", t) for t in flt.types]
    for f in fields(flt):
        if f.name == "types" or f.metadata.get("scope"):
            continue
        value = getattr(flt, f.name)
        if value is not None and value != "":
            pairs.append((f.name, str(value)))
    return pairs


def filter_query(flt: EventFilter, **extra: str | int) -> str:
    """Return the query string of the filter plus extra pairs (view, page, lang), without '?'."""
    pairs = filter_params(flt) + [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
    return urlencode(pairs)


def active_filters(flt: EventFilter, *, path: str, keep: dict[str, str]) -> list[ActiveFilter]:
    """Return each filter in use with the link to the same page without it."""
    found = []
    for event_type in flt.types:
        rest = replace(flt, types=tuple(t for t in flt.types if t != event_type))
        found.append(ActiveFilter("type", event_type, _url(path, rest, keep)))
    for f in fields(flt):
        value = getattr(flt, f.name)
        if f.name == "types" or f.metadata.get("scope") or value is None or value == "":
            continue
        without = replace(flt, **{f.name: None})  # type: ignore[arg-type]
        found.append(ActiveFilter(f.name, str(value), _url(path, without, keep)))
    return found


def _url(path: str, flt: EventFilter, keep: dict[str, str]) -> str:
    query = filter_query(flt, **keep)
    return f"{path}?{query}" if query else path


def page_number(params: QueryParams) -> int:
    """Return the page asked for, 1 when missing or malformed."""
    raw = params.get("page") or "1"
    return max(1, int(raw)) if raw.isdigit() else 1


def page_size(params: QueryParams, *, default: int) -> int:
    """Return the page size asked for (per_page), within 1..MAX_PAGE_SIZE."""
    raw = params.get("per_page") or ""
    return min(MAX_PAGE_SIZE, max(1, int(raw))) if raw.isdigit() else default
