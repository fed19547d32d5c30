"""Server-side sessions (revision 0009), so that signing out, disabling an account or changing its
role or password ends its sessions at once.

`sessions` keeps the SHA-256 of each session's random token, never the token itself (the browser
alone holds it, in the session cookie): a copy of the database lets nobody sign in as anyone.
`token_hash` is unique, so each request finds its session by one indexed lookup.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the sessions table."""
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("last_seen_at", _TIMESTAMP, nullable=False),
        sa.Column("expires_at", _TIMESTAMP, nullable=False),
        sa.Column("revoked_at", _TIMESTAMP, nullable=True),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Drop the sessions table."""
    op.drop_table("sessions")
