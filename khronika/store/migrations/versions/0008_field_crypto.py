"""Application-level field encryption on PostgreSQL (revision 0008).

`field_keys` keeps the salt the field keys are derived with and a value sealed with them, so a
wrong key is told at once; `name_index` on actors and actor_names holds the blind index of a
sealed name, which keeps (kind, name) and (actor_id, name) unique and findable while the name
itself is ciphertext (khronika.protect.fieldcrypt). Plain ALTER TABLE, never batch mode.
"""

import sqlalchemy as sa
from alembic import op

from khronika.store.migrations.columns import add_column, drop_column

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create field_keys; add the name_index columns and their unique indexes."""
    op.create_table(
        "field_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("key_check", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    add_column("actors", sa.Column("name_index", sa.String(32), nullable=True))
    add_column("actor_names", sa.Column("name_index", sa.String(32), nullable=True))
    op.create_index("uq_actors_kind_name_index", "actors", ["kind", "name_index"], unique=True)
    op.create_index("uq_actor_names_actor_id_name_index", "actor_names", ["actor_id", "name_index"], unique=True)


def downgrade() -> None:
    """Drop what upgrade added (sealed values stay sealed: decrypt them before downgrading)."""
    op.drop_index("uq_actor_names_actor_id_name_index", table_name="actor_names")
    op.drop_index("uq_actors_kind_name_index", table_name="actors")
    drop_column("actor_names", "name_index")
    drop_column("actors", "name_index")
    op.drop_table("field_keys")
