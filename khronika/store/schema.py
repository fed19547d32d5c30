"""The tables, as SQLAlchemy Core sees them; migrations/versions/ creates them in the database.

A test compares these definitions with the migrated database, so a change here without a
migration (or the other way round) fails.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

from khronika.protect.fieldtypes import SealedBytes, SealedJSON, SealedText

REVIEW_STATES = ("proposed", "confirmed", "rejected")
LEVELS = ("public", "internal", "confidential")
LEVELS_CHECK = "level IN ('public', 'internal', 'confidential')"
# Tables with an id use sqlite_autoincrement: SQLite would otherwise hand a deleted event's id
# to the next event, and a link to the old one would silently show the new one.

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; naive values are taken to be UTC already."""
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# JSONB on PostgreSQL so later queries can look inside; plain JSON text on SQLite.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")

originals = Table(
    "originals",
    metadata,
    Column("sha256", String(64), primary_key=True),
    # Sealed (AES-GCM) on PostgreSQL for confidential documents: khronika.protect.fieldcrypt.
    Column("content", SealedBytes("originals", "content"), nullable=True),  # null when no bytes to keep
    Column("size_bytes", BigInteger, nullable=True),
    Column("media_type", String(255), nullable=True),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), ForeignKey("originals.sha256"), nullable=False, unique=True),
    Column("source_kind", String(32), nullable=False),
    Column("uri", Text, nullable=False),
    Column("source_key", Text, nullable=True, unique=True),
    Column("title", SealedText("documents", "title"), nullable=True),
    Column("published", String(10), nullable=True),
    Column("retrieved_at", UTCDateTime, nullable=False),
    Column("language", String(16), nullable=True),
    Column("text", SealedText("documents", "text"), nullable=False),
    Column("meta", SealedJSON("documents", "meta"), nullable=False),
    Column("text_folded", Text, nullable=False),
    Column("extracted_by", String(120), nullable=True),  # the versioned extractor that last read it
    Column("level", String(16), nullable=False, server_default="internal"),
    CheckConstraint(LEVELS_CHECK, name="level"),
    Index(None, "published"),
    Index(None, "source_kind"),  # migration 0004: the filter form's choices
    Index(None, "language"),
    sqlite_autoincrement=True,
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("admin1", Text, nullable=True),
    Column("country", String(2), nullable=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    sqlite_autoincrement=True,
)
# NULL admin1 must not let the same place in twice, so the key reads it as ''.
Index("uq_places_key", places.c.name, func.coalesce(places.c.admin1, ""), places.c.country, unique=True)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", SealedText("actors", "name"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("level", String(16), nullable=False, server_default="internal"),
    # A protected person (a witness, a victim who asked) is shown by pseudonym to anyone not cleared.
    Column("protected", Boolean, nullable=False, server_default=false()),
    Column("pseudonym", String(40), nullable=True),
    Column("name_index", String(32), nullable=True),  # migration 0008: set while the name is sealed
    CheckConstraint(LEVELS_CHECK, name="level"),
    UniqueConstraint("name", "kind"),
    sqlite_autoincrement=True,
)

# An index, not a constraint: SQLite cannot add a UNIQUE column to an existing table (migration 0003).
Index("uq_actors_pseudonym", actors.c.pseudonym, unique=True)
# Migration 0008: a sealed name is found and kept unique by its blind index (fieldcrypt.name_index).
Index("uq_actors_kind_name_index", actors.c.kind, actors.c.name_index, unique=True)

actor_names = Table(
    "actor_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Column("name", SealedText("actor_names", "name"), nullable=False),
    Column("name_index", String(32), nullable=True),  # migration 0008: set while the name is sealed
    UniqueConstraint("actor_id", "name"),
    sqlite_autoincrement=True,
)
Index("uq_actor_names_actor_id_name_index", actor_names.c.actor_id, actor_names.c.name_index, unique=True)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    # The document the extractor read; evidence may later link the event to more documents.
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("type", String(32), nullable=False, index=True),
    Column("date", String(10), nullable=True, index=True),
    Column("date_end", String(10), nullable=True),
    Column("place_id", Integer, ForeignKey("places.id"), nullable=True, index=True),
    Column("size", Integer, nullable=True),
    Column("details", SealedJSON("events", "details"), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("review", String(16), nullable=False, index=True),
    Column("extractor", String(120), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("text_folded", Text, nullable=False),
    Column("level", String(16), nullable=False, server_default="internal"),
    CheckConstraint("review IN ('proposed', 'confirmed', 'rejected')", name="review"),
    CheckConstraint(LEVELS_CHECK, name="level"),
    # Migration 0004: counts and statistics read this index, not the wide event rows.
    Index("ix_events_counts", "date", "type", "place_id", "level", "document_id"),
    sqlite_autoincrement=True,
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),  # keeps the extractor's order of actors
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", SealedText("evidence", "text"), nullable=False),
    sqlite_autoincrement=True,
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("totp_secret", SealedText("users", "totp_secret"), nullable=True),  # sealed with a key
    Column("created_at", UTCDateTime, nullable=False),
    Column("disabled_at", UTCDateTime, nullable=True),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", UTCDateTime, nullable=True),
    CheckConstraint("role IN ('admin', 'editor', 'reviewer', 'viewer')", name="role"),
    sqlite_autoincrement=True,
)

# Every write, each entry carrying the hash of the one before: see khronika.store.audit.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(120), nullable=True, index=True),
    Column("detail", JSONDocument, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    sqlite_autoincrement=True,
)

# Migration 0009: server-side sessions. Only the SHA-256 of each token is kept (khronika.store.sessions).
sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    sqlite_autoincrement=True,
)

# Migration 0005: press-release and alert drafts; published_text is what went out, never changed after.
drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    # Sealed on PostgreSQL while the draft is confidential (khronika.store.drafts).
    Column("title", SealedText("drafts", "title"), nullable=False),
    Column("body", SealedText("drafts", "body"), nullable=False),
    Column("subject", JSONDocument, nullable=False),  # {"events": [ids], "case": id}
    Column("status", String(16), nullable=False, server_default="draft", index=True),
    Column("level", String(16), nullable=False, server_default="internal"),
    Column("created_by", String(120), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    Column("published_by", String(120), nullable=True),
    Column("published_text", SealedText("drafts", "published_text"), nullable=True),
    CheckConstraint("kind IN ('press_release', 'alert')", name="kind"),
    CheckConstraint("status IN ('draft', 'published')", name="status"),
    CheckConstraint(LEVELS_CHECK, name="level"),
    sqlite_autoincrement=True,
)

# Pairs of actors or events that may be one, for a person to decide (migration 0007, khronika.store.links).
# No foreign key: a_id and b_id name actors or events by `kind`; a_id < b_id, one row per pair.
merge_suggestions = Table(
    "merge_suggestions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("a_id", Integer, nullable=False),
    Column("b_id", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("decided_by", String(120), nullable=True),
    Column("decided_at", UTCDateTime, nullable=True),
    CheckConstraint("kind IN ('actor', 'event')", name="kind"),
    CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="status"),
    CheckConstraint("a_id < b_id", name="order"),
    UniqueConstraint("kind", "a_id", "b_id"),
    Index(None, "status"),
    sqlite_autoincrement=True,
)

# Migration 0006: cases built from events (khronika.resolve.cases); what people correct by hand
# lives in case_corrections, apart from what a rebuild derives, so no rebuild overwrites it.
CASE_STATUSES_CHECK = "status IN ('detained', 'under_investigation', 'on_trial', 'convicted', 'imprisoned', 'released')"
cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(40), nullable=False, unique=True),  # "detention:12": the event that opened it
    Column("status", String(24), nullable=False, index=True),
    Column("level", String(16), nullable=False, server_default="internal"),
    Column("opened", String(10), nullable=True),
    Column("last_step", String(10), nullable=True, index=True),
    # Charges, court, lawyer, place, sentence, hearings: sealed on PostgreSQL while the case is confidential.
    Column("derived", SealedJSON("cases", "derived"), nullable=False),
    Column("stale", Boolean, nullable=False, server_default=false()),  # the last build no longer found it
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint(CASE_STATUSES_CHECK, name="status"),
    CheckConstraint(LEVELS_CHECK, name="level"),
    sqlite_autoincrement=True,
)

case_people = Table(
    "case_people",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("position", Integer, nullable=False),
)

case_events = Table(
    "case_events",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True),
)

case_corrections = Table(
    "case_corrections",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("field", String(32), primary_key=True),
    Column("value", SealedJSON("case_corrections", "value"), nullable=False),  # sealed as its case is
    Column("changed_by", String(120), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
)

# Migration 0008: the salt of the field-encryption keys and a value sealed with them, which tells
# a wrong key at once (khronika.protect.fieldcrypt.load_cipher). One row, id 1; never the key.
field_keys = Table(
    "field_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("salt", String(64), nullable=False),
    Column("key_check", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    sqlite_autoincrement=True,
)
