"""Server-side sessions (revision 0009): reserved in the chain, filled in by the work that needs it."""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
