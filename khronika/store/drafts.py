"""Press-release and alert drafts: created from events or a case, edited, then published once.

Every create, edit and publish appends an audit entry in the same transaction. The entry names
the draft, its kind, language and subject, never its text: a draft may hold a name that is
still to be replaced by a pseudonym. Publishing keeps the text as it went out in
`published_text`; after that the draft can no longer change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, insert, select, update

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import field_cipher
from khronika.records import LEVELS
from khronika.store.audit import append_entry
from khronika.store.documents import sealing
from khronika.store.schema import drafts

if TYPE_CHECKING:
    from khronika.protect.redact import TextRedactor
    from khronika.store.people import People

DRAFT_KINDS: tuple[str, ...] = ("press_release", "alert")
DRAFT_LANGUAGES: tuple[str, ...] = ("en", "ru", "kk")
DRAFT_STATUSES: tuple[str, ...] = ("draft", "published")
# Whatever is published is checked against what this role may not see: protected people by
# pseudonym only, nothing confidential (issue 6: drafts are built as the `viewer` audience at most).
PUBLICATION_ROLE = "viewer"
_MAX_TITLE = 300

Connect = Callable[[], AbstractContextManager[Connection]]


class PublishRefusedError(StoreError):
    """A draft's text names someone who may not be named in a publication."""


@dataclass(frozen=True)
class Draft:
    """A press release or an urgent alert as stored."""

    id: int
    kind: str
    language: str
    title: str
    body: str
    subject: dict[str, Any]
    status: str
    level: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    published_by: str | None = None
    published_text: str | None = field(default=None, repr=False)

    @property
    def is_published(self) -> bool:
        """Return True once the draft has been published (and can no longer change)."""
        return self.status == "published"


class Drafts:
    """Drafts of press releases and alerts; get one from `Store.drafts`."""

    def __init__(self, read: Connect, write: Connect, *, people: People) -> None:
        self._read = read
        self._write = write
        self._people = people

    def create(
        self,
        *,
        kind: str,
        language: str,
        title: str,
        body: str,
        subject: dict[str, Any],
        by: str,
        level: str = "internal",
    ) -> int:
        """Store a new draft and return its id, with a "draft.create" audit entry by `by`."""
        _check_choice("kind", kind, DRAFT_KINDS)
        _check_choice("language", language, DRAFT_LANGUAGES)
        _check_choice("level", level, LEVELS)
        _check_title(title)
        clean_subject = _check_subject(subject)
        now = datetime.now(UTC)
        values = dict(kind=kind, language=language, title=title, body=body, subject=clean_subject, level=level)
        with self._write() as conn:
            values.update(_sealed(conn, level, {"title": title, "body": body}, what=f"draft {kind}"))
            result = conn.execute(
                insert(drafts).values(**values, status="draft", created_by=by, created_at=now, updated_at=now)
            )
            draft_id = int(result.inserted_primary_key[0])  # type: ignore[index]
            detail = {"kind": kind, "language": language, "subject": clean_subject}
            append_entry(conn, actor=by, action="draft.create", target=f"draft:{draft_id}", detail=detail)
            return draft_id

    def get(self, draft_id: int) -> Draft | None:
        """Return the draft, or None."""
        with self._read() as conn:
            row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).first()
        return None if row is None else _to_draft(row)

    def list_drafts(self, *, status: str | None = None, limit: int = 200) -> list[Draft]:
        """Return drafts, the most recently changed first; only those of `status` when given."""
        query = select(drafts).order_by(drafts.c.updated_at.desc(), drafts.c.id.desc()).limit(limit)
        if status is not None:
            _check_choice("status", status, DRAFT_STATUSES)
            query = query.where(drafts.c.status == status)
        with self._read() as conn:
            return [_to_draft(row) for row in conn.execute(query)]

    def edit(self, draft_id: int, *, by: str, title: str | None = None, body: str | None = None) -> Draft:
        """Change an unpublished draft's title or body, with a "draft.edit" audit entry; return it."""
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = _check_title(title)
        if body is not None:
            changes["body"] = body
        with self._write() as conn:
            current = _unpublished(conn, draft_id, doing="edited")
            changes = {k: v for k, v in changes.items() if getattr(current, k) != v}
            if changes:
                sealed = _sealed(conn, current.level, changes, what=f"draft {draft_id}")
                conn.execute(
                    update(drafts).where(drafts.c.id == draft_id).values(**sealed, updated_at=datetime.now(UTC))
                )
                detail = {"fields": sorted(changes)}
                append_entry(conn, actor=by, action="draft.edit", target=f"draft:{draft_id}", detail=detail)
            row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).one()
        return _to_draft(row)

    def publish(self, draft_id: int, *, by: str) -> Draft:
        """Publish the draft: keep its text as it is now, for good; refuse a text naming a protected person."""
        from khronika.protect.redact import TextRedactor  # protect imports the store: not at import time
        from khronika.protect.roles import viewer_for

        audience = viewer_for("publication", PUBLICATION_ROLE)
        hidden = self._people.hidden_from(audience.levels, can_see_protected=audience.can_see_protected)
        redactor = TextRedactor(audience, hidden)
        now = datetime.now(UTC)
        with self._write() as conn:
            current = _unpublished(conn, draft_id, doing="published again")
            text = published_text(current.title, current.body)
            if redactor.finds(text):
                raise PublishRefusedError(_refusal(draft_id, text, redactor))
            # Published means public: title and body are written back plain, opened if they were sealed.
            values = dict(status="published", published_at=now, published_by=by, published_text=text, updated_at=now)
            values.update(title=current.title, body=current.body)
            conn.execute(update(drafts).where(drafts.c.id == draft_id).values(**values, level="public"))
            detail = {"kind": current.kind, "language": current.language, "characters": len(text)}
            append_entry(conn, actor=by, action="draft.publish", target=f"draft:{draft_id}", detail=detail)
            row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).one()
        return _to_draft(row)


def _sealed(conn: Connection, level: str, texts: dict[str, Any], *, what: str) -> dict[str, Any]:
    """Return the texts sealed for a confidential draft (on PostgreSQL with a key), else as given."""
    cipher = sealing(conn, level, what=what)
    if cipher is None:
        return texts
    return {name: cipher.seal(value, table="drafts", column=name) for name, value in texts.items()}


def reseal_draft(conn: Connection, draft_id: int) -> None:
    """Seal or open a draft's texts to match its level (after a key is first given, or a level change)."""
    row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).one()
    texts = {"title": row.title, "body": row.body}
    if row.published_text is not None:
        texts["published_text"] = row.published_text
    sealed = _sealed(conn, row.level, texts, what=f"draft {draft_id}")
    conn.execute(update(drafts).where(drafts.c.id == draft_id).values(**sealed))


def seal_confidential_drafts(conn: Connection) -> int:
    """Seal every confidential draft (drafts stored plain by an older khronika); return how many."""
    if field_cipher(conn) is None:
        return 0  # SQLite (SQLCipher encrypts the file) or PostgreSQL without a key
    query = select(drafts.c.id).where(drafts.c.level == "confidential").order_by(drafts.c.id)
    ids = list(conn.execute(query).scalars())
    for draft_id in ids:
        reseal_draft(conn, draft_id)
    return len(ids)


def published_text(title: str, body: str) -> str:
    """Return the text a draft publishes: its title, a blank line, its body."""
    return f"{title.strip()}\n\n{body.strip()}\n"


def _refusal(draft_id: int, text: str, redactor: TextRedactor) -> str:
    from khronika.protect.redact import TextRedactor, label_of

    # Name the pseudonyms, never the real name found: this message reaches logs and pages.
    labels = sorted({label_of(p) for p in redactor.people if TextRedactor(redactor.viewer, [p]).finds(text)})
    return (
        f"draft {draft_id} names a person who may not be named in a publication (shown as {', '.join(labels)}); "
        "replace the name by that pseudonym in the title and body, then publish again"
    )


def _unpublished(conn: Connection, draft_id: int, *, doing: str) -> Draft:
    row = conn.execute(select(drafts).where(drafts.c.id == draft_id)).first()
    if row is None:
        raise StoreError(f"draft {draft_id} does not exist; check the id on the /drafts page")
    draft = _to_draft(row)
    if draft.is_published:
        when = draft.published_at.date().isoformat() if draft.published_at else "earlier"
        raise StoreError(
            f"draft {draft_id} was published on {when} and cannot be {doing}; its published text stays as it went out. "
            "Draft a new one to say more"
        )
    return draft


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise StoreError(f"draft {name} {value!r} is unknown; use one of {', '.join(choices)}")
    return value


def _check_title(title: str) -> str:
    if not title.strip() or len(title) > _MAX_TITLE:
        raise StoreError(f"draft title must be 1 to {_MAX_TITLE} characters; got {len(title.strip())}")
    return title


def _check_subject(subject: dict[str, Any]) -> dict[str, Any]:
    events = subject.get("events", [])
    case = subject.get("case")
    if set(subject) - {"events", "case"}:
        raise StoreError(f"draft subject keys {sorted(subject)!r} unknown; use 'events' (a list of ids) and 'case'")
    if not isinstance(events, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in events):
        raise StoreError(f"draft subject 'events' must be a list of event ids; got {events!r}")
    if case is not None and (not isinstance(case, int) or isinstance(case, bool)):
        raise StoreError(f"draft subject 'case' must be a case id; got {case!r}")
    if not events and case is None:
        raise StoreError("a draft needs a subject: one or more event ids, or a case id")
    return {"events": list(events), "case": case}


def _to_draft(row: Row) -> Draft:
    return Draft(
        id=row.id,
        kind=row.kind,
        language=row.language,
        title=row.title,
        body=row.body,
        subject=dict(row.subject),
        status=row.status,
        level=row.level,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        published_at=row.published_at,
        published_by=row.published_by,
        published_text=row.published_text,
    )
