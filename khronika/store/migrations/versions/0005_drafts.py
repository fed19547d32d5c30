"""Press-release and alert drafts (revision 0005): drafted from events or a case, edited, published.

`drafts` holds the text being worked on (`title`, `body`) and, once published, `published_text`:
what went out, kept as it was and never changed afterwards. `subject` names what it was drawn
from ({"events": [ids], "case": id}). `level` is who may read the draft inside the chronicle.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the drafts table."""
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("subject", _JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="draft", index=True),
        sa.Column("level", sa.String(16), nullable=False, server_default="internal"),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.Column("published_at", _TIMESTAMP, nullable=True),
        sa.Column("published_by", sa.String(120), nullable=True),
        sa.Column("published_text", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('press_release', 'alert')", name="kind"),
        sa.CheckConstraint("status IN ('draft', 'published')", name="status"),
        sa.CheckConstraint("level IN ('public', 'internal', 'confidential')", name="level"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    """Drop the drafts table."""
    op.drop_table("drafts")
