"""Evidence shown in its document: the text cut into plain and marked pieces, never raw HTML.

Templates print each piece escaped and wrap marked pieces in <mark>; building HTML here would
risk letting a report's own markup through.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from khronika.records import Document, Event, Evidence

CONTEXT_CHARS = 400


@dataclass(frozen=True)
class Span:
    """A passage to mark: offsets into the document text and the events that cite it."""

    start: int
    end: int
    event_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Piece:
    """A run of document text, marked when some evidence covers it."""

    text: str
    start: int
    event_ids: tuple[int, ...] = ()

    @property
    def marked(self) -> bool:
        """Return True when some event's evidence covers this run."""
        return bool(self.event_ids)


def locate(text: str, evidence: Evidence) -> tuple[int, int] | None:
    """Return where the evidence lies in the text: its offsets if they hold its passage, else a search."""
    start, end = evidence.start, evidence.end
    if 0 <= start <= end <= len(text) and text[start:end] == evidence.text:
        return start, end
    if evidence.text:
        # The document was re-read into slightly different text: find the passage itself.
        found = text.find(evidence.text)
        if found >= 0:
            return found, found + len(evidence.text)
    return None


def split_marked(text: str, spans: list[Span], *, start: int = 0, end: int | None = None) -> list[Piece]:
    """Cut text[start:end] at every span boundary; overlapping spans mark the union of their events."""
    stop = len(text) if end is None else end
    cuts = {start, stop}
    for span in spans:
        cuts.update(p for p in (span.start, span.end) if start < p < stop)
    ordered = sorted(cuts)
    pieces = []
    for left, right in itertools.pairwise(ordered):
        covering = sorted({i for s in spans if s.start <= left and right <= s.end for i in s.event_ids})
        pieces.append(Piece(text[left:right], left, tuple(covering)))
    return pieces


def document_spans(doc: Document, events: list[Event]) -> list[Span]:
    """Return the evidence of these events that lies in this document, as spans to mark."""
    spans = []
    for event in events:
        for item in event.evidence:
            if item.document_id not in (None, doc.id):
                continue
            where = locate(doc.text, item)
            if where is not None and event.id is not None:
                spans.append(Span(where[0], where[1], (event.id,)))
    return spans


def evidence_in_context(text: str, evidence: Evidence, *, context: int = CONTEXT_CHARS) -> list[Piece] | None:
    """Return the passage with up to `context` characters around it, the passage marked; None if absent."""
    where = locate(text, evidence)
    if where is None:
        return None
    start, end = where
    left = max(0, start - context)
    right = min(len(text), end + context)
    pieces = split_marked(text, [Span(start, end, (0,))], start=left, end=right)
    if left > 0:
        pieces.insert(0, Piece("…", left))
    if right < len(text):
        pieces.append(Piece("…", right))
    return pieces
