"""Merge suggestions: pairs of actors or events that may be one, waiting for a person (issue 6).

Revision 0007. `merge_suggestions` holds one row per pair (`a_id` < `b_id`, both actors or both
events, by `kind`), with the matcher's score and reason, and the decision once someone made it:
`status` open, accepted or rejected, `decided_by` and `decided_at`. A pair is suggested once: a
rejected pair is not suggested again. Linked spellings of one actor need no table of their own
(they are `actor_names` rows), and values reports disagree on are kept in the event's `details`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create merge_suggestions."""
    op.create_table(
        "merge_suggestions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("decided_by", sa.String(120), nullable=True),
        sa.Column("decided_at", _TIMESTAMP, nullable=True),
        sa.CheckConstraint("kind IN ('actor', 'event')", name="ck_merge_suggestions_kind"),
        sa.CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="ck_merge_suggestions_status"),
        sa.CheckConstraint("a_id < b_id", name="ck_merge_suggestions_order"),
        sa.UniqueConstraint("kind", "a_id", "b_id", name="uq_merge_suggestions_kind_a_id_b_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_merge_suggestions_status", "merge_suggestions", ["status"])


def downgrade() -> None:
    """Drop merge_suggestions."""
    op.drop_index("ix_merge_suggestions_status", table_name="merge_suggestions")
    op.drop_table("merge_suggestions")
