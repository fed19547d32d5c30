"""Evidence integrity: the manifest lists every original; verify finds altered, missing and replaced ones."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text, update

from khronika.errors import StoreError
from khronika.protect.evidence import (
    EvidenceProblem,
    ManifestEntry,
    evidence_manifest,
    read_manifest,
    verify_evidence,
    write_manifest,
)
from khronika.records import Document
from khronika.store import Store
from khronika.store.database import create_engine_for
from khronika.store.schema import originals
from tests.factories import make_document

TEXTS = ["Первый отчёт о забастовке.", "Second report: a picket.", "Үшінші есеп."]


def _sha(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


@pytest.fixture
def engine(store: Store, store_url: str) -> Iterator[Engine]:
    """Three documents stored through the store; an engine on the same database for raw SQL."""
    for n, body in enumerate(TEXTS):
        store.add_document(make_document(body, uri=f"file:///r{n}.txt"))
    store.add_document(Document(source_kind="text", uri="x", text="без оригинала", sha256="a" * 64))
    engine = create_engine_for(store_url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_manifest_lists_every_original(engine: Engine) -> None:
    with engine.connect() as conn:
        entries = list(evidence_manifest(conn))
    assert [(e.document, e.sha256, e.size_bytes, e.media_type, e.retrieved_at) for e in entries] == [
        (1, _sha(TEXTS[0]), 48, "text/plain", "2024-03-06T09:30:00.000000+00:00"),
        (2, _sha(TEXTS[1]), 24, "text/plain", "2024-03-06T09:30:00.000000+00:00"),
        (3, _sha(TEXTS[2]), 22, "text/plain", "2024-03-06T09:30:00.000000+00:00"),
        (4, "a" * 64, None, None, entries[3].retrieved_at),
    ]
    # The ingest time comes from each document's audit entry.
    assert all(e.ingested_at is not None and e.ingested_at >= "2026" for e in entries)


def test_intact_originals_verify(engine: Engine) -> None:
    with engine.connect() as conn:
        assert verify_evidence(conn) == [
            EvidenceProblem(4, "a" * 64, "no original bytes were kept (cannot be verified)")
        ]


def test_modified_original_is_found(engine: Engine) -> None:
    with engine.begin() as conn:
        changed = update(originals).where(originals.c.sha256 == _sha(TEXTS[1]))
        conn.execute(changed.values(content=b"Second report: a riot."))
    with engine.connect() as conn:
        problems = verify_evidence(conn)
    altered = hashlib.sha256(b"Second report: a riot.").hexdigest()
    assert problems[0] == EvidenceProblem(2, _sha(TEXTS[1]), f"altered: the bytes now hash to {altered}")
    assert len(problems) == 2


def test_missing_original_is_found(engine: Engine) -> None:
    # As someone editing the file by hand would: with the foreign key out of the way.
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE documents DROP CONSTRAINT fk_documents_sha256_originals"))
            conn.execute(originals.delete().where(originals.c.sha256 == _sha(TEXTS[0])))
    else:
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
            raw.driver_connection.execute("DELETE FROM originals WHERE sha256 = ?", (_sha(TEXTS[0]),))  # type: ignore[union-attr]
        finally:
            raw.close()
    with engine.connect() as conn:
        assert verify_evidence(conn)[0] == EvidenceProblem(1, _sha(TEXTS[0]), "the original is missing")


def test_manifest_catches_a_replaced_original(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    with engine.connect() as conn:
        assert write_manifest(evidence_manifest(conn), path) == 4
    kept = read_manifest(path)
    assert [e.document for e in kept] == [1, 2, 3, 4]
    # Swap document 3's original for other bytes together with its recorded hash: re-hashing alone
    # cannot see it, the manifest kept elsewhere can.
    forged = b"a forged report"
    new_sha = hashlib.sha256(forged).hexdigest()
    with engine.begin() as conn:
        conn.execute(originals.insert().values(sha256=new_sha, content=forged, size_bytes=15, media_type="text/plain"))
        conn.execute(text("UPDATE documents SET sha256 = :new WHERE id = 3"), {"new": new_sha})
        conn.execute(text("DELETE FROM documents WHERE id = 2"))
    with engine.connect() as conn:
        problems = verify_evidence(conn, manifest=kept)
    assert problems == [
        EvidenceProblem(2, _sha(TEXTS[1]), "in the manifest but no longer stored"),
        EvidenceProblem(3, _sha(TEXTS[2]), f"replaced: the store now holds {new_sha}"),
        EvidenceProblem(4, "a" * 64, "no original bytes were kept (cannot be verified)"),
    ]


def test_bad_manifest_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    entry = ManifestEntry(1, "b" * 64, 3, "text/plain", "2024-01-01T00:00:00.000000+00:00", None)
    write_manifest([entry], path)
    with path.open("a", encoding="utf-8") as out:
        out.write('{"document": 2}\n')
    with pytest.raises(StoreError) as raised:
        read_manifest(path)
    assert str(raised.value).startswith(f"manifest {path}, line 2: not a manifest entry")
