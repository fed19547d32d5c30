"""Web pages saved as HTML or fetched by URL: the main text without menus, footers and ads."""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from trafilatura.settings import Document as Extract

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)


def _sniff_html(head: bytes) -> bool:
    return _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")) is not None


@register_reader(
    "html", suffixes=(".html", ".htm"), media_types=("text/html", "application/xhtml+xml"), sniff=_sniff_html
)
def read_html(source: Source) -> Iterator[Document | SourceError]:
    """Read a web page as one document: main text, title and publication date as trafilatura finds them."""
    try:
        page = trafilatura.bare_extraction(
            source.data,
            url=source.uri if "://" in source.uri else None,
            with_metadata=True,
            include_comments=False,
            # Only the date the page states for itself; no guessing from dates in the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # a broken page can fail deep inside lxml; the user needs the file named
        raise SourceError(source.uri, f"cannot parse the HTML ({err}); save the page again from a browser") from err
    if not isinstance(page, Extract) or not clean_text(page.text or ""):
        raise SourceError(
            source.uri,
            "the page has no main text; if its text is built by JavaScript, save it from a browser "
            "(File > Save Page As, 'Web Page, complete') or paste the text into a .txt file",
        )
    meta = {k: v for k, v in (("author", page.author), ("site", page.sitename)) if v}
    yield Document.from_bytes(
        source.data,
        source_kind="html",
        uri=source.uri,
        text=clean_text(page.text or ""),
        title=page.title or None,
        published=page.date or None,
        media_type="text/html",
        meta=meta,
    )
