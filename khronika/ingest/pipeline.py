"""From a list of sources (files, folders, URLs, stdin) to stored documents, one commit each.

Every document is written in its own transaction, so a run killed at any moment leaves whole
documents only, and running it again skips what is stored (same hash or same entry key) and
completes the rest. One bad source or entry is reported and the batch goes on. After a batch
that stored something, actors are linked and same events merged (khronika.resolve), each link
and merge again its own transaction; a run killed then is finished by `khronika resolve`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from khronika.errors import KhronikaError, SourceError
from khronika.extract.language import detect_language
from khronika.ingest.registry import Source, read_source
from khronika.records import Document, Event

if TYPE_CHECKING:
    from khronika.resolve.events import ResolveReport

STDIN = "-"


class DocumentSink(Protocol):
    """Where documents go: the store, or anything with the same methods (tests, dry runs)."""

    def find_document(self, doc: Document) -> int | None: ...

    def add_document(self, doc: Document, *, events: list[Event] | None = None) -> tuple[int, bool]: ...


@dataclass
class IngestSummary:
    """What a run did: counts of new and duplicate documents, and every failure with its source."""

    new: int = 0
    duplicate: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    events: int = 0  # events the extractor proposed from the new documents
    resolved: ResolveReport | None = None  # what linking and same-event merging did after the batch
    resolve_problem: str = ""  # why they could not run; the documents are stored all the same

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as the `--json` object (the shape the issue fixed: new, duplicate, failed)."""
        return {"new": self.new, "duplicate": self.duplicate, "failed": list(self.failed)}


@dataclass(frozen=True)
class IngestEvent:
    """One thing that happened to one document or source, for progress and messages."""

    outcome: str  # "new" | "duplicate" | "failed"
    source: str
    detail: str = ""
    document_id: int | None = None
    events: int = 0


@dataclass(frozen=True)
class IngestOptions:
    """Options that reach the readers and the fetcher."""

    reader_options: dict[str, Any] = field(default_factory=dict)
    reader: str | None = None  # a reader's name, to skip format detection (stdin, odd file names)
    extract: bool = True  # run the event extractor on each new document and store its events as proposed
    # Files never to read, e.g. the database itself and its -wal/-shm/-journal files when the
    # database lives in the folder being ingested (the default khronika.db is in the current folder).
    exclude: tuple[str, ...] = ()
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 50 * 1024 * 1024
    # After a batch that stored something: link actors and merge same events (khronika.resolve).
    resolve: bool = True


def is_url(spec: str) -> bool:
    """Return True if the source spec is an http(s) URL."""
    return spec.startswith(("http://", "https://"))


def expand_sources(specs: Sequence[str], *, exclude: Sequence[str] = ()) -> tuple[list[str], list[SourceError]]:
    """Expand folders into their files (recursively, sorted, hidden and excluded ones skipped); report missing paths."""
    skip = {str(Path(p).resolve()) for p in exclude}
    found: list[str] = []
    missing: list[SourceError] = []
    for spec in specs:
        if spec == STDIN or is_url(spec):
            found.append(spec)
            continue
        path = Path(spec)
        if path.is_dir():
            found.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and not _is_hidden(p, path) and str(p.resolve()) not in skip
            )
        elif path.is_file():
            found.append(spec)
        else:
            missing.append(SourceError(spec, "no such file, folder or URL; give a path that exists or an http(s) URL"))
    return found, missing


def ingest_sources(
    specs: Sequence[str],
    sink: DocumentSink,
    *,
    options: IngestOptions | None = None,
    stdin: BinaryIO | None = None,
    on_event: Callable[[IngestEvent], None] | None = None,
    on_source_done: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Read every source, store each document once, and return what happened."""
    options = options or IngestOptions()
    summary = IngestSummary()
    paths, missing = expand_sources(specs, exclude=options.exclude)

    stored: list[int] = []  # the batch's new documents, whose actors are linked afterwards

    def note(event: IngestEvent) -> None:
        if event.outcome == "new":
            summary.new += 1
            if event.document_id is not None:
                stored.append(event.document_id)
            summary.events += event.events
        elif event.outcome == "duplicate":
            summary.duplicate += 1
        else:
            summary.failed.append({"source": event.source, "error": event.detail})
        if on_event:
            on_event(event)

    for error in missing:
        note(IngestEvent("failed", error.source, error.reason))
    for spec in paths:
        for event in _ingest_one(spec, sink, options=options, stdin=stdin):
            note(event)
        if on_source_done:
            on_source_done(spec)
    if options.resolve and stored:
        _resolve(sink, summary, documents=stored)
    return summary


def _resolve(sink: DocumentSink, summary: IngestSummary, *, documents: list[int]) -> None:
    """Link actors and merge same events; each merge is its own transaction, like each document."""
    from khronika.store import Store

    if not isinstance(sink, Store):  # a test double or a dry run: nothing to resolve in
        return
    from khronika.resolve.events import resolve_store

    try:
        summary.resolved = resolve_store(sink, actor="system", documents=documents)
    except KhronikaError as exc:
        # Resolving again (`khronika resolve`) finishes the work; the batch itself is stored.
        summary.resolve_problem = f"linking and merging stopped: {exc}; run 'khronika resolve' to finish"


def count_sources(specs: Sequence[str], *, exclude: Sequence[str] = ()) -> int:
    """Return how many sources a run over `specs` will read (for a progress bar)."""
    paths, missing = expand_sources(specs, exclude=exclude)
    return len(paths) + len(missing)


def _ingest_one(
    spec: str, sink: DocumentSink, *, options: IngestOptions, stdin: BinaryIO | None
) -> Iterator[IngestEvent]:
    try:
        source = _load_source(spec, options=options, stdin=stdin)
        for item in read_source(source, name=options.reader):
            if isinstance(item, SourceError):
                yield IngestEvent("failed", item.source, item.reason)
                continue
            yield _store(item, sink, extract=options.extract)
    except SourceError as exc:
        yield IngestEvent("failed", exc.source, exc.reason)
    except (OSError, ValueError, LookupError, RuntimeError) as exc:
        # A library choking on a malformed file must not end the batch; say which file it was.
        yield IngestEvent("failed", spec, f"could not be read ({type(exc).__name__}: {exc})")


def _store(doc: Document, sink: DocumentSink, *, extract: bool) -> IngestEvent:
    where = doc.uri if not doc.source_key else f"{doc.uri} ({doc.source_key})"
    existing = sink.find_document(doc)  # before extracting: a rerun should not pay for it again
    if existing is not None:
        return IngestEvent("duplicate", where, f"already stored as document {existing}", document_id=existing)
    if doc.retrieved_at is None:
        doc.retrieved_at = datetime.now(UTC)
    if doc.language is None:
        doc.language = detect_language(f"{doc.title or ''}\n{doc.text}")
    events, problem = _extract(doc) if extract else ([], "")
    doc_id, created = sink.add_document(doc, events=events)
    if created:
        return IngestEvent("new", where, problem, document_id=doc_id, events=len(events))
    return IngestEvent("duplicate", where, f"already stored as document {doc_id}", document_id=doc_id)


def _extract(doc: Document) -> tuple[list[Event], str]:
    """Run the extractor; a crash in it must not cost the document, which is stored without events."""
    from khronika.extract.pipeline import TRIGGER_FINDERS, extract_events, extractor_name

    if doc.language not in TRIGGER_FINDERS:  # a language we have no rules for
        return [], ""
    published = date.fromisoformat(doc.published) if doc.published and len(doc.published) == 10 else None
    try:
        events = extract_events(doc.text, published=published, lang=doc.language, title=doc.title)
    except Exception as exc:  # third-party NLP code can raise anything; the document matters more
        return [], f"stored without events: the extractor failed ({type(exc).__name__}: {exc})"
    doc.extracted_by = extractor_name(doc.language)
    return events, ""


def _load_source(spec: str, *, options: IngestOptions, stdin: BinaryIO | None) -> Source:
    if spec == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        return Source(uri="stdin", data=data, options=options.reader_options)
    if is_url(spec):
        from khronika.ingest.fetch import fetch_source  # httpx is imported only when a URL is given

        fetched = fetch_source(spec, timeout_s=options.fetch_timeout_s, max_bytes=options.fetch_max_bytes)
        return Source(uri=fetched.uri, data=fetched.data, media_type=fetched.media_type, options=options.reader_options)
    path = Path(spec)
    return Source(uri=str(path), data=path.read_bytes(), options=options.reader_options)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
