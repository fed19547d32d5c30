"""Accounts, confidentiality levels and protected people: the store queries behind khronika.protect.

Every change here also goes to the audit log, naming what changed but never a protected
person's real name or a secret: a protected actor appears there as "actor:ID" and its pseudonym.
With a key, TOTP secrets are sealed (khronika.protect.fieldcrypt), and on PostgreSQL a level
change or a protection seals or opens the record's fields in the same transaction.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Row, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import field_cipher, require_field_cipher, secret_cipher
from khronika.protect.fieldtypes import naming_rows
from khronika.records import LEVELS
from khronika.store import documents as docs
from khronika.store import events as evs
from khronika.store.audit import append_entry
from khronika.store.schema import actor_names, actors, documents, events, evidence, users
from khronika.store.search import Kind, SearchHit, SearchQuery, find_ids, fold_tokens, make_snippet

if TYPE_CHECKING:
    # Not imported at run time: khronika.protect.redact imports the store's text folding.
    from khronika.protect.redact import TextRedactor
    from khronika.protect.roles import Viewer

LEVEL_TABLES = {"document": documents, "event": events, "actor": actors}
PSEUDONYM_PREFIX = "Witness"
# "Witness A-17": 26 letters x 90 numbers; a wider number is used once those run out.
_PSEUDONYM_TRIES = 200
_MAX_FETCH = 20_000  # candidates read at most for one filtered search


@dataclass(frozen=True)
class User:
    """An account as stored; the hash and TOTP secret are kept out of repr and logs."""

    id: int
    name: str
    role: str
    password_hash: str = field(repr=False)
    totp_secret: str | None = field(repr=False)
    created_at: datetime
    disabled_at: datetime | None
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True)
class PersonName:
    """An actor whose name may have to be hidden, with every spelling of it that the store knows."""

    actor_id: int
    name: str
    kind: str
    level: str
    protected: bool
    pseudonym: str | None
    variants: tuple[str, ...] = ()


Connect = Callable[[], AbstractContextManager[Connection]]


class People:
    """Accounts, levels and protection; get one from `Store.people`."""

    def __init__(self, read: Connect, write: Connect) -> None:
        self._read = read
        self._write = write

    # -- accounts --------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str, *, now: datetime, by: str = "cli") -> int:
        """Create an account; raise StoreError if the name is taken."""
        try:
            with self._write() as conn:
                if _user_row(conn, name) is not None:
                    raise StoreError(f"user {name!r} exists already; pick another name or use 'khronika user set-role'")
                result = conn.execute(
                    insert(users).values(name=name, role=role, password_hash=password_hash, created_at=now)
                )
                append_entry(conn, actor=by, action="user.add", target=f"user:{name}", detail={"role": role})
                return int(result.inserted_primary_key[0])  # type: ignore[index]
        except IntegrityError as err:
            raise StoreError(f"user {name!r} could not be added ({err.orig}); is the role one of the four?") from err

    def get_user(self, name: str) -> User | None:
        """Return the account with this name, or None."""
        with self._read() as conn:
            row = _user_row(conn, name)
        return None if row is None else user_from_row(row)

    def list_users(self) -> list[User]:
        """Return every account by name."""
        with self._read() as conn:
            return [user_from_row(row) for row in conn.execute(select(users).order_by(users.c.name))]

    def update_user(self, name: str, *, by: str = "cli", audit: bool = True, **values: Any) -> None:
        """Change stored fields of an account (role, password_hash, totp_secret, disabled_at, ...)."""
        with self._write() as conn:
            result = conn.execute(update(users).where(users.c.name == name).values(**_sealed_secrets(conn, values)))
            if result.rowcount == 0:
                raise StoreError(f"user {name!r} does not exist; see 'khronika user list'")
            if audit:
                # Which fields changed, never their values: a hash or a TOTP secret stays out of the log.
                shown = {k: v for k, v in values.items() if k in ("role", "disabled_at")}
                detail = {"fields": sorted(values), **{k: str(v) for k, v in shown.items()}}
                append_entry(conn, actor=by, action="user.update", target=f"user:{name}", detail=detail)

    def record_login(self, name: str, *, reason: str, **values: Any) -> None:
        """Store a login's outcome on the account (failure count, lock) with a "login" audit entry."""
        with self._write() as conn:
            if values:
                conn.execute(update(users).where(users.c.name == name).values(**_sealed_secrets(conn, values)))
            # Only the account's own success is "by" it; anyone may type a name and a wrong password.
            by = name if reason == "ok" else "anonymous"
            append_entry(conn, actor=by, action="login", target=f"user:{name}", detail={"reason": reason})

    # -- levels and protection -------------------------------------------------------------

    def set_level(self, kind: str, record_id: int, level: str, *, by: str = "cli") -> None:
        """Set the level of a document, event or actor; raise StoreError naming what is wrong."""
        if kind not in LEVEL_TABLES:
            raise StoreError(f"{kind!r} has no level; use one of {', '.join(LEVEL_TABLES)}")
        if level not in LEVELS:
            raise StoreError(f"level {level!r} is unknown; use one of {', '.join(LEVELS)}")
        table = LEVEL_TABLES[kind]
        with self._write() as conn:
            if level == "confidential":
                require_field_cipher(conn, f"{kind} {record_id}")
            result = conn.execute(update(table).where(table.c.id == record_id).values(level=level))
            if result.rowcount == 0:
                raise StoreError(f"{kind} {record_id} does not exist; check the id")
            _reseal(conn, kind, record_id)
            append_entry(conn, actor=by, action="level", target=f"{kind}:{record_id}", detail={"level": level})

    def protect(
        self, name: str, *, also: Collection[str] = (), kind: str = "person", by: str = "cli"
    ) -> list[PersonName]:
        """Protect every actor of this kind known by this name (creating one if none is); return them.

        Each gets a pseudonym once, kept for good: protecting again returns the same one.
        `also` adds spellings to look for in texts (another script, a surname alone).
        """
        with self._write() as conn:
            cipher = require_field_cipher(conn, f"protecting a {kind}")
            ids = _actor_ids_named(conn, name, kind=kind)
            if not ids:
                # Sealed from the first write: the plain name never reaches the database.
                values = {"name": name} if cipher is None else evs.sealed_name(cipher, "actors", name)
                created = conn.execute(insert(actors).values(**values, kind=kind, level="internal"))
                ids = [int(created.inserted_primary_key[0])]  # type: ignore[index]
            for actor_id in ids:
                _protect_one(conn, actor_id, also=also, by=by)
            return _person_names(conn, actors.c.id.in_(ids))

    def list_protected(self) -> list[PersonName]:
        """Return every protected actor with the spellings of their name."""
        with self._read() as conn:
            return _person_names(conn, actors.c.protected.is_(True))

    def hidden_from(self, levels: Collection[str], *, can_see_protected: bool) -> list[PersonName]:
        """Return the actors whose names a viewer with these levels and clearance may not see."""
        hidden: ColumnElement[bool] = actors.c.level.not_in(list(levels))
        if not can_see_protected:
            hidden = or_(hidden, actors.c.protected.is_(True))
        with self._read() as conn:
            return _person_names(conn, hidden)

    def levels_of(self, kind: str, ids: Collection[int]) -> dict[int, str]:
        """Return id -> level for these documents, events or actors."""
        table = LEVEL_TABLES[kind]
        with self._read() as conn:
            rows = conn.execute(select(table.c.id, table.c.level).where(table.c.id.in_(list(ids))))
            return {int(row.id): str(row.level) for row in rows}


def _user_row(conn: Connection, name: str) -> Row | None:
    with naming_rows(conn):
        return conn.execute(select(users).where(users.c.name == name)).first()


def user_from_row(row: Row) -> User:
    """Return the account a row of `users` (or a query selecting its columns) holds."""
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        password_hash=row.password_hash,
        totp_secret=row.totp_secret,
        created_at=row.created_at,
        disabled_at=row.disabled_at,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
    )


def seal_existing(conn: Connection) -> int:
    """Seal what is stored plain but should not be: TOTP secrets, and on PostgreSQL confidential
    records and protected names. Run when a store is first opened with a key; return rows resealed.
    """
    secrets_ = list(conn.execute(select(users.c.name, users.c.totp_secret).where(users.c.totp_secret.is_not(None))))
    for row in secrets_:
        values = _sealed_secrets(conn, {"totp_secret": row.totp_secret})
        conn.execute(update(users).where(users.c.name == row.name).values(**values))
    if field_cipher(conn) is None:
        return len(secrets_)
    secret_docs = list(conn.execute(select(documents.c.id).where(documents.c.level == "confidential")).scalars())
    for doc_id in secret_docs:
        docs.reseal_document(conn, doc_id)
    hidden = or_(actors.c.protected.is_(True), actors.c.level == "confidential")
    hidden_actors = list(conn.execute(select(actors.c.id).where(hidden)).scalars())
    event_ids = set(conn.execute(select(events.c.id).where(events.c.level == "confidential")).scalars())
    event_ids |= set(conn.execute(select(evidence.c.event_id).where(evidence.c.document_id.in_(secret_docs))).scalars())
    for actor_id in hidden_actors:
        event_ids |= set(evs.reseal_actor(conn, actor_id))
    for event_id in sorted(event_ids):
        evs.reseal_event(conn, event_id)
    # Imported here: both modules read this one's level helpers.
    from khronika.store.case_build import seal_confidential_cases
    from khronika.store.drafts import seal_confidential_drafts

    others = seal_confidential_cases(conn) + seal_confidential_drafts(conn)
    return len(secrets_) + len(secret_docs) + len(hidden_actors) + len(event_ids) + others


def _sealed_secrets(conn: Connection, values: dict[str, Any]) -> dict[str, Any]:
    cipher = secret_cipher(conn)
    secret = values.get("totp_secret")
    if cipher is None or secret is None:
        return values
    return {**values, "totp_secret": cipher.seal(secret, table="users", column="totp_secret")}


def _reseal(conn: Connection, kind: str, record_id: int) -> None:
    """Seal or open a record's fields to match its new level, and re-index what shows them."""
    if kind == "document":
        docs.reseal_document(conn, record_id)
        cited = select(evidence.c.event_id).where(evidence.c.document_id == record_id).distinct()
        for event_id in sorted(conn.execute(cited).scalars()):
            evs.reseal_event(conn, event_id)
    elif kind == "event":
        evs.reseal_event(conn, record_id)
    else:
        for event_id in evs.reseal_actor(conn, record_id):
            evs.reseal_event(conn, event_id)


def _actor_ids_named(conn: Connection, name: str, *, kind: str) -> list[int]:
    cipher = field_cipher(conn)
    by_variant = select(actor_names.c.actor_id).where(evs.same_name(actor_names, name, cipher))
    query = select(actors.c.id).where(
        and_(actors.c.kind == kind, or_(evs.same_name(actors, name, cipher), actors.c.id.in_(by_variant)))
    )
    return [int(i) for i in conn.execute(query.order_by(actors.c.id)).scalars()]


def _protect_one(conn: Connection, actor_id: int, *, also: Collection[str], by: str) -> None:
    current = conn.execute(select(actors.c.name, actors.c.pseudonym).where(actors.c.id == actor_id)).one()
    pseudonym = current.pseudonym or new_pseudonym(set(conn.execute(select(actors.c.pseudonym)).scalars()))
    conn.execute(update(actors).where(actors.c.id == actor_id).values(protected=True, pseudonym=pseudonym))
    known = set(conn.execute(select(actor_names.c.name).where(actor_names.c.actor_id == actor_id)).scalars())
    fresh = [v for v in dict.fromkeys(also) if v and v != current.name and v not in known]
    cipher = field_cipher(conn)
    if fresh:
        rows = [{"actor_id": actor_id, "name": v} for v in fresh]
        if cipher is not None:
            rows = [{"actor_id": actor_id, **evs.sealed_name(cipher, "actor_names", v)} for v in fresh]
        conn.execute(insert(actor_names), rows)
    for event_id in evs.reseal_actor(conn, actor_id):
        evs.reseal_event(conn, event_id)
    detail = {"pseudonym": pseudonym, "spellings_added": len(fresh)}
    append_entry(conn, actor=by, action="protect", target=f"actor:{actor_id}", detail=detail)


def new_pseudonym(taken: Collection[str | None]) -> str:
    """Return a random pseudonym like "Witness A-17" that is not in `taken`; it owes nothing to the name."""
    for attempt in range(_PSEUDONYM_TRIES * 2):
        digits = 2 if attempt < _PSEUDONYM_TRIES else 4
        number = secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1)
        candidate = f"{PSEUDONYM_PREFIX} {secrets.choice(string.ascii_uppercase)}-{number}"
        if candidate not in taken:
            return candidate
    raise StoreError("no free pseudonym found; this needs more than 200,000 protected people")


def _person_names(conn: Connection, where: Any) -> list[PersonName]:
    with naming_rows(conn):
        rows = list(conn.execute(select(actors).where(where).order_by(actors.c.id)))
        variants: dict[int, list[str]] = {row.id: [] for row in rows}
        for chunk in _chunks(list(variants), 500):
            names = select(actor_names).where(actor_names.c.actor_id.in_(chunk)).order_by(actor_names.c.id)
            for row in conn.execute(names):
                variants[row.actor_id].append(row.name)
    return [
        PersonName(
            actor_id=row.id,
            name=row.name,
            kind=row.kind,
            level=row.level,
            protected=bool(row.protected),
            pseudonym=row.pseudonym,
            variants=tuple(variants[row.id]),
        )
        for row in rows
    ]


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def visible_hits(
    conn: Connection, kind: Kind, parsed: SearchQuery, *, limit: int, viewer: Viewer, hidden: list[PersonName]
) -> list[SearchHit]:
    """Return search hits as `viewer` may see them, best first: only records of levels they may read,
    redacted, and only those whose redacted text itself still answers the query.

    The index holds the real names, so a hit that matched only through a hidden name is dropped:
    searching a protected person's name reveals nothing, while other words still find the record.
    """
    from khronika.protect.redact import redacting

    redactor = redacting(viewer, hidden)
    fetch = limit * 4 + 20
    while True:
        found = find_ids(conn, kind, parsed, limit=fetch)
        loader = _visible_documents if kind == "document" else _visible_events
        shown = loader(conn, [i for i, _ in found], parsed, viewer=viewer, redactor=redactor)
        hits = [replace(shown[i], rank=rank) for i, rank in found if i in shown]
        # Filtering may leave fewer than asked for: look further down the ranking while there is more.
        if len(hits) >= limit or len(found) < fetch or fetch >= _MAX_FETCH:
            return hits[:limit]
        fetch *= 4


def answers(text: str, parsed: SearchQuery) -> bool:
    """Return True when `text` has every query word (by prefix) and every phrase (word for word)."""
    tokens = fold_tokens(text)
    if not all(any(t.startswith(w) for t in tokens) for w in parsed.words):
        return False
    return all(any(tuple(tokens[i : i + len(p)]) == p for i in range(len(tokens) - len(p) + 1)) for p in parsed.phrases)


def _visible_documents(
    conn: Connection,
    ids: list[int],
    parsed: SearchQuery,
    *,
    viewer: Viewer,
    redactor: TextRedactor,
) -> dict[int, SearchHit]:
    shown: dict[int, SearchHit] = {}
    for row in docs.select_documents(conn, ids=ids):
        if row.level not in viewer.levels:
            continue
        title, text = redactor(row.title or row.uri), redactor(row.text)
        if answers(f"{title}\n{text}", parsed):
            shown[row.id] = SearchHit("document", row.id, title, make_snippet(text, parsed), 0.0)
    return shown


def _visible_events(
    conn: Connection,
    ids: list[int],
    parsed: SearchQuery,
    *,
    viewer: Viewer,
    redactor: TextRedactor,
) -> dict[int, SearchHit]:
    from khronika.protect.redact import redact_event

    loaded = evs.load_events(conn, ids)
    cited = {e.document_id for event in loaded for e in event.evidence if e.document_id is not None}
    rows = conn.execute(select(documents.c.id, documents.c.level).where(documents.c.id.in_(cited)))
    levels = {int(row.id): str(row.level) for row in rows}
    shown: dict[int, SearchHit] = {}
    for event in loaded:
        seen = redact_event(event, viewer, people=redactor, document_levels=levels)
        if seen is None or seen.id is None or not answers(evs.event_index_text(seen), parsed):
            continue
        passage = " … ".join(e.text for e in seen.evidence) or ", ".join(a.name for a in seen.actors)
        title = " ".join(p for p in (seen.type, seen.date or "", seen.place.name if seen.place else "") if p)
        shown[seen.id] = SearchHit("event", seen.id, title, make_snippet(passage, parsed), 0.0)
    return shown
