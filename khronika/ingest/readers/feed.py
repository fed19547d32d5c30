"""RSS and Atom feeds: one document per entry, keyed by the entry's id so polling adds only new ones."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, html_to_text, parse_date
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
_POSITION = re.compile(r"^<unknown>:\d+:\d+: ")
_MEDIA_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")


def _sniff_feed(head: bytes) -> bool:
    return _FEED_ROOT.search(head) is not None


@register_reader("feed", suffixes=(".rss", ".atom"), media_types=_MEDIA_TYPES, sniff=_sniff_feed)
def read_feed(source: Source) -> Iterator[Document | SourceError]:
    """Read an RSS or Atom feed, one document per entry; an entry without text is an entry error."""
    parsed = feedparser.parse(source.data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        problem = "no <rss>, <feed> or <rdf:RDF> root"
        if parsed.version:
            # feedparser rewrites the document before parsing, so its line numbers do not match the file.
            problem = "broken XML: " + _POSITION.sub("", str(parsed.get("bozo_exception")))
        raise SourceError(source.uri, f"not a readable RSS or Atom feed ({problem}); check the feed address")
    feed_title = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries, start=1):
        yield _entry_document(source, entry, index=index, feed_title=feed_title)


def _entry_document(source: Source, entry: Any, *, index: int, feed_title: str | None) -> Document | SourceError:
    key = entry.get("id") or entry.get("link")
    where = f"entry {index}" + (f" ({key})" if key else "")
    if not key:
        return SourceError(source.uri, f"{where} has neither an id (guid) nor a link, so it cannot be told apart")
    text = _entry_text(entry)
    if not text:
        hint = f"ingest {entry['link']} as a page instead" if entry.get("link") else "the feed gives headlines only"
        return SourceError(source.uri, f"{where} has no text in its content or summary; {hint}")
    published = _entry_date(entry)
    meta = {"feed_title": feed_title, "author": entry.get("author"), "link": entry.get("link")}
    # The entry as feedparser reads it, minus the *_parsed copies that convert dates to UTC.
    canonical = {k: v for k, v in entry.items() if not k.endswith("_parsed")}
    original = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return Document.from_bytes(
        original,
        source_kind="feed",
        uri=entry.get("link") or f"{source.uri}#{key}",
        text=text,
        title=clean_text(entry.get("title") or "") or None,
        published=published,
        media_type="application/json",
        source_key=f"feed:{source.uri}#{key}",
        meta={k: v for k, v in meta.items() if v},
    )


def _entry_date(entry: Any) -> str | None:
    """Return the entry's date in its own time zone; feedparser's parsed dates are in UTC."""
    for name in ("published", "updated"):
        if entry.get(name):
            local = parse_date(entry[name])
            parsed = entry.get(f"{name}_parsed")
            if local is None and parsed:  # a date format only feedparser knows
                return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
            return local
    return None


def _entry_text(entry: Any) -> str:
    for part in [*entry.get("content", []), entry.get("summary_detail")]:
        if not part or not (part.get("value") or "").strip():
            continue
        value = part["value"]
        return html_to_text(value) if "html" in (part.get("type") or "") else clean_text(value)
    return ""
