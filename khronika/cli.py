"""The khronika command: parse options, call one function, print its result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from khronika import __version__
from khronika.errors import KhronikaError
from khronika.settings import Settings

app = typer.Typer(
    help="khronika: a trusted chronicle of protests, strikes and repression, built from reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
documents_app = typer.Typer(help="List and show stored documents.", no_args_is_help=True)
app.add_typer(documents_app, name="documents")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # an error message must survive copy and paste whole


class _State:
    settings: Settings = Settings()


def _version(value: bool) -> None:
    if value:
        print(f"khronika {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database: an SQLite file path or a PostgreSQL URL [env: KHRONIKA_DB]."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """khronika: a trusted chronicle of protests, strikes and repression, built from reports."""
    _State.settings = Settings(db=db) if db else Settings()


@contextmanager
def _store() -> Iterator[Any]:
    from khronika.store.database import open_store

    store = open_store(_State.settings.database_url())
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except KhronikaError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
        raise typer.Exit(2) from None


@app.command()
def init() -> None:
    """Create the database, or bring it to the current schema."""
    with _user_errors(), _store():
        out.print(f"database ready: {_State.settings.db}", highlight=False)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders (recursive), URLs, feed URLs, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON summary object.")] = False,
    source_format: Annotated[
        str | None, typer.Option("--format", help="Read every source with this reader (e.g. text, html, csv).")
    ] = None,
    csv_text: Annotated[str | None, typer.Option(help="CSV: the column holding the text.")] = None,
    csv_title: Annotated[str | None, typer.Option(help="CSV: the column holding the title.")] = None,
    csv_date: Annotated[str | None, typer.Option(help="CSV: the column holding the date.")] = None,
    csv_url: Annotated[str | None, typer.Option(help="CSV: the column holding the source URL.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
    extract: Annotated[bool, typer.Option(help="Propose events from each new document.")] = True,
) -> None:
    """Read reports from files, folders, URLs, feeds or stdin and store each document once."""
    from khronika.ingest.console import run_ingest

    reader_options = {
        k: v for k, v in {"text": csv_text, "title": csv_title, "date": csv_date, "url": csv_url}.items() if v
    }
    with _user_errors(), _store() as store:
        summary = run_ingest(
            sources,
            store,
            settings=_State.settings,
            reader_options=reader_options,
            reader=source_format,
            extract=extract,
            console=err,
            show_progress=progress and not as_json and err.is_terminal,
            quiet=as_json,
        )
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        failed = f", [red]{len(summary.failed)} failed[/red]" if summary.failed else ""
        events = f" ({summary.events} events proposed)" if extract else ""
        out.print(f"{summary.new} new{events}, {summary.duplicate} duplicate{failed}")
    if summary.failed:
        raise typer.Exit(1)


@documents_app.command("list")
def documents_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    limit: Annotated[int, typer.Option(help="How many documents to show.")] = 50,
    offset: Annotated[int, typer.Option(help="How many to skip first.")] = 0,
) -> None:
    """List stored documents in the order they were stored."""
    from khronika.ingest.console import document_summary

    with _user_errors(), _store() as store:
        docs = store.list_documents(limit=limit, offset=offset)
        total = store.count_documents()
    rows = [document_summary(d) for d in docs]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "kind", "lang", "published", "title", title=f"{total} documents")
    for row in rows:
        table.add_row(
            str(row["id"]), row["source_kind"], row["language"] or "", row["published"] or "", row["title"] or ""
        )
    out.print(table)


@documents_app.command("show")
def documents_show(
    document_id: Annotated[int, typer.Argument(help="The document's id, as `documents list` shows it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Show one document: its metadata, hash and text."""
    from khronika.ingest.console import document_summary

    with _user_errors(), _store() as store:
        doc = store.get_document(document_id)
    if doc is None:
        err.print(f"error: no document {document_id}; `khronika documents list` shows the ids")
        raise typer.Exit(1)
    row = document_summary(doc) | {"text": doc.text, "meta": doc.meta}
    if as_json:
        print(json.dumps(row, ensure_ascii=False, default=str))
        return
    for key in ("id", "title", "source_kind", "uri", "source_key", "published", "retrieved_at", "language", "sha256"):
        if row.get(key) is not None:
            out.print(f"[bold]{key}:[/bold] {row[key]}", highlight=False)
    out.print()
    out.print(doc.text, highlight=False, markup=False)


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Count documents by source and language, and events by type and review state."""
    with _user_errors(), _store() as store:
        counts = store.stats()
    if as_json:
        print(json.dumps(counts, ensure_ascii=False))
        return
    for name, rows in counts.items():
        table = Table(name.split("_by_")[1], "count", title=name.replace("_", " "))
        for key, count in rows.items():
            table.add_row(key, str(count))
        table.add_row("[bold]all[/bold]", f"[bold]{sum(rows.values())}[/bold]")
        out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find; "quoted phrase" for a phrase.')],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    limit: Annotated[int, typer.Option(help="How many hits to show.")] = 20,
) -> None:
    """Search documents and events in English, Russian and Kazakh."""
    with _user_errors(), _store() as store:
        hits = store.search(query, limit=limit)
    rows = [{"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet} for h in hits]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        out.print("no matches")
        return
    for row in rows:
        out.print(f"[bold]{row['kind']} {row['id']}[/bold] {row['title'] or ''}", highlight=False)
        out.print(f"  {row['snippet']}", highlight=False, markup=False)


@app.command()
def extract(
    input_path: Annotated[str, typer.Option("--input", help="Documents, one JSON object a line; - for stdin.")],
    output_path: Annotated[str, typer.Option("--output", help="Events, one line per document; - for stdout.")],
    workers: Annotated[int, typer.Option(min=1, help="Local processes, each loading the models once.")] = 1,
) -> None:
    """Extract events from a JSON-lines file of documents, as the event contract describes."""
    from khronika.extract.batch import extract_jsonl

    with _user_errors():
        summary = extract_jsonl(input_path, output_path, workers=workers)
    for message in summary.errors:
        err.print(f"[red]error:[/red] {message}", highlight=False)
    err.print(f"{summary.documents} documents, {summary.events} events, {summary.seconds:.1f} s", highlight=False)
    if summary.errors:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    gold: Annotated[str, typer.Argument(help="Annotated documents, one JSON object a line, with their events.")],
    workers: Annotated[int, typer.Option(min=1, help="Local processes for the extractor.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score the extractor on an annotated file, overall, per type and per language."""
    from khronika.extract.evaluate import format_report
    from khronika.extract.gold import evaluate_gold

    with _user_errors():
        result = evaluate_gold(gold, workers=workers)
    print(json.dumps(result, indent=1) if as_json else format_report(result))


@app.command("extract-again")
def extract_again(
    force: Annotated[
        bool, typer.Option("--all", help="Read every document again, not only those read by an older extractor.")
    ] = False,
) -> None:
    """Re-run the current extractor over stored documents, keeping reviewed events as they are."""
    from khronika.batch.reextract import extract_again as run_again

    with _user_errors(), _store() as store:
        summary = run_again(store, force=force)
    out.print(
        f"{summary.documents} documents read again, {summary.events} events proposed, "
        f"{summary.kept_reviewed} proposals already reviewed, {summary.up_to_date} documents up to date"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the chronicle in the browser and the JSON API (docs at /api/docs)."""
    import uvicorn

    from khronika.web.app import create_app

    with _user_errors(), _store() as store:
        out.print(f"khronika on http://{host}:{port}/ (database {_State.settings.db}); Ctrl+C stops it")
        uvicorn.run(create_app(store, settings=_State.settings), host=host, port=port, log_level="warning")


def run() -> None:
    """Entry point for `python -m khronika`."""
    app(prog_name="khronika")
