"""Alembic's entry point: runs migrations on the connection khronika hands over.

khronika.store.database.migrate_to_head puts an open connection, already inside its transaction,
into config.attributes; there is no alembic.ini and no URL here.
"""

from __future__ import annotations

from alembic import context

from khronika.store.schema import metadata

if context.is_offline_mode():
    raise SystemExit("khronika migrations run online only: use Store.migrate() or open_store(url)")

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("khronika migrations need a connection in config.attributes['connection']; use Store.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
