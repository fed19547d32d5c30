"""Alembic migrations of the store, run by Store.migrate() without any alembic.ini.

To add a revision, number it after the last one and edit the file it writes into versions/:

    python -c "from alembic import command; from khronika.store.database import alembic_config; \
command.revision(alembic_config(), 'add cases', rev_id='0002')"

Change schema.py to match: tests/store/test_database.py compares the two on both backends.
"""
