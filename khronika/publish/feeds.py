"""Atom 1.0 feeds of confirmed public events, filterable by type and region.

    xml = events_feed(store, types=("strike",), region="Mangystau Region", base_url="https://example.org")

A feed is read by anyone who has its address, so it is always built as the anonymous visitor,
whoever asks: public events only, confirmed in review, protected people by pseudonym, other
hidden people as [withheld], and evidence quoted only from public documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree as ET

from sqlalchemy import select

from khronika import __version__
from khronika.protect.roles import ANONYMOUS
from khronika.publish.place_names import place_label
from khronika.publish.selection import select_events
from khronika.records import Event
from khronika.store import Store
from khronika.store.queries import EventFilter
from khronika.store.schema import events as events_table
from khronika.web import i18n  # event type names, one translation of each

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100  # entries in one feed: readers poll, they need the latest, not the archive
# tag: URIs (RFC 4151) need a date on which the authority (this server's host) was held; any
# fixed date keeps every id stable, and ids must never change once a reader has seen them.
TAG_DATE = "2024"
FEED_PATH = "/feeds/events.atom"


def feed_filter(*, types: Sequence[str] = (), region: str | None = None) -> EventFilter:
    """Return the filter of a feed: confirmed events, of these types, in this region."""
    return EventFilter(types=tuple(types), region=region or None, review="confirmed")


def feed_query(*, types: Sequence[str] = (), region: str | None = None) -> str:
    """Return the query string of a feed's address (type=...&region=...), empty for all events."""
    pairs = [("type", t) for t in types] + ([("region", region)] if region else [])
    return urlencode(pairs)


def events_feed(
    store: Store,
    *,
    base_url: str,
    types: Sequence[str] = (),
    region: str | None = None,
    lang: str = "en",
    limit: int = FEED_LIMIT,
) -> str:
    """Return the Atom 1.0 document of the newest confirmed public events of these types and region."""
    flt = feed_filter(types=types, region=region)
    chosen = list(select_events(store, flt, viewer=ANONYMOUS, limit=limit))
    updated = _updated_times(store, [e.id for e in chosen if e.id is not None])
    public_docs = _public_documents(store, chosen)
    base = base_url.rstrip("/")
    query = feed_query(types=types, region=region)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_q("feed"), {"xml:lang": lang})
    _text(feed, "id", f"{_tag(base)}:events" + (f"?{query}" if query else ""))
    _text(feed, "title", feed_title(types=types, region=region, lang=lang))
    newest = max(updated.values(), default=datetime(1970, 1, 1, tzinfo=UTC))
    _text(feed, "updated", _rfc3339(newest))
    here = f"{base}{FEED_PATH}" + (f"?{query}" if query else "")
    ET.SubElement(feed, _q("link"), rel="self", type="application/atom+xml", href=here)
    alternate = f"{base}/?{query}&review=confirmed" if query else f"{base}/?review=confirmed"
    ET.SubElement(feed, _q("link"), rel="alternate", type="text/html", href=alternate)
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", "khronika")
    ET.SubElement(feed, _q("generator"), version=__version__).text = "khronika"
    for event in chosen:
        assert event.id is not None
        _entry(feed, event, base=base, lang=lang, updated=updated.get(event.id, newest), public_docs=public_docs)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_title(*, types: Sequence[str] = (), region: str | None = None, lang: str = "en") -> str:
    """Return a feed's title: what it holds, in `lang`."""
    parts = [", ".join(i18n.translate(lang, t) for t in types)] if types else []
    parts += [region] if region else []
    base = i18n.translate(lang, "Confirmed public events")
    return f"khronika: {base}" + (f" ({'; '.join(parts)})" if parts else "")


def _entry(feed: ET.Element, event: Event, *, base: str, lang: str, updated: datetime, public_docs: set[int]) -> None:
    entry = ET.SubElement(feed, _q("entry"))
    _text(entry, "id", f"{_tag(base)}:event/{event.id}")
    _text(entry, "title", entry_title(event, lang))
    _text(entry, "updated", _rfc3339(updated))
    ET.SubElement(entry, _q("link"), rel="alternate", type="text/html", href=f"{base}/events/{event.id}")
    ET.SubElement(entry, _q("category"), term=event.type, label=i18n.translate(lang, event.type))
    _text(entry, "summary", entry_summary(event, lang, public_docs=public_docs))


def entry_title(event: Event, lang: str) -> str:
    """Return an entry's title: type, place and date."""
    parts = [i18n.translate(lang, event.type).capitalize()]
    where = place_label(event.place, lang)
    if where:
        parts.append(where)
    if event.date:
        parts.append(i18n.format_event_date(event.date, lang))
    return " · ".join(parts)


def entry_summary(event: Event, lang: str, *, public_docs: set[int]) -> str:
    """Return an entry's plain-text summary: size, actors, and evidence quoted from public documents."""
    lines = []
    if event.size is not None:
        lines.append(i18n.translate(lang, "{count} people", count=i18n.format_number(event.size, lang)))
    lines += [f"{a.name} ({i18n.translate(lang, a.role)})" for a in event.actors]
    quotes = [e.text for e in event.evidence if e.document_id is not None and e.document_id in public_docs]
    lines += [f"«{q}»" for q in quotes]
    return "\n".join(lines)


def _updated_times(store: Store, ids: list[int]) -> dict[int, datetime]:
    if not ids:
        return {}
    with store.reader() as conn:
        rows = conn.execute(select(events_table.c.id, events_table.c.updated_at).where(events_table.c.id.in_(ids)))
        return {int(row.id): row.updated_at for row in rows}


def _public_documents(store: Store, chosen: list[Event]) -> set[int]:
    cited = {e.document_id for event in chosen for e in event.evidence if e.document_id is not None}
    if not cited:
        return set()
    return {doc_id for doc_id, level in store.people.levels_of("document", cited).items() if level == "public"}


def _tag(base: str) -> str:
    host = urlsplit(base).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}"


def _rfc3339(value: datetime) -> str:
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat(timespec="seconds").replace("+00:00", "Z")


def _q(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    child = ET.SubElement(parent, _q(name))
    child.text = value
    return child
