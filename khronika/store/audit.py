"""The tamper-evident audit log: every write appends an entry that carries the hash of the one before.

An entry's hash is SHA-256 over a canonical JSON of its time, actor, action, target, detail and
the previous entry's hash. The row id is not hashed: it is handed out by the database after the
hash is known. Walking the rows in id order, `verify_chain` recomputes each hash and each link,
and names the first entry that was altered, removed, inserted or moved. Appending reads only the
last entry, so it costs the same however long the log grows.

What the chain cannot see on its own: someone who can write to the database and recomputes
every later hash, or who cuts entries off the end. Against both, keep the head hash that
`khronika audit verify` prints somewhere else (see docs/security.md) and compare.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from khronika.errors import StoreError
from khronika.store.schema import audit_log

GENESIS_HASH = "0" * 64
HASH_VERSION = 1
# Any number will do as long as every khronika process appending to one server uses the same one.
_AUDIT_LOCK_ID = 0x6B686175
_MAX_ACTOR = 120
_MAX_ACTION = 40
_MAX_TARGET = 120


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of `verify_chain`: ok, or the id of the first bad entry and what is wrong with it."""

    ok: bool
    first_bad_id: int | None
    problem: str
    entries: int = 0
    head_hash: str = GENESIS_HASH


def append_entry(conn: Connection, *, actor: str, action: str, target: str | None, detail: dict[str, Any]) -> int:
    """Append one entry to the audit log inside the caller's transaction; return its id."""
    _check_field("actor", actor, _MAX_ACTOR)
    _check_field("action", action, _MAX_ACTION)
    if target is not None:
        _check_field("target", target, _MAX_TARGET)
    if conn.dialect.name == "postgresql":
        # Two transactions must not both read the same last entry and fork the chain; SQLite
        # writers already hold the database's one write lock (BEGIN IMMEDIATE).
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _AUDIT_LOCK_ID})
    last = conn.execute(select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
    prev_hash = last if last is not None else GENESIS_HASH
    at = datetime.now(UTC)
    clean = _plain_json(detail)
    entry_hash = entry_digest(at=at, actor=actor, action=action, target=target, detail=clean, prev_hash=prev_hash)
    row = conn.execute(
        insert(audit_log)
        .values(at=at, actor=actor, action=action, target=target, detail=clean, prev_hash=prev_hash, hash=entry_hash)
        .returning(audit_log.c.id)
    )
    return int(row.scalar_one())


def entry_digest(*, at: datetime, actor: str, action: str, target: str | None, detail: Any, prev_hash: str) -> str:
    """Return the SHA-256 (hex) of an entry's canonical JSON."""
    payload = {
        "v": HASH_VERSION,
        "at": _canonical_time(at),
        "actor": actor,
        "action": action,
        "target": target,
        "detail": _canonical_value(detail),
        "prev_hash": prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def verify_chain(conn: Connection, *, anchor: str | None = None) -> VerifyResult:
    """Recompute every hash and link in id order; report the first altered, removed, inserted or moved entry.

    `anchor` is a head hash printed by an earlier verify and kept elsewhere: it must still be in the chain.
    """
    expected_prev = GENESIS_HASH
    prev_id: int | None = None
    count = 0
    anchored = anchor is None or anchor == GENESIS_HASH
    # Streamed: a long log need not fit in memory (a server-side cursor on PostgreSQL).
    rows = conn.execute(select(audit_log).order_by(audit_log.c.id).execution_options(yield_per=1000))
    for row in rows:
        whole = _digest_of(row) == row.hash
        if whole and row.prev_hash == expected_prev:
            expected_prev, prev_id, count = row.hash, row.id, count + 1
            anchored = anchored or row.hash == anchor
            continue
        rows.close()
        if not whole:
            return VerifyResult(
                False, row.id, f"audit entry {row.id} was altered or forged: its contents do not match its hash"
            )
        return _diagnose_link(conn, row, prev_id=prev_id)
    cut = _cut_from_end(conn, last_id=prev_id)
    if cut is not None:
        return VerifyResult(False, prev_id, cut, count, expected_prev)
    if not anchored:
        problem = (
            f"the recorded head {anchor} is not in the chain: entries were cut off the end, "
            "or the whole log was rewritten"
        )
        return VerifyResult(False, prev_id, problem, count, expected_prev)
    return VerifyResult(True, None, f"{count} entries, chain intact", count, expected_prev)


def _digest_of(row: Any) -> str:
    return entry_digest(
        at=row.at, actor=row.actor, action=row.action, target=row.target, detail=row.detail, prev_hash=row.prev_hash
    )


def _diagnose_link(conn: Connection, row: Any, *, prev_id: int | None) -> VerifyResult:
    """Name the first bad entry when `row` is whole but does not name the row before it as its predecessor."""
    follows = conn.execute(select(audit_log.c.id).where(audit_log.c.hash == row.prev_hash)).scalar()
    if follows is None:
        if prev_id is None:
            return VerifyResult(False, row.id, f"audit entries removed at the start, before entry {row.id}")
        # Ids are handed out in order, so a gap means rows were deleted; PostgreSQL also skips the ids
        # of rolled-back inserts, so there a gap may also be a rewritten entry before it.
        if row.id - prev_id > 1:
            return VerifyResult(False, row.id, f"audit entries removed after entry {prev_id}, before entry {row.id}")
        problem = f"audit entry {prev_id} was replaced or rewritten: entry {row.id} was written after a different entry"
        return VerifyResult(False, prev_id, problem)
    if prev_id is not None and follows < prev_id:
        # It names an earlier entry as its predecessor: what stands between was put in afterwards.
        problem = f"audit entry {prev_id} was inserted: entry {row.id} was written right after entry {follows}"
        return VerifyResult(False, prev_id, problem)
    return VerifyResult(False, row.id, f"audit entry {row.id} is out of order: it was written after entry {follows}")


def _cut_from_end(conn: Connection, *, last_id: int | None) -> str | None:
    """On SQLite, tell whether ids above the last entry were handed out, i.e. entries cut off the end."""
    if conn.dialect.name != "sqlite":
        # PostgreSQL sequences skip numbers on every rolled-back insert, so a gap proves nothing.
        return None
    issued = conn.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")).scalar()
    if issued is None or int(issued) <= (last_id or 0):
        return None
    return f"audit entries after {last_id or 'the start'} up to {issued} were removed from the end of the log"


def _check_field(name: str, value: str, limit: int) -> None:
    if not value or len(value) > limit:
        raise StoreError(f"audit entry field {name!r} must be 1 to {limit} characters; got {len(value)}")


def _plain_json(detail: dict[str, Any]) -> Any:
    """Return `detail` as plain JSON values (lists, not tuples), refusing what JSON cannot keep."""
    if not isinstance(detail, dict):
        raise StoreError(f"audit entry detail must be a dict; got {type(detail).__name__}")
    try:
        return json.loads(json.dumps(detail, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError) as err:
        raise StoreError(f"audit entry detail must hold only JSON values (str, int, list, dict...): {err}") from err


def _canonical_value(value: Any) -> Any:
    # PostgreSQL's JSONB reads 1.0 back as 1.0 but 1e20 as an integer; hash whole floats as ints.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical_value(v) for v in value]
    return value


def _canonical_time(at: datetime) -> str:
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")
