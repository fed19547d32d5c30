"""What is left after a killed process, concurrent writers, or a migration that may not run."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from khronika.errors import StoreError
from khronika.store import Store, open_store
from tests.factories import make_document

REPO = Path(__file__).resolve().parents[2]

# Runs in a child process: store a document and die (os._exit, no cleanup, no commit) right
# after its search row was written, as a process killed at the worst moment would.
_DIE_WHILE_INDEXING = """
import os, sys
from khronika.store import documents, open_store
from tests.factories import make_document

store = open_store(sys.argv[1])
real = documents.add_search_row

def dying(conn, kind, row_id, *, body):
    real(conn, kind, row_id, body=body)
    os._exit(9)

documents.add_search_row = dying
store.add_document(make_document())
"""


def test_killed_process_leaves_no_half_stored_document(store: Store, store_url: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", _DIE_WHILE_INDEXING, store_url], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert (child.returncode, child.stderr) == (9, "")
    doc = make_document()
    assert store.count_documents() == 0
    assert store.get_original(doc.sha256) is None
    assert store.search("забастовку") == []
    assert store.add_document(doc)[1] is True


def test_concurrent_writers_of_one_document_get_one_id(store: Store) -> None:
    writers = 4
    barrier = threading.Barrier(writers)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def add() -> None:
        barrier.wait()
        try:
            results.append(store.add_document(make_document()))
        except BaseException as err:  # handed to the main thread, which fails the test
            errors.append(err)

    threads = [threading.Thread(target=add) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert len({doc_id for doc_id, _ in results}) == 1
    assert store.count_documents() == 1


@pytest.mark.postgres
def test_migration_without_rights_is_rolled_back_and_explained(pg_database_url: str) -> None:
    role, schema = f"reader_{uuid.uuid4().hex[:8]}", f"locked_{uuid.uuid4().hex[:8]}"
    admin = make_url(pg_database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN'.encode())
        conn.execute(f'CREATE SCHEMA "{schema}"'.encode())
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'.encode())  # may look, may not create
    url = make_url(pg_database_url).set(username=role).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        with pytest.raises(StoreError, match=r"upgrading the schema failed and was rolled back \(permission denied"):
            open_store(url.render_as_string(hide_password=False))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())
            conn.execute(f'DROP ROLE "{role}"'.encode())
