"""Cases (revision 0006): a person or a group followed from detention to release.

`cases` holds what the last build derived from events (khronika.resolve.cases): status, level,
dates and, in `derived`, charges, court, lawyer, place of detention, sentence and hearings.
`case_people` and `case_events` link a case to the actors it follows and the events it is made
of. `case_corrections` keeps what people set by hand, one row a field, apart from the derived
values, so that rebuilding from events never overwrites a correction. `key` ("detention:12",
the event that opened it) lets a rebuild find the same case again.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_TIMESTAMP = sa.DateTime(timezone=True)
_STATUSES = "status IN ('detained', 'under_investigation', 'on_trial', 'convicted', 'imprisoned', 'released')"
_LEVELS = "level IN ('public', 'internal', 'confidential')"


def upgrade() -> None:
    """Create cases, case_people, case_events and case_corrections."""
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(40), nullable=False, unique=True),
        sa.Column("status", sa.String(24), nullable=False, index=True),
        sa.Column("level", sa.String(16), nullable=False, server_default="internal"),
        sa.Column("opened", sa.String(10), nullable=True),
        sa.Column("last_step", sa.String(10), nullable=True, index=True),
        sa.Column("derived", _JSON, nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.CheckConstraint(_STATUSES, name="ck_cases_status"),
        sa.CheckConstraint(_LEVELS, name="ck_cases_level"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "case_people",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "actor_id", sa.Integer(), sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True
        ),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "case_events",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
        ),
    )
    op.create_table(
        "case_corrections",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("field", sa.String(32), primary_key=True),
        sa.Column("value", _JSON, nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("changed_at", _TIMESTAMP, nullable=False),
    )


def downgrade() -> None:
    """Drop the case tables."""
    for table in ("case_corrections", "case_events", "case_people", "cases"):
        op.drop_table(table)
