"""Adding and dropping columns without rebuilding tables, shared by the revisions after 0001.

On SQLite, Alembic's batch mode copies a table into a new one and drops the old; with foreign
keys on, dropping `events` cascades into `evidence` and `event_actors` and empties them. Plain
ALTER TABLE ADD / DROP COLUMN (SQLite 3.35+, the SQLCipher driver bundles 3.5x) rebuilds nothing,
so these helpers use it on both databases. A CHECK constraint stays on the column itself: SQLite
can then drop the column with its check.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def add_column(table: str, column: sa.Column) -> None:
    """ALTER TABLE ADD COLUMN, constraints on the column included."""
    op.add_column(table, column)


def drop_column(table: str, name: str) -> None:
    """ALTER TABLE DROP COLUMN, without a table rebuild on SQLite."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(sa.text(f'ALTER TABLE "{table}" DROP COLUMN "{name}"'))
    else:
        op.drop_column(table, name)
