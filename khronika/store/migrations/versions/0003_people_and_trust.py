"""Accounts, the tamper-evident audit log, and who may see each record.

Revision 0003. `users` holds accounts with their role; `audit_log` every write, each entry
carrying the hash of the one before (khronika.store.audit computes the chain); `level`
(public, internal, confidential) on documents, events and actors, and on actors `protected`
with the stable `pseudonym` shown to anyone not cleared to see the name.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from khronika.store.migrations.columns import add_column, drop_column

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
        add_column(table, _level(table))
    add_column("actors", sa.Column("protected", sa.Boolean(), nullable=False, server_default=sa.false()))
    add_column("actors", sa.Column("pseudonym", sa.String(40), nullable=True))
    # A unique index, not a constraint: SQLite cannot ADD COLUMN ... UNIQUE.
    op.create_index("uq_actors_pseudonym", "actors", ["pseudonym"], unique=True)


def _level(table: str) -> sa.Column:
    check = sa.CheckConstraint(_LEVELS, name=f"ck_{table}_level")
    return sa.Column("level", sa.String(16), check, nullable=False, server_default="internal")


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_index("uq_actors_pseudonym", table_name="actors")
    drop_column("actors", "pseudonym")
    drop_column("actors", "protected")
    for table in ("actors", "events", "documents"):
        drop_column(table, "level")
    op.drop_table("audit_log")
    op.drop_table("users")
