"""Run a newer extractor over stored documents, leaving what people reviewed as it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from khronika.extract.pipeline import TRIGGER_FINDERS, extract_events, extractor_name
from khronika.records import Document, Event, ReviewState
from khronika.store.store import Store

_PAGE = 200


@dataclass
class ReextractSummary:
    """What `extract-again` did."""

    documents: int = 0  # documents read again
    events: int = 0  # events now proposed for them
    kept_reviewed: int = 0  # proposals dropped because people already reviewed the same occurrence
    up_to_date: int = 0  # documents the current extractor had already read


def extract_again(
    store: Store, *, force: bool = False, on_document: Callable[[Document], None] | None = None
) -> ReextractSummary:
    """Re-extract every document the current extractor has not read (all of them with `force`)."""
    summary = ReextractSummary()
    offset = 0
    while page := store.list_documents(limit=_PAGE, offset=offset):
        offset += len(page)
        for doc in page:
            if doc.language not in TRIGGER_FINDERS or doc.id is None:
                continue
            name = extractor_name(doc.language)
            if doc.extracted_by == name and not force:
                summary.up_to_date += 1
                continue
            reviewed = [
                e for e in store.list_events(document_id=doc.id, limit=10_000) if e.review != ReviewState.PROPOSED
            ]
            proposed = _extract(doc)
            fresh = [e for e in proposed if not any(_same_occurrence(e, r, document_id=doc.id) for r in reviewed)]
            store.replace_proposed_events(doc.id, fresh, extracted_by=name)
            summary.documents += 1
            summary.events += len(fresh)
            summary.kept_reviewed += len(proposed) - len(fresh)
            if on_document:
                on_document(doc)
    return summary


def _extract(doc: Document) -> list[Event]:
    published = date.fromisoformat(doc.published) if doc.published and len(doc.published) == 10 else None
    return extract_events(doc.text, published=published, lang=doc.language, title=doc.title)


def _same_occurrence(new: Event, reviewed: Event, *, document_id: int) -> bool:
    """A proposal repeats a reviewed event when the type is the same and their passages overlap."""
    spans = [b for b in reviewed.evidence if b.document_id in (None, document_id)]
    return new.type == reviewed.type and any(a.start < b.end and b.start < a.end for a in new.evidence for b in spans)
