"""Helpers the readers share: text clean-up, dates, decoding and HTML fragments to text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime

import lxml.html
from charset_normalizer import from_bytes

_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACE_RUNS = re.compile(r"[ \t\u00a0]+")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# Block elements end a line when an HTML fragment (a feed summary, a mail body) becomes text.
_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "table", "ul", "ol", "dd", "dt",
)  # fmt: skip


def clean_text(text: str) -> str:
    """Return `text` in NFC with \\n line ends, no trailing spaces and at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def to_iso_date(value: date | datetime | None) -> str | None:
    """Return the calendar date of `value` as YYYY-MM-DD, or None."""
    if value is None:
        return None
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def parse_date(value: str) -> str | None:
    """Return YYYY-MM-DD for YYYY-MM-DD, DD.MM.YYYY, an ISO 8601 or an RFC 2822 date, else None.

    A date-time keeps the calendar date of its own time zone: a report published at 01:30 in
    Almaty on 15 March is dated 15 March, not 14 March as it would be in UTC.
    """
    value = value.strip()
    if not value:
        return None
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    try:
        return to_iso_date(datetime.fromisoformat(value))
    except ValueError:
        pass
    try:
        return to_iso_date(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None


def decode_text(data: bytes) -> tuple[str, str] | None:
    """Decode bytes of unknown charset; return (text, encoding) or None when they are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    try:
        # Most files are UTF-8; trying it first keeps short files from being guessed wrong.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


def looks_binary(text: str) -> bool:
    """Tell whether decoded text is really binary data: NUL bytes or many control characters."""
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return controls > len(text) * 0.01


def html_to_text(fragment: str) -> str:
    """Turn an HTML fragment (a feed summary, an HTML mail body) into plain text, one block a line."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return clean_text(fragment)
    for bad in root.iter("script", "style", "head", "title"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (_SPACE_RUNS.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return clean_text("\n".join(lines))
