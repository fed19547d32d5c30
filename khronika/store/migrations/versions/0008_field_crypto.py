"""Application-level field encryption on PostgreSQL (revision 0008): reserved, filled in by its work."""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
