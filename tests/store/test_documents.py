"""Documents and their originals, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select, text

from khronika.errors import StoreError
from khronika.records import Document
from khronika.store import Store, search
from khronika.store.database import create_engine_for
from khronika.store.schema import documents, originals
from khronika.store.search import Kind
from tests.factories import make_document

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def test_document_round_trip_with_original_bytes_and_meta(store: Store) -> None:
    doc = make_document(
        "Профсоюз вымышленного рудника сообщил о задержании активиста.",
        original=PDF_BYTES,
        source_kind="pdf",
        uri="file:///reports/mine.pdf",
        media_type="application/pdf",
        source_key="mine-report-7",
        retrieved_at=datetime(2024, 3, 6, 15, 30, tzinfo=timezone(timedelta(hours=5))),
        meta={"pages": 2, "author": "Профсоюз", "nested": {"ok": True, "list": [1, "два"]}},
    )
    doc_id, created = store.add_document(doc)
    assert created is True
    assert store.get_document(doc_id) == Document(
        source_kind="pdf",
        uri="file:///reports/mine.pdf",
        text="Профсоюз вымышленного рудника сообщил о задержании активиста.",
        sha256="f88c16bf7e4eab5ca17af3bc1d06dae08d70f70b9b5a9a79425dc43e08f87141",
        title="Вымышленный отчёт",
        published="2024-03-05",
        language="ru",
        retrieved_at=datetime(2024, 3, 6, 10, 30, tzinfo=UTC),
        source_key="mine-report-7",
        media_type="application/pdf",
        original=PDF_BYTES,
        meta={"pages": 2, "author": "Профсоюз", "nested": {"ok": True, "list": [1, "два"]}},
        id=doc_id,
    )
    assert store.get_original(doc.sha256) == PDF_BYTES


def test_missing_rows_read_as_none(store: Store) -> None:
    assert store.get_document(404) is None
    assert store.get_original("0" * 64) is None


def test_duplicate_bytes_return_the_first_id(store: Store) -> None:
    first_id, first_created = store.add_document(make_document(uri="file:///a.txt"))
    again_id, again_created = store.add_document(make_document(uri="file:///copy-of-a.txt"))
    assert (first_created, again_created) == (True, False)
    assert again_id == first_id
    assert store.count_documents() == 1


def test_duplicate_source_key_returns_the_first_id(store: Store) -> None:
    # A feed entry edited after we stored it: new bytes, same entry id.
    first_id, _ = store.add_document(make_document("Первая версия записи.", source_key="feed:entry-1"))
    again_id, created = store.add_document(make_document("Исправленная версия записи.", source_key="feed:entry-1"))
    assert (again_id, created) == (first_id, False)
    assert store.count_documents() == 1
    found = store.get_document(first_id)
    assert found is not None and found.text == "Первая версия записи."


def test_documents_without_source_key_do_not_collide(store: Store) -> None:
    ids = [store.add_document(make_document(f"Отчёт номер {n}.", source_key=None))[0] for n in range(3)]
    assert len(set(ids)) == 3
    assert store.count_documents() == 3


def test_list_documents_pages_in_order_without_bytes(store: Store) -> None:
    ids = [store.add_document(make_document(f"Сообщение {n}.", uri=f"file:///{n}.txt"))[0] for n in range(5)]
    page = store.list_documents(limit=2, offset=1)
    assert [d.id for d in page] == ids[1:3]
    assert [d.uri for d in page] == ["file:///1.txt", "file:///2.txt"]
    assert [d.original for d in page] == [None, None]


def test_hash_that_does_not_match_the_bytes_is_refused(store: Store) -> None:
    doc = make_document()
    doc.original = b"other bytes"
    with pytest.raises(StoreError, match=r"file:///reports/fictional\.txt: sha256 is not the hash of its original"):
        store.add_document(doc)
    assert store.count_documents() == 0


def test_meta_that_is_not_json_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="meta cannot be stored as JSON"):
        store.add_document(make_document(meta={"when": datetime(2024, 1, 1)}))


def _counts(url: str) -> dict[str, int]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            counts = {
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "originals": conn.execute(select(func.count()).select_from(originals)).scalar_one(),
            }
            if conn.dialect.name == "sqlite":
                # A contentless FTS5 table still answers MATCH for indexed rows.
                counts["search"] = conn.execute(
                    text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'забастовку'")
                ).scalar_one()
            else:
                counts["search"] = conn.execute(
                    text("SELECT count(*) FROM search_parts WHERE search_vector @@ to_tsquery('simple', 'забастовку')")
                ).scalar_one()
            return counts
    finally:
        engine.dispose()


def test_failure_while_indexing_leaves_nothing_behind(
    store: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add_search_row = search.add_search_row

    def failing(conn: Any, kind: Kind, row_id: int, *, body: str) -> None:
        real_add_search_row(conn, kind, row_id, body=body)  # the row is written, then the process "dies"
        raise RuntimeError("killed while indexing")

    monkeypatch.setattr("khronika.store.documents.add_search_row", failing)
    with pytest.raises(RuntimeError, match="killed while indexing"):
        store.add_document(make_document())
    assert _counts(store_url) == {"documents": 0, "originals": 0, "search": 0}
    monkeypatch.undo()
    store.add_document(make_document())
    assert _counts(store_url) == {"documents": 1, "originals": 1, "search": 1}
