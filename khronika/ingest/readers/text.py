"""Plain text and Markdown files, in whatever charset they were saved (UTF-8, cp1251, KOI8-R...)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, decode_text, looks_binary
from khronika.ingest.registry import Source, register_reader, source_suffix
from khronika.records import Document

_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@register_reader("text", suffixes=(".txt", ".md", ".markdown"), media_types=("text/plain", "text/markdown"))
def read_text(source: Source) -> Iterator[Document | SourceError]:
    """Read a text file as one document; a Markdown file's first '# heading' is its title."""
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
        title=heading.group(1) if heading else None,
        media_type="text/markdown" if markdown else "text/plain",
        meta={"encoding": encoding},
    )
