"""Press-release and alert drafts (revision 0005): reserved in the chain, filled in by the work that needs it."""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
