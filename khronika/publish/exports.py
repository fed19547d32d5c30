"""Exports of any filtered set of events: one registry of formats, used by the built-ins as by a plugin.

    register_exporter("csv", media_type="text/csv; charset=utf-8", suffix=".csv", write=my_writer)
    count = export_events(store, EventFilter(types=("detention",)), fmt="acled", out=sys.stdout,
                          viewer=viewer_for_role("viewer"), actor="cli:anna")

An exporter's `write(events, sources=...)` yields the text in pieces rather than writing to a stream
itself, so the web app can stream a download without holding the set in memory or on disk, and the
command line writes the same pieces to a file. The events come from
khronika.publish.selection.select_events, already scoped and redacted for the viewer; evidence
quoted from a document above the viewer's level is left out here as well, and `sources(event)`
gives only the (redacted) URIs of documents the viewer may read. A third-party package registers
an exporter under the `khronika.exporters` entry-point group (a module that calls register_exporter).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol, TextIO

from sqlalchemy import select

from khronika.errors import SettingsError
from khronika.protect.redact import can_see_level, redaction_for
from khronika.protect.roles import Viewer
from khronika.publish import acled, formats
from khronika.publish.selection import BATCH, scope_filter, sees_everything, select_events
from khronika.records import Event
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.store.schema import documents
from khronika.store.store import Store


class SourceLookup(Protocol):
    """Gives the URIs of the documents an event was read from, as the viewer may see them."""

    def __call__(self, event: Event) -> list[str]: ...


class Writer(Protocol):
    """Turns events into the text of one format, yielded in pieces."""

    def __call__(self, events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]: ...


@dataclass(frozen=True)
class Exporter:
    """A registered format: its name, what a download is served as, and its writer."""

    name: str
    media_type: str
    suffix: str  # the file name's ending, with its dot: ".csv", ".acled.csv"
    write: Writer


EXPORTERS: dict[str, Exporter] = {}
_plugins_loaded = False


def register_exporter(name: str, *, media_type: str, suffix: str, write: Writer) -> Exporter:
    """Register (or replace) the exporter `name`; return it."""
    found = Exporter(name=name, media_type=media_type, suffix=suffix, write=write)
    EXPORTERS[name] = found
    return found


def load_exporters() -> dict[str, Exporter]:
    """Return the registry, with the exporters of installed plugins loaded once."""
    global _plugins_loaded
    if not _plugins_loaded:
        _plugins_loaded = True
        for ep in entry_points(group="khronika.exporters"):
            ep.load()
    return EXPORTERS


def get_exporter(name: str, *, option: str = "--format") -> Exporter:
    """Return the exporter `name`, or raise naming the option and the formats there are."""
    exporters = load_exporters()
    if name not in exporters:
        raise SettingsError(f"{option}: no export format {name!r}; choose one of {', '.join(sorted(exporters))}")
    return exporters[name]


class _VisibleSources:
    """The documents a batch of events cites, as the viewer may see them: readable or not, and their address."""

    def __init__(self, store: Store, viewer: Viewer) -> None:
        self.store = store
        self.viewer = viewer
        self.everything = sees_everything(viewer)
        self.redact = None if self.everything else redaction_for(store, viewer)
        # A public export lists web addresses only: a file path names folders and machines of the group.
        self.web_only = "internal" not in viewer.levels
        self.readable: dict[int, bool] = {}
        self.uris: dict[int, str] = {}

    def load(self, events: list[Event]) -> None:
        """Read the documents these events cite that were not read yet (one query a batch)."""
        cited = {e.document_id for ev in events for e in ev.evidence if e.document_id is not None}
        wanted = sorted(cited - set(self.readable))
        if not wanted:
            return
        query = select(documents.c.id, documents.c.uri, documents.c.level).where(documents.c.id.in_(wanted))
        with self.store.reader() as conn:
            rows = list(conn.execute(query))
        self.readable.update(dict.fromkeys(wanted, False))
        for row in rows:
            if not (self.everything or can_see_level(self.viewer, row.level)):
                continue
            self.readable[row.id] = True
            if not self.web_only or row.uri.lower().startswith(("http://", "https://")):
                self.uris[row.id] = row.uri if self.redact is None else self.redact(row.uri)

    def shown(self, event: Event) -> Event:
        """Return the event without evidence quoted from a document the viewer may not read."""
        if self.everything:
            return event
        kept = [e for e in event.evidence if e.document_id is None or self.readable.get(e.document_id, False)]
        return event if len(kept) == len(event.evidence) else replace(event, evidence=kept)

    def __call__(self, event: Event) -> list[str]:
        """Return the addresses of the documents the event's evidence comes from, each once, in order."""
        found = (self.uris.get(e.document_id) for e in event.evidence if e.document_id is not None)
        return list(dict.fromkeys(uri for uri in found if uri))


def _batched(events: Iterator[Event], sources: _VisibleSources) -> Iterator[Event]:
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) == BATCH:
            yield from _flush(batch, sources)
            batch = []
    yield from _flush(batch, sources)


def _flush(batch: list[Event], sources: _VisibleSources) -> Iterator[Event]:
    sources.load(batch)
    return (sources.shown(event) for event in batch)


def export_chunks(store: Store, flt: EventFilter, *, fmt: str, viewer: Viewer) -> Iterator[str]:
    """Yield the text of the events `flt` selects, in format `fmt`, as `viewer` may see them."""
    exporter = get_exporter(fmt)
    sources = _VisibleSources(store, viewer)
    return exporter.write(_batched(select_events(store, flt, viewer=viewer), sources), sources=sources)


def log_export(store: Store, flt: EventFilter, *, fmt: str, viewer: Viewer, actor: str) -> int:
    """Append the audit entry of an export (who, which format, filters, how many); return the count.

    Logged before the first byte leaves, so an export cut short is on record all the same.
    """
    scoped = scope_filter(store, flt, viewer=viewer)
    with store.reader() as conn:
        count = queries.count_events(conn, scoped)
    detail = {"filters": filter_detail(flt), "count": count, "as": viewer.role}
    store.log_action("export", actor=actor, target=fmt, detail=detail)
    return count


def filter_detail(flt: EventFilter) -> dict[str, Any]:
    """Return the filters a user set (not the viewer's scope), as the audit entry records them."""
    found: dict[str, Any] = {}
    for f in fields(flt):
        value = getattr(flt, f.name)
        if f.metadata.get("scope") or value is None or value in ("", ()):
            continue
        found[f.name] = list(value) if isinstance(value, tuple) else value
    return found


def export_events(store: Store, flt: EventFilter, *, fmt: str, out: TextIO, viewer: Viewer, actor: str) -> int:
    """Write the events `flt` selects to `out` in format `fmt`, as `viewer` may see them; audit; return the count."""
    get_exporter(fmt)  # an unknown format is refused before anything is logged
    count = log_export(store, flt, fmt=fmt, viewer=viewer, actor=actor)
    for piece in export_chunks(store, flt, fmt=fmt, viewer=viewer):
        out.write(piece)
    return count


def export_to_file(store: Store, flt: EventFilter, *, fmt: str, path: Path | None, viewer: Viewer, actor: str) -> int:
    """Write the export to the file `path` (stdout when None or "-"), UTF-8; return how many events it holds.

    The file is made readable by its owner only, and appears whole or not at all.
    """
    get_exporter(fmt)  # refused before a file is made
    if path is None or str(path) == "-":
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            return export_events(store, flt, fmt=fmt, out=stream, viewer=viewer, actor=actor)
        finally:
            stream.flush()
            stream.detach()  # sys.stdout stays open for whatever is printed next
    # mkstemp makes a new file (mode 600) that no other account on the machine can read.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    partial = Path(name)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:
            count = export_events(store, flt, fmt=fmt, out=stream, viewer=viewer, actor=actor)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_csv(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
    yield formats.BYTE_ORDER_MARK  # spreadsheet programs need it to read the file as UTF-8
    yield from formats.csv_chunks(events)


def _write_json(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
    return formats.json_chunks(events)


def _write_jsonl(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
    return formats.jsonl_chunks(events)


def _write_geojson(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
    return formats.geojson_chunks(events)


def _write_acled(events: Iterable[Event], *, sources: SourceLookup) -> Iterator[str]:
    return acled.acled_chunks(events, sources=sources)


register_exporter("csv", media_type="text/csv; charset=utf-8", suffix=".csv", write=_write_csv)
register_exporter("json", media_type="application/json", suffix=".json", write=_write_json)
register_exporter("jsonl", media_type="application/x-ndjson", suffix=".jsonl", write=_write_jsonl)
register_exporter("geojson", media_type="application/geo+json", suffix=".geojson", write=_write_geojson)
register_exporter("acled", media_type="text/csv; charset=utf-8", suffix=".acled.csv", write=_write_acled)
