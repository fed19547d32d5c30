"""Accounts, the tamper-evident audit log, and who may see each record.

Revision 0003. `users` holds accounts with their role; `audit_log` every write, each entry
carrying the hash of the one before (khronika.store.audit computes the chain); `level`
(public, internal, confidential) on documents, events and actors, and on actors `protected`
with the stable `pseudonym` shown to anyone not cleared to see the name.
"""

import warnings

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_TIMESTAMP = sa.DateTime(timezone=True)
_LEVELS = "level IN ('public', 'internal', 'confidential')"


def upgrade() -> None:
    """Create users and audit_log; add level, protected and pseudonym columns."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("totp_secret", sa.Text(), nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("disabled_at", _TIMESTAMP, nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", _TIMESTAMP, nullable=True),
        sa.CheckConstraint("role IN ('admin', 'editor', 'reviewer', 'viewer')", name="role"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),  # a user's name, or "cli" / "system"
        sa.Column("action", sa.String(40), nullable=False),  # ingest, edit, review, merge, export, login...
        sa.Column("target", sa.String(120), nullable=True, index=True),  # "event:12", "document:3", "user:ana"
        sa.Column("detail", _JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sqlite_autoincrement=True,
    )
    for table in ("documents", "events", "actors"):
        with warnings.catch_warnings():
            # SQLite's batch mode reflects `events` with the places it references, and SQLAlchemy
            # cannot reflect the expression index uq_places_key; that index is not touched here.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
            # Rebuilt by SQLite batch mode: keep AUTOINCREMENT, or deleted ids would be handed out again.
            with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
                batch.add_column(sa.Column("level", sa.String(16), nullable=False, server_default="internal"))
                batch.create_check_constraint("level", _LEVELS)
    with op.batch_alter_table("actors", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("protected", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("pseudonym", sa.String(40), nullable=True))
        batch.create_unique_constraint("uq_actors_pseudonym", ["pseudonym"])


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("actors", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint("uq_actors_pseudonym", type_="unique")
        batch.drop_column("pseudonym")
        batch.drop_column("protected")
    for table in ("actors", "events", "documents"):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
            # Rebuilt by SQLite batch mode: keep AUTOINCREMENT, or deleted ids would be handed out again.
            with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
                batch.drop_constraint("level", type_="check")
                batch.drop_column("level")
    op.drop_table("audit_log")
    op.drop_table("users")
