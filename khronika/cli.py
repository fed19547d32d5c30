"""The khronika command: parse options, call one function, print its result."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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
    key: str | None = None  # asked once per run when the database is encrypted and no key was given


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
    key_file: Annotated[
        Path | None,
        typer.Option("--key-file", help="File holding the database key (SQLCipher) [env: KHRONIKA_KEY_FILE]."),
    ] = None,
) -> None:
    """khronika: a trusted chronicle of protests, strikes and repression, built from reports."""
    given: dict[str, Any] = {"db": db, "key_file": key_file}
    _State.settings = Settings(**{name: value for name, value in given.items() if value is not None})
    _State.key = None


@contextmanager
def _store() -> Iterator[Any]:
    from khronika.store.database import open_store

    store = open_store(_State.settings.database_url(), key=_database_key())
    try:
        yield store
    finally:
        store.close()


def _database_key() -> str | None:
    """Return the SQLCipher key from the settings, or ask for it in a terminal when the file is encrypted."""
    from khronika.store.crypto import database_state

    key = _State.key or _State.settings.database_key()
    files = _State.settings.database_files()
    if key is None and files and database_state(files[0]) == "encrypted" and sys.stdin.isatty():
        key = getpass.getpass(f"key for {_State.settings.db}: ") or None
    _State.key = key
    return key


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
    demo: Annotated[
        bool, typer.Option("--demo", help="Local single-user mode: no accounts, no secret key (also KHRONIKA_DEMO).")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes sharing the port: one a core serves more readers at once; "
            "the default 1 uses the least memory and is fast enough for a team.",
        ),
    ] = 1,
) -> None:
    """Serve the chronicle in the browser and the JSON API (docs at /api/docs); sign-in at /login."""
    import uvicorn

    from khronika.settings import require_secret
    from khronika.web.app import APP_FACTORY, WORKER_THREADS, create_app, set_environment, size_pool, worker_environment
    from khronika.web.auth import enable_accounts

    demo = demo or _State.settings.demo
    with _user_errors():
        # Checked before the database opens: outside demo mode no start without a strong secret.
        secret = require_secret(_State.settings, demo=demo)
        with _store() as store:  # opened (and migrated) here once, before any worker starts
            mode = "demo: single user, no sign-in" if demo else "accounts: sign in at /login"
            processes = f", {workers} processes" if workers > 1 else ""
            out.print(
                f"khronika on http://{host}:{port}/ (database {_State.settings.db}, {mode}{processes}); Ctrl+C stops it"
            )
            if workers == 1:
                size_pool(store, threads=WORKER_THREADS)
                web = create_app(store, settings=_State.settings)
                if not demo:
                    enable_accounts(web, secret_key=secret)
                uvicorn.run(web, host=host, port=port, log_level="warning")
                return
        # The workers rebuild the settings from their environment (never a file or the command line).
        set_environment(worker_environment(_State.settings, key=_State.key, secret=secret, demo=demo))
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning")


user_app = typer.Typer(help="Accounts: add, list, change roles, disable, enrol a second factor.", no_args_is_help=True)
app.add_typer(user_app, name="user")
_ROLE_HELP = "admin, editor, reviewer or viewer."


def _new_password(name: str, *, from_stdin: bool) -> str:
    import sys

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The account's sign-in name.")],
    role: Annotated[str, typer.Option("--role", help=_ROLE_HELP)],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin, not a prompt.")
    ] = False,
) -> None:
    """Create an account; the password is asked twice (or read from stdin) and must not be weak."""
    from khronika.protect.users import add_user

    password = _new_password(name, from_stdin=password_stdin)
    with _user_errors(), _store() as store:
        add_user(store, name, role, password)
    out.print(f"user {name} added with role {role}", highlight=False)


@user_app.command("list")
def user_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List accounts with their role, second factor and state."""
    with _user_errors(), _store() as store:
        users = store.people.list_users()
    rows = [
        {
            "name": u.name,
            "role": u.role,
            "totp": u.totp_secret is not None,
            "disabled": u.disabled_at is not None,
            "failed_logins": u.failed_logins,
            "created_at": u.created_at.isoformat(),
        }
        for u in users
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("name", "role", "TOTP", "state", "failed logins", "created", title=f"{len(rows)} accounts")
    for row in rows:
        state = "disabled" if row["disabled"] else "active"
        totp = "yes" if row["totp"] else "no"
        table.add_row(row["name"], row["role"], totp, state, str(row["failed_logins"]), row["created_at"][:10])
    out.print(table)


@user_app.command("set-role")
def user_set_role(
    name: Annotated[str, typer.Argument(help="The account's name.")],
    role: Annotated[str, typer.Argument(help=_ROLE_HELP)],
) -> None:
    """Give an account another role."""
    from khronika.protect.users import set_role

    with _user_errors(), _store() as store:
        set_role(store, name, role)
    out.print(f"user {name} now has role {role}", highlight=False)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="The account's name.")]) -> None:
    """Disable an account so it can no longer sign in; its history stays."""
    from khronika.protect.users import disable_user

    with _user_errors(), _store() as store:
        disable_user(store, name)
    out.print(f"user {name} disabled", highlight=False)


@user_app.command("totp")
def user_totp(name: Annotated[str, typer.Argument(help="The account's name.")]) -> None:
    """Enrol (or renew) an account's TOTP second factor and print its otpauth URI once."""
    from khronika.protect.users import enrol_totp

    with _user_errors(), _store() as store:
        uri = enrol_totp(store, name)
    out.print("Add this to an authenticator app (or make a QR code of it); it is not shown again:")
    print(uri)


@app.command()
def protect(
    person_name: Annotated[str, typer.Argument(help="The name as stored (or any stored spelling of it).")],
    also: Annotated[
        list[str] | None,
        typer.Option("--also", help="Another spelling to hide in texts (another script, a surname alone); repeatable."),
    ] = None,
) -> None:
    """Protect a person: everyone not cleared sees a stable pseudonym instead of the name, everywhere."""
    with _user_errors(), _store() as store:
        people = store.people.protect(person_name, also=also or ())
    for person in people:
        out.print(f"actor {person.actor_id} is protected as {person.pseudonym}", highlight=False)


@app.command()
def level(
    kind: Annotated[str, typer.Argument(help="event, document or actor.")],
    record_id: Annotated[int, typer.Argument(help="The record's id.")],
    new_level: Annotated[str, typer.Argument(metavar="LEVEL", help="public, internal or confidential.")],
) -> None:
    """Set who may see a record: public (anyone), internal (signed-in users) or confidential."""
    with _user_errors(), _store() as store:
        store.people.set_level(kind, record_id, new_level)
    out.print(f"{kind} {record_id} is now {new_level}", highlight=False)


audit_app = typer.Typer(help="Check the tamper-evident audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
evidence_app = typer.Typer(help="List and re-hash the stored originals.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@audit_app.command("verify")
def audit_verify(
    anchor: Annotated[
        str | None, typer.Option("--anchor", help="A head hash printed by an earlier verify and kept elsewhere.")
    ] = None,
) -> None:
    """Recompute the audit chain and name the first altered, removed, inserted or reordered entry."""
    from khronika.store.audit import verify_chain

    with _user_errors(), _store() as store, store.reader() as conn:
        result = verify_chain(conn, anchor=anchor)
    if not result.ok:
        err.print(f"[red]audit log broken:[/red] {result.problem}", highlight=False)
        raise typer.Exit(1)
    out.print(f"audit log intact: {result.entries} entries; head {result.head_hash}", highlight=False)


@evidence_app.command("manifest")
def evidence_manifest(
    output: Annotated[Path | None, typer.Option("--output", help="Write the manifest to this file.")] = None,
) -> None:
    """List every stored original with its SHA-256 and ingest time, as JSON Lines."""
    from dataclasses import asdict

    from khronika.protect import evidence

    with _user_errors(), _store() as store, store.reader() as conn:
        if output is not None:
            count = evidence.write_manifest(evidence.evidence_manifest(conn), output)
            err.print(f"{count} originals listed in {output}", highlight=False)
            return
        for entry in evidence.evidence_manifest(conn):
            print(json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True))


@evidence_app.command("verify")
def evidence_verify(
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="A manifest written earlier: also find replaced originals.")
    ] = None,
) -> None:
    """Re-hash every stored original and report any that changed or went missing."""
    from khronika.protect import evidence

    with _user_errors(), _store() as store, store.reader() as conn:
        listed = evidence.read_manifest(manifest) if manifest is not None else []
        problems = evidence.verify_evidence(conn, manifest=listed)
        checked = store.count_documents()
    bad = [p for p in problems if p.problem != evidence.NO_BYTES]
    for problem in bad:
        err.print(f"document {problem.document} ({problem.sha256}): {problem.problem}", highlight=False)
    out.print(
        f"{checked} originals checked: {len(bad)} problems, {len(problems) - len(bad)} without stored bytes",
        highlight=False,
    )
    if bad:
        raise typer.Exit(1)


def _sqlite_file(command: str) -> Path:
    from khronika.errors import StoreError

    files = _State.settings.database_files()
    if not files:
        raise StoreError(
            f"khronika {command} works on SQLite files; back up PostgreSQL with pg_dump and pg_restore "
            "(see docs/security.md)"
        )
    return Path(files[0])


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="The new backup file.")],
    backup_key_file: Annotated[
        Path | None, typer.Option("--backup-key-file", help="Encrypt the backup with this key, not the database's.")
    ] = None,
) -> None:
    """Write an encrypted, consistent snapshot of the database; safe while the server runs."""
    from khronika.protect.backup import backup_database
    from khronika.store.crypto import read_key_file

    with _user_errors():
        backup_key = read_key_file(backup_key_file) if backup_key_file is not None else None
        checked = backup_database(_sqlite_file("backup"), path, key=_database_key(), backup_key=backup_key)
        with _store() as store:
            detail = {"file": path.name, "documents": checked.documents, "audit_entries": checked.audit.entries}
            store.log_action("backup", actor="cli", detail=detail)
    out.print(f"backup written: {path} ({checked.documents} documents, {checked.audit.problem})", highlight=False)


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="A backup written by khronika backup.")],
    force: Annotated[bool, typer.Option("--force", help="Replace a database that already holds records.")] = False,
    backup_key_file: Annotated[
        Path | None, typer.Option("--backup-key-file", help="The backup's key, when it is not the database's.")
    ] = None,
) -> None:
    """Bring a backup back as the database, after checking that it opens and its audit log verifies."""
    from khronika.protect.backup import restore_database
    from khronika.store.crypto import read_key_file

    with _user_errors():
        backup_key = read_key_file(backup_key_file) if backup_key_file is not None else None
        target = _sqlite_file("restore")
        checked = restore_database(path, target, key=_database_key(), backup_key=backup_key, force=force)
    out.print(f"restored {checked.documents} documents into {target} ({checked.audit.problem})", highlight=False)


@app.command()
def rekey(
    new_key_file: Annotated[
        Path | None, typer.Option("--new-key-file", help="File holding the new key; without it, you are asked.")
    ] = None,
) -> None:
    """Change the database key, or encrypt a plain database; stop the server first."""
    from khronika.store.crypto import read_key_file, rekey_database
    from khronika.store.database import open_store

    with _user_errors():
        target = _sqlite_file("rekey")
        new_key = read_key_file(new_key_file) if new_key_file is not None else _ask_new_key()
        rekey_database(target, key=_database_key(), new_key=new_key)
        _State.key = new_key
        with open_store(_State.settings.database_url(), key=new_key) as store:
            store.log_action("rekey", actor="cli")
    out.print(f"{target} is encrypted with the new key; keep the key safe: without it the records are lost")


def _ask_new_key() -> str:
    from khronika.errors import SettingsError

    if not sys.stdin.isatty():
        raise SettingsError("no terminal to ask for the new key in; give --new-key-file FILE (chmod 600)")
    first = getpass.getpass("new key: ")
    if getpass.getpass("new key again: ") != first:
        raise SettingsError("the two new keys differ; nothing was changed, run khronika rekey again")
    return first


@user_app.command("revoke")
def user_revoke(name: Annotated[str, typer.Argument(help="The account's name.")]) -> None:
    """End every open session of an account at once (a lost laptop, a stolen cookie); it may sign in again."""
    from khronika.protect.users import revoke_sessions

    with _user_errors(), _store() as store:
        count = revoke_sessions(store, name)
    out.print(f"user {name}: {count} session{'' if count == 1 else 's'} ended", highlight=False)


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", help="Write the report to this file.")],
    date_from: Annotated[str | None, typer.Option("--from", help="First day: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only events in this region (admin1).")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="Only events of this type; repeatable.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en, ru or kk.")] = "en",
    fmt: Annotated[str, typer.Option("--format", help="pdf or html.")] = "pdf",
    role: Annotated[str, typer.Option("--as", help="Make it for this role (anonymous, viewer ... admin).")] = "viewer",
) -> None:
    """Write a printable report of a period (PDF or HTML): counts, charts, a map, the events, the detained."""
    from khronika.publish.report import ReportPeriod, report_viewer
    from khronika.publish.report_render import write_report

    with _user_errors():
        period = ReportPeriod.parse(date_from, date_to, region=region, types=types or ())
        viewer = report_viewer(role)
        with _store() as store:
            data = write_report(store, period, output=output, fmt=fmt, lang=lang, viewer=viewer, actor="cli")
    err.print(f"report of {data.total} events ({len(data.events)} listed) written to {output}", highlight=False)


@app.command()
def resolve(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be linked, merged and suggested; change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Link one person's spellings and merge events several reports tell; suggest the doubtful pairs."""
    from khronika.resolve.events import resolve_store

    with _user_errors(), _store() as store:
        report = resolve_store(store, actor="cli", dry_run=dry_run)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    actors, events = report.actors, report.events
    out.print(
        f"actors: {len(actors.linked)} linked, {len(actors.suggested)} suggested; "
        f"events: {len(events.merged)} merged, {len(events.suggested)} suggested"
        + (" (dry run: nothing changed)" if dry_run else ""),
        highlight=False,
    )


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl, geojson or acled (also json).")],
    output: Annotated[Path | None, typer.Option("--output", help="Write to this file; default: stdout.")] = None,
    role: Annotated[
        str, typer.Option("--as", help="Export what this role sees: anonymous, viewer, reviewer, editor, admin.")
    ] = "viewer",
    types: Annotated[list[str] | None, typer.Option("--type", help="Only this event type; repeatable.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date (YYYY, YYYY-MM, YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date (a month or year: all of it).")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only events in this region (admin1).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Only events in this place.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only events naming this actor.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only events from this kind of source.")] = None,
    review: Annotated[str | None, typer.Option("--review", help="proposed, confirmed or rejected.")] = None,
    language: Annotated[str | None, typer.Option("--language", help="Only events from documents in it.")] = None,
    words: Annotated[str | None, typer.Option("--words", help="Only events these words find.")] = None,
) -> None:
    """Export the events the filters select as CSV, JSON Lines, GeoJSON or an ACLED-style CSV."""
    from khronika.publish.exports import export_to_file, get_exporter
    from khronika.publish.options import cli_actor, export_filter, export_viewer

    with _user_errors():
        get_exporter(fmt)
        viewer = export_viewer(role)
        flt = export_filter(
            types=types or (),
            date_from=date_from,
            date_to=date_to,
            region=region,
            place=place,
            actor=actor,
            source=source,
            review=review,
            language=language,
            words=words,
        )
        with _store() as store:
            count = export_to_file(store, flt, fmt=fmt, path=output, viewer=viewer, actor=cli_actor())
    err.print(f"{count} events exported as {fmt} for role {role}", highlight=False)


cases_app = typer.Typer(help="Cases: people followed from detention to release.", no_args_is_help=True)
app.add_typer(cases_app, name="cases")


@cases_app.command("build")
def cases_build() -> None:
    """Build or refresh the cases from the stored events; what people corrected is kept."""
    from khronika.resolve.cases import build_cases

    with _user_errors(), _store() as store:
        counts = build_cases(store, actor="cli")
    out.print("cases: " + ", ".join(f"{n} {what}" for what, n in counts.items()), highlight=False)


@cases_app.command("list")
def cases_list(
    status: Annotated[
        str | None, typer.Option("--status", help="Only cases of this status (detained ... released).")
    ] = None,
    detained: Annotated[bool, typer.Option("--detained", help="List the people held now, each once.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    role: Annotated[
        str, typer.Option("--as", help="Show what this role sees: anonymous, viewer, reviewer, editor, admin.")
    ] = "viewer",
) -> None:
    """List the cases, or with --detained the people held now, as a role sees them."""
    from dataclasses import asdict

    from khronika.publish.selection import viewer_for_role
    from khronika.store.cases import case_to_dict

    with _user_errors(), _store() as store:
        viewer = viewer_for_role(role)
        if detained:
            rows = [asdict(p) for p in store.cases.detained_now(viewer=viewer)]
            columns: tuple[str, ...] = ("name", "since", "detention_place", "case_id")
        else:
            rows = [case_to_dict(c) for c in store.cases.list_cases(viewer=viewer, status=status)]
            columns = ("id", "status", "title", "opened", "next_hearing")
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(*columns, title=f"{len(rows)} {'people detained now' if detained else 'cases'}")
    for row in rows:
        table.add_row(*(str(row[c] or "") for c in columns))
    out.print(table)


_DRAFT_AS = "Draft as this role sees the records, capped at viewer: anonymous, viewer, reviewer, editor, admin."


@app.command("press-release")
def press_release(
    events: Annotated[list[int] | None, typer.Option("--event", help="Draft from this event; repeatable.")] = None,
    case: Annotated[int | None, typer.Option("--case", help="Draft from this case (with its events).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="en, ru or kk.")] = "en",
    role: Annotated[str, typer.Option("--as", help=_DRAFT_AS)] = "viewer",
    output: Annotated[Path | None, typer.Option("--output", help="Write to this file; default: stdout.")] = None,
    save: Annotated[bool, typer.Option("--save", help="Also keep it as a draft to edit and publish.")] = False,
) -> None:
    """Draft a press release from events or a case: who, what, when, where, the sources, a call to action."""
    from khronika.publish.press import draft_press_release, emit_draft
    from khronika.publish.selection import viewer_for_role

    with _user_errors():
        viewer = viewer_for_role(role)
        with _store() as store:
            text = draft_press_release(store, event_ids=events or [], case_id=case, language=lang, viewer=viewer)
            note = emit_draft(store, text, output=output, save=save, by="cli")
    err.print(note, highlight=False)


@app.command("alert")
def alert(
    event: Annotated[int | None, typer.Option("--event", help="The detention to draft the alert about.")] = None,
    case: Annotated[int | None, typer.Option("--case", help="Or the case of someone still held.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="en, ru or kk.")] = "en",
    role: Annotated[str, typer.Option("--as", help=_DRAFT_AS)] = "viewer",
    output: Annotated[Path | None, typer.Option("--output", help="Write to this file; default: stdout.")] = None,
    save: Annotated[bool, typer.Option("--save", help="Also keep it as a draft to edit and publish.")] = False,
) -> None:
    """Draft an urgent-action alert for a detention, with the authorities to write to."""
    from khronika.publish.alerts import draft_alert
    from khronika.publish.press import emit_draft
    from khronika.publish.selection import viewer_for_role

    with _user_errors():
        viewer = viewer_for_role(role)
        with _store() as store:
            text = draft_alert(store, event_id=event, case_id=case, language=lang, viewer=viewer)
            note = emit_draft(store, text, output=output, save=save, by="cli")
    err.print(note, highlight=False)


def run() -> None:
    """Entry point for `python -m khronika`."""
    app(prog_name="khronika")
