"""Linked actors, merge suggestions and reported values (revision 0007): reserved, filled in by its work."""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
