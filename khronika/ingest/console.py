"""Ingest on a terminal: a progress bar, a line per duplicate or failure, then the summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from khronika.ingest.pipeline import (
    DocumentSink,
    IngestEvent,
    IngestOptions,
    IngestSummary,
    count_sources,
    ingest_sources,
)
from khronika.records import Document
from khronika.settings import Settings


def run_ingest(
    specs: Sequence[str],
    sink: DocumentSink,
    *,
    settings: Settings,
    reader_options: dict[str, Any],
    reader: str | None = None,
    extract: bool = True,
    console: Console,
    show_progress: bool,
    quiet: bool,
) -> IngestSummary:
    """Ingest `specs` into `sink`, reporting duplicates and failures on `console` as they happen."""
    options = IngestOptions(
        reader_options=reader_options,
        reader=reader,
        extract=extract,
        exclude=settings.database_files(),
        fetch_timeout_s=settings.fetch_timeout_s,
        fetch_max_bytes=settings.fetch_max_bytes,
    )

    def say(event: IngestEvent) -> None:
        if quiet:
            return
        if event.outcome == "failed":
            console.print(f"[red]failed:[/red] {event.source}: {event.detail}", highlight=False)
        elif event.detail:  # stored, with a warning (the extractor failed on it)
            console.print(f"[yellow]warning:[/yellow] {event.source}: {event.detail}", highlight=False)
        elif event.outcome == "duplicate":
            console.print(f"[yellow]duplicate:[/yellow] {event.source}: {event.detail}", highlight=False)

    if not show_progress:
        return ingest_sources(specs, sink, options=options, on_event=say)
    columns = (
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=count_sources(specs, exclude=options.exclude))
        return ingest_sources(
            specs,
            sink,
            options=options,
            on_event=say,
            on_source_done=lambda spec: progress.update(task, advance=1, description=spec[-50:]),
        )


def document_summary(doc: Document) -> dict[str, Any]:
    """Return the fields that `documents list` and `documents show` print."""
    return {
        "id": doc.id,
        "title": doc.title,
        "source_kind": doc.source_kind,
        "uri": doc.uri,
        "source_key": doc.source_key,
        "published": doc.published,
        "retrieved_at": doc.retrieved_at.isoformat() if doc.retrieved_at else None,
        "language": doc.language,
        "sha256": doc.sha256,
    }
