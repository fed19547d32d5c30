"""The Store: every read and write of documents, events and search goes through it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from khronika.errors import StoreError
from khronika.records import Document, Event
from khronika.store import documents as docs
from khronika.store import events as evs
from khronika.store.audit import append_entry
from khronika.store.people import People, visible_hits
from khronika.store.schema import documents
from khronika.store.schema import events as events_table
from khronika.store.search import KINDS, Kind, SearchHit, SearchQuery, find_ids, make_snippet, parse_query
from khronika.store.sessions import Sessions

if TYPE_CHECKING:
    from khronika.protect.roles import Viewer
    from khronika.store.cases import Cases
    from khronika.store.drafts import Drafts
    from khronika.store.links import Links


class Store:
    """Documents, their original bytes, events and the search index in one database."""

    def __init__(self, engine: Engine, *, migrator: Callable[[Engine], None]) -> None:
        self._engine = engine
        self._migrator = migrator

    @property
    def backend(self) -> str:
        """Return 'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision (Alembic 'upgrade head')."""
        self._migrator(self._engine)

    def close(self) -> None:
        """Close every pooled connection; the store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add_document(
        self, doc: Document, *, events: list[Event] | None = None, actor: str = "system"
    ) -> tuple[int, bool]:
        """Store a document with its original bytes and the events read from it, all or nothing.

        Return (id, created); created is False for a duplicate, whose events are left as they are.
        The audit log gets an "ingest" entry by `actor` in the same transaction.
        """
        try:
            with self._write() as conn:
                existing = docs.find_duplicate(conn, doc)
                if existing is not None:
                    return existing, False
                doc_id = docs.insert_document(conn, doc)
                now = datetime.now(UTC)
                event_ids = [evs.insert_event(conn, doc_id, event, now=now) for event in events or ()]
                detail = {"sha256": doc.sha256, "events": event_ids}
                append_entry(conn, actor=actor, action="ingest", target=f"document:{doc_id}", detail=detail)
                return doc_id, True
        except IntegrityError:
            # Another process stored the same bytes or source key after our check (PostgreSQL).
            with self._engine.connect() as conn:
                existing = docs.find_duplicate(conn, doc)
            if existing is None:
                raise
            return existing, False

    def find_document(self, doc: Document) -> int | None:
        """Return the id of a stored document with the same bytes or the same source key, or None."""
        with self._engine.connect() as conn:
            return docs.find_duplicate(conn, doc)

    def get_document(self, doc_id: int) -> Document | None:
        """Return the document with its original bytes, or None."""
        with self._engine.connect() as conn:
            rows = docs.select_documents(conn, ids=[doc_id])
            if not rows:
                return None
            return docs.row_to_document(rows[0], original=docs.select_original(conn, rows[0].sha256))

    def list_documents(self, *, limit: int = 50, offset: int = 0) -> list[Document]:
        """Return a page of documents in the order they were stored, without original bytes."""
        with self._engine.connect() as conn:
            return [docs.row_to_document(row) for row in docs.select_documents(conn, limit=limit, offset=offset)]

    def count_documents(self) -> int:
        """Return how many documents are stored."""
        with self._engine.connect() as conn:
            return docs.count_documents(conn)

    def stats(self) -> dict[str, dict[str, int]]:
        """Return counts: documents by source kind and by language, events by type and by review state."""
        groups = {
            "documents_by_kind": documents.c.source_kind,
            "documents_by_language": documents.c.language,
            "events_by_type": events_table.c.type,
            "events_by_review": events_table.c.review,
        }
        with self._engine.connect() as conn:
            return {
                name: {
                    str(key): int(count)
                    for key, count in conn.execute(select(column, func.count()).group_by(column).order_by(column))
                }
                for name, column in groups.items()
            }

    def get_original(self, sha256: str) -> bytes | None:
        """Return the original bytes stored under this SHA-256, or None."""
        with self._engine.connect() as conn:
            return docs.select_original(conn, sha256)

    def add_events(self, document_id: int, events: list[Event], *, actor: str = "system") -> list[int]:
        """Store events read from a document, all or none, with an "extract" audit entry; return their ids."""
        with self._write() as conn:
            self._require_document(conn, document_id)
            now = datetime.now(UTC)
            ids = [evs.insert_event(conn, document_id, event, now=now) for event in events]
            detail = {"events": ids}
            append_entry(conn, actor=actor, action="extract", target=f"document:{document_id}", detail=detail)
            return ids

    def get_event(self, event_id: int) -> Event | None:
        """Return the event with its actors, place and evidence, or None."""
        with self._engine.connect() as conn:
            found = evs.load_events(conn, [event_id])
        return found[0] if found else None

    def list_events(self, *, document_id: int | None = None, limit: int = 50, offset: int = 0) -> list[Event]:
        """Return a page of events by id, all or those of one document."""
        with self._engine.connect() as conn:
            ids = evs.select_event_ids(conn, document_id=document_id, limit=limit, offset=offset)
            return evs.load_events(conn, ids)

    def replace_proposed_events(
        self, document_id: int, events: list[Event], *, extracted_by: str | None = None, actor: str = "system"
    ) -> list[int]:
        """Swap a document's unreviewed events for new ones, keeping confirmed and rejected events.

        With `extracted_by`, also record that extractor as the one that last read the document.
        The audit log gets an "extract" entry by `actor` in the same transaction.
        """
        with self._write() as conn:
            self._require_document(conn, document_id)
            removed = evs.delete_proposed(conn, document_id)
            if extracted_by is not None:
                conn.execute(update(documents).where(documents.c.id == document_id).values(extracted_by=extracted_by))
            now = datetime.now(UTC)
            ids = [evs.insert_event(conn, document_id, event, now=now) for event in events]
            detail = {"events": ids, "removed": removed, "extracted_by": extracted_by}
            append_entry(conn, actor=actor, action="extract", target=f"document:{document_id}", detail=detail)
            return ids

    def set_review(self, event_id: int, state: str, *, actor: str = "system") -> None:
        """Mark an event proposed, confirmed or rejected, with a "review" audit entry by `actor`."""
        with self._write() as conn:
            evs.update_review(conn, event_id, state, now=datetime.now(UTC))
            append_entry(conn, actor=actor, action="review", target=f"event:{event_id}", detail={"state": state})

    def search(
        self, query: str, *, limit: int = 20, kinds: Iterable[str] = KINDS, viewer: Viewer | None = None
    ) -> list[SearchHit]:
        """Find documents and events: every word by prefix, "quoted phrases" as phrases, all ANDed.

        With a `viewer`, only what they may see, redacted, and never a match on a name hidden from them.
        """
        wanted = [kinds] if isinstance(kinds, str) else list(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in KINDS]
        if unknown:
            raise StoreError(f"search kinds {unknown!r} unknown; use {', '.join(KINDS)}")
        parsed = parse_query(query)
        if parsed.is_empty() or limit <= 0:
            return []
        hits: list[SearchHit] = []
        people = self.people
        hidden = [] if viewer is None else people.hidden_from(viewer.levels, can_see_protected=viewer.can_see_protected)
        with self._engine.connect() as conn:
            for kind in KINDS:
                if kind not in wanted:
                    continue
                if viewer is None:
                    hits += self._hits(conn, kind, parsed, limit=limit)
                else:
                    hits += visible_hits(conn, kind, parsed, limit=limit, viewer=viewer, hidden=hidden)
        hits.sort(key=lambda h: (-h.rank, h.kind, h.id))
        return hits[:limit]

    def _hits(self, conn: Connection, kind: Kind, parsed: SearchQuery, *, limit: int) -> list[SearchHit]:
        found = find_ids(conn, kind, parsed, limit=limit)
        ids = [row_id for row_id, _ in found]
        if kind == "document":
            rows = {row.id: row for row in docs.select_documents(conn, ids=ids)}
            return [
                SearchHit(kind, i, rows[i].title or rows[i].uri, make_snippet(rows[i].text, parsed), rank)
                for i, rank in found
                if i in rows
            ]
        events = {e.id: e for e in evs.load_events(conn, ids)}
        return [
            SearchHit(kind, i, _event_title(events[i]), make_snippet(_event_passage(events[i]), parsed), rank)
            for i, rank in found
            if i in events
        ]

    @property
    def people(self) -> People:
        """Accounts, levels and protected people (khronika.store.people)."""
        return People(self._engine.connect, self._write)

    @property
    def links(self) -> Links:
        """Linked actors and merge suggestions (khronika.store.links)."""
        from khronika.store.links import Links

        return Links(self._engine.connect, self._write)

    @property
    def drafts(self) -> Drafts:
        """Press-release and alert drafts (khronika.store.drafts)."""
        from khronika.store.drafts import Drafts

        return Drafts(self._engine.connect, self._write, people=self.people)

    @property
    def cases(self) -> Cases:
        """Cases built from events, with people's corrections (khronika.store.cases)."""
        from khronika.store.cases import Cases

        return Cases(self, self._engine.connect, self._write)

    @property
    def sessions(self) -> Sessions:
        """Sign-in sessions, kept by the hash of their token (khronika.store.sessions)."""
        return Sessions(self._engine.connect, self._write)

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """Open a connection for the read queries of khronika.store.queries (one consistent page)."""
        with self._engine.connect() as conn, conn.begin():
            yield conn

    def update_event(self, event_id: int, changes: dict[str, object], *, actor: str) -> dict[str, list[object]]:
        """Correct an event's type, date, date_end, place (by name) or size, with an "edit" audit entry."""
        from khronika.store import edits  # edits imports the audit chain; keep Store importable alone

        with self._write() as conn:
            return edits.update_event(conn, event_id, changes, actor=actor, now=datetime.now(UTC))

    def merge_events(self, source_id: int, into_id: int, *, actor: str) -> dict[str, int]:
        """Move one event's evidence and actors into another and delete it, with "merge" audit entries."""
        from khronika.store import edits

        with self._write() as conn:
            return edits.merge_events(conn, source_id, into_id, actor=actor, now=datetime.now(UTC))

    def log_action(
        self, action: str, *, actor: str, target: str | None = None, detail: dict[str, object] | None = None
    ) -> int:
        """Append an audit entry for an action that changes no record (export, backup, login); return its id."""
        with self._write() as conn:
            return append_entry(conn, actor=actor, action=action, target=target, detail=detail or {})

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            # Read by the SQLite "begin" hook in database.py: writers BEGIN IMMEDIATE.
            conn.execution_options(khronika_write=True)
            with conn.begin():
                yield conn

    @staticmethod
    def _require_document(conn: Connection, document_id: int) -> None:
        if conn.execute(select(documents.c.id).where(documents.c.id == document_id)).scalar() is None:
            raise StoreError(f"document {document_id} does not exist; add the document before its events")


def _event_title(event: Event) -> str:
    parts = [event.type, event.date or "", event.place.name if event.place else ""]
    return " ".join(p for p in parts if p)


def _event_passage(event: Event) -> str:
    if event.evidence:
        return " … ".join(e.text for e in event.evidence)
    return ", ".join(a.name for a in event.actors)
