"""Record on each document which versioned extractor last read it.

Revision 0002. `khronika extract-again` compares this with the current extractor's name to find the
documents a newer extractor has not read yet; documents stored before this revision have none.
"""

import sqlalchemy as sa

from khronika.store.migrations.columns import add_column, drop_column

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add documents.extracted_by."""
    add_column("documents", sa.Column("extracted_by", sa.String(120), nullable=True))


def downgrade() -> None:
    """Drop documents.extracted_by."""
    drop_column("documents", "extracted_by")
