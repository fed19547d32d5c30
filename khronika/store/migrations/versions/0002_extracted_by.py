"""Record on each document which versioned extractor last read it.

Revision 0002. `khronika extract-again` compares this with the current extractor's name to find the
documents a newer extractor has not read yet; documents stored before this revision have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add documents.extracted_by."""
    with op.batch_alter_table("documents", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("extracted_by", sa.String(120), nullable=True))


def downgrade() -> None:
    """Drop documents.extracted_by."""
    with op.batch_alter_table("documents", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("extracted_by")
