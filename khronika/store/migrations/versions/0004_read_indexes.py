"""Indexes for reading a large chronicle: filter choices, counts and statistics.

Revision 0004. `documents.source_kind` and `documents.language` get an index each, so the
chronicle's filter form finds their few distinct values without reading every document.
`ix_events_counts` covers the columns the statistics group by and the filters test (date, type,
place, level, document), so counting events reads the index instead of the wide event rows.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COUNT_COLUMNS = ["date", "type", "place_id", "level", "document_id"]


def upgrade() -> None:
    """Create the three indexes."""
    op.create_index("ix_documents_source_kind", "documents", ["source_kind"])
    op.create_index("ix_documents_language", "documents", ["language"])
    op.create_index("ix_events_counts", "events", _COUNT_COLUMNS)


def downgrade() -> None:
    """Drop the three indexes."""
    op.drop_index("ix_events_counts", table_name="events")
    op.drop_index("ix_documents_language", table_name="documents")
    op.drop_index("ix_documents_source_kind", table_name="documents")
