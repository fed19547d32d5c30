"""Plain text and Markdown files, in whatever charset they were saved (UTF-8, cp1251, KOI8-R...)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, decode_text, looks_binary
from khronika.ingest.registry import Source, register_reader, source_suffix
from khronika.records import Document

_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A press release states its date in the dateline, within its first lines.
_DATELINE_CHARS = 400
_TITLE_MAX_CHARS = 200


def front_matter(text: str) -> dict[str, str]:
    """Return the `key: value` lines of a leading '---' block (as Markdown sites write them)."""
    block = _FRONT_MATTER.match(text)
    if not block:
        return {}
    pairs = (line.split(":", 1) for line in block.group(1).splitlines() if ":" in line)
    return {key.strip().lower(): value.strip().strip("'\"") for key, value in pairs}


def find_dateline(text: str) -> str | None:
    """Return the publication date a report states at its top (front matter or dateline), or None."""
    meta = front_matter(text)
    for key in ("date", "published"):
        day = _ISO_DAY.match(meta.get(key, ""))
        if day:
            return day.group(0)
    from khronika.extract.dates import find_dates
    from khronika.extract.language import detect_language

    head = text[:_DATELINE_CHARS]
    lang = detect_language(text) or "en"
    full = [m.value for m in find_dates(head, published=None, lang=lang) if len(m.value) == len("YYYY-MM-DD")]
    return full[0] if full else None


def _first_line(text: str) -> str | None:
    """A first line that stands alone as a heading (short, more text below, not a sentence)."""
    if "title" in (meta := front_matter(text)):
        return meta["title"]
    lines = [ln.strip(" #*_") for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2 or not 0 < len(lines[0]) <= _TITLE_MAX_CHARS or lines[0].endswith((".", "!", "?", "…")):
        return None
    return lines[0]


@register_reader("text", suffixes=(".txt", ".md", ".markdown"), media_types=("text/plain", "text/markdown"))
def read_text(source: Source) -> Iterator[Document | SourceError]:
    """Read a text file as one document; title from the first heading or line, date from the dateline."""
    if not source.data.strip():
        raise SourceError(source.uri, "the file is empty; nothing to read")
    decoded = decode_text(source.data)
    if decoded is None or looks_binary(decoded[0]):
        raise SourceError(
            source.uri,
            "this is binary data, not text in any known charset; "
            "check that the file is the one you meant and give it the suffix of its real format",
        )
    raw, encoding = decoded
    text = clean_text(raw)
    markdown = source_suffix(source.uri) in (".md", ".markdown") or (source.media_type or "").startswith(
        "text/markdown"
    )
    heading = _MD_HEADING.search(text) if markdown else None
    yield Document.from_bytes(
        source.data,
        source_kind="text",
        uri=source.uri,
        text=text,
        title=heading.group(1) if heading else _first_line(text),
        published=find_dateline(text),
        media_type="text/markdown" if markdown else "text/plain",
        meta={"encoding": encoding},
    )
