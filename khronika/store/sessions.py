"""Server-side sign-in sessions: the browser holds a random token, the database only its SHA-256.

    token = store.sessions.start("ana", now=now, max_age_s=8 * 3600)   # the session cookie's value
    found = store.sessions.find(token, now=now)                        # one indexed query per request

A session is valid until it expires, is revoked (sign-out, `khronika user revoke`, a role or
password change, disabling the account) or its account is disabled. Keeping only the hash means
a copy of the database, a backup or a log lets nobody take over a session.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from khronika.errors import StoreError
from khronika.store.audit import append_entry
from khronika.store.people import User, user_from_row
from khronika.store.schema import sessions, users

TOKEN_BYTES = 32  # 256 random bits: guessing one is hopeless, so a lookup needs no secret
# last_seen_at is written at most this often, so reading pages stays (nearly) free of writes.
TOUCH_EVERY_S = 60.0
# Expired and revoked sessions are kept this long after their end, then removed at the next sign-in.
KEEP_ENDED = timedelta(days=30)

Connect = Callable[[], AbstractContextManager[Connection]]


@dataclass(frozen=True)
class Session:
    """A valid session with its account (read fresh at each request, role included)."""

    id: int
    user: User
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


def token_digest(token: str) -> str:
    """Return the SHA-256 (hex) under which a session token is stored."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Sessions:
    """Sign-in sessions of the store's accounts; get one from `Store.sessions`."""

    def __init__(self, read: Connect, write: Connect) -> None:
        self._read = read
        self._write = write

    def start(self, name: str, *, now: datetime, max_age_s: float) -> str:
        """Open a session for the account `name` until `now + max_age_s`; return its token (shown once)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._write() as conn:
            user_id = _user_id(conn, name)
            ended = and_(sessions.c.user_id == user_id, sessions.c.expires_at < now - KEEP_ENDED)
            conn.execute(delete(sessions).where(ended))
            conn.execute(
                insert(sessions).values(
                    token_hash=token_digest(token),
                    user_id=user_id,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + timedelta(seconds=max_age_s),
                )
            )
        return token

    def find(self, token: str, *, now: datetime) -> Session | None:
        """Return the session this token opens, or None (unknown, expired, revoked, account disabled)."""
        query = (
            select(
                *users.c,
                sessions.c.id.label("session_id"),
                sessions.c.created_at.label("session_created_at"),
                sessions.c.last_seen_at,
                sessions.c.expires_at,
                sessions.c.revoked_at,
            )
            .join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == token_digest(token))
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now or row.disabled_at is not None:
            return None
        if (now - row.last_seen_at).total_seconds() >= TOUCH_EVERY_S:
            with self._write() as conn:
                conn.execute(update(sessions).where(sessions.c.id == row.session_id).values(last_seen_at=now))
        user = user_from_row(row)
        return Session(row.session_id, user, row.session_created_at, row.last_seen_at, row.expires_at)

    def end(self, token: str, *, now: datetime, actor: str) -> bool:
        """Revoke the session of this token (signing out), with a "logout" audit entry; False if none was open."""
        digest = token_digest(token)
        with self._write() as conn:
            row = conn.execute(
                select(sessions.c.id, users.c.name)
                .join(users, users.c.id == sessions.c.user_id)
                .where(sessions.c.token_hash == digest, sessions.c.revoked_at.is_(None))
            ).first()
            if row is None:
                return False
            conn.execute(update(sessions).where(sessions.c.id == row.id).values(revoked_at=now))
            append_entry(conn, actor=actor, action="logout", target=f"user:{row.name}", detail={"session": row.id})
            return True

    def revoke_user(self, name: str, *, now: datetime, by: str, reason: str) -> int:
        """Revoke every open session of the account `name`, with a "session.revoke" audit entry; return how many."""
        with self._write() as conn:
            user_id = _user_id(conn, name)
            still_open = and_(
                sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None), sessions.c.expires_at > now
            )
            count = conn.execute(update(sessions).where(still_open).values(revoked_at=now)).rowcount
            detail = {"sessions": count, "reason": reason}
            append_entry(conn, actor=by, action="session.revoke", target=f"user:{name}", detail=detail)
            return count

    def count_open(self, name: str, *, now: datetime) -> int:
        """Return how many sessions of the account `name` are open (neither expired nor revoked)."""
        query = (
            select(func.count())
            .select_from(sessions.join(users, users.c.id == sessions.c.user_id))
            .where(users.c.name == name, sessions.c.revoked_at.is_(None), sessions.c.expires_at > now)
        )
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())


def _user_id(conn: Connection, name: str) -> int:
    found = conn.execute(select(users.c.id).where(users.c.name == name)).scalar()
    if found is None:
        raise StoreError(f"user {name!r} does not exist; see 'khronika user list'")
    return int(found)
