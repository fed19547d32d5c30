"""The ingest run: sources in, each document stored once, every failure reported, the batch goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from khronika.ingest.pipeline import IngestOptions, expand_sources, ingest_sources
from khronika.records import Document, Event


class MemorySink:
    """Keeps documents in a dict keyed by hash and entry key, as the store does."""

    def __init__(self) -> None:
        self.docs: list[Document] = []
        self.events: list[list[Event]] = []
        self._seen: dict[str, int] = {}

    def find_document(self, doc: Document) -> int | None:
        return next((self._seen[k] for k in (doc.sha256, doc.source_key) if k and k in self._seen), None)

    def add_document(self, doc: Document, *, events: list[Event] | None = None) -> tuple[int, bool]:
        existing = self.find_document(doc)
        if existing is not None:
            return existing, False
        self.docs.append(doc)
        self.events.append(list(events or []))
        doc_id = len(self.docs)
        for key in (doc.sha256, doc.source_key):
            if key:
                self._seen[key] = doc_id
        return doc_id, True


def _telegram_export(messages: list[dict]) -> str:
    return json.dumps({"name": "Еңбек дауысы", "type": "public_channel", "id": 777, "messages": messages})


def test_a_folder_is_read_recursively_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "strike.txt").write_text("Miners in Karaganda stopped work on Monday.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Picket\n\nA picket was held in Oral.", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "notes.txt").write_text("private", encoding="utf-8")

    found, missing = expand_sources([str(tmp_path)])

    assert found == [str(tmp_path / "a" / "strike.txt"), str(tmp_path / "b.md")]
    assert missing == []


def test_documents_are_stored_with_language_and_retrieval_time(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_text("Рабочие Жанаозена объявили забастовку и вышли на площадь.", encoding="utf-8")
    (tmp_path / "kk.txt").write_text("Кеше Алматыда белсенді ұсталды және айыппұл салынды.", encoding="utf-8")
    sink = MemorySink()

    summary = ingest_sources([str(tmp_path)], sink)

    assert summary.to_dict() == {"new": 2, "duplicate": 0, "failed": []}
    by_name = {Path(d.uri).name: d for d in sink.docs}
    assert by_name["kk.txt"].language == "kk"
    assert by_name["ru.txt"].language == "ru"
    assert all(d.retrieved_at is not None and d.retrieved_at.tzinfo is not None for d in sink.docs)


def test_the_same_bytes_twice_are_one_document_and_a_duplicate(tmp_path: Path) -> None:
    text = "Oil workers in Zhanaozen went on strike."
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(text, encoding="utf-8")
    sink = MemorySink()

    summary = ingest_sources([str(tmp_path)], sink)
    again = ingest_sources([str(tmp_path)], sink)

    assert (summary.new, summary.duplicate) == (1, 1)
    assert (again.new, again.duplicate) == (0, 2)
    assert len(sink.docs) == 1


def test_one_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1-good.txt").write_text("A rally was held in Almaty.", encoding="utf-8")
    (tmp_path / "2-bad.json").write_text('{"messages": [', encoding="utf-8")
    (tmp_path / "3-good.txt").write_text("Two activists were detained in Astana.", encoding="utf-8")
    sink = MemorySink()

    summary = ingest_sources([str(tmp_path), str(tmp_path / "missing.pdf")], sink)

    assert summary.new == 2
    failed = {Path(f["source"]).name: f["error"] for f in summary.failed}
    assert set(failed) == {"missing.pdf", "2-bad.json"}
    assert "no such file" in failed["missing.pdf"]
    assert "line 1" in failed["2-bad.json"]


def test_a_bad_entry_in_a_container_costs_only_that_entry(tmp_path: Path) -> None:
    export = _telegram_export(
        [
            {
                "id": 1,
                "type": "message",
                "date": "2025-03-14T10:00:00",
                "from": "Еңбек дауысы",
                "text": "Ереуіл басталды.",
            },
            {"id": 2, "type": "message", "date": "not a date", "from": "Еңбек дауысы", "text": "Пикет өтті."},
            {
                "id": 3,
                "type": "message",
                "date": "2025-03-15T11:00:00",
                "from": "Еңбек дауысы",
                "text": "Белсенді босатылды.",
            },
        ]
    )
    (tmp_path / "result.json").write_text(export, encoding="utf-8")
    sink = MemorySink()

    summary = ingest_sources([str(tmp_path / "result.json")], sink)

    assert summary.new == 2
    assert len(summary.failed) == 1
    assert "2" in summary.failed[0]["error"]
    assert [d.source_key for d in sink.docs] == ["telegram:777/1", "telegram:777/3"]


def test_stdin_is_read_with_the_named_reader() -> None:
    sink = MemorySink()
    page = "<html><head><title>Пикет</title></head><body><article><p>" + "Жители вышли на пикет у акимата. " * 20
    page += "</p></article></body></html>"

    summary = ingest_sources(["-"], sink, options=IngestOptions(reader="html"), stdin=io.BytesIO(page.encode("utf-8")))

    assert summary.to_dict() == {"new": 1, "duplicate": 0, "failed": []}
    assert sink.docs[0].source_kind == "html"
    assert sink.docs[0].uri == "stdin"
    assert "Жители вышли на пикет" in sink.docs[0].text


def test_an_unknown_format_names_the_file_and_the_way_out(tmp_path: Path) -> None:
    (tmp_path / "photo.xyz").write_bytes(b"\x00\x01\x02\x03binary")
    summary = ingest_sources([str(tmp_path / "photo.xyz")], MemorySink())

    assert summary.new == 0
    assert summary.failed[0]["source"] == str(tmp_path / "photo.xyz")
    assert "--format" in summary.failed[0]["error"] or "suffix" in summary.failed[0]["error"]


def test_new_documents_arrive_with_their_proposed_events(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_text(
        "Пресс-релиз, 5 марта 2025 года\n\nВчера в Жанаозене полиция задержала активиста Ерлана Касымова.",
        encoding="utf-8",
    )
    sink = MemorySink()

    summary = ingest_sources([str(tmp_path)], sink)

    assert (summary.new, summary.events) == (1, len(sink.events[0]))
    assert sink.docs[0].extracted_by == "khronika.rules.ru/1"
    detention = next(e for e in sink.events[0] if e.type == "detention")
    assert detention.date == "2025-03-04"
    assert detention.place is not None and detention.place.name == "Zhanaozen"
    assert all(e.review == "proposed" for e in sink.events[0])
    (evidence,) = detention.evidence
    assert sink.docs[0].text[evidence.start : evidence.end] == evidence.text


def test_extraction_can_be_left_for_later(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("Police detained three striking miners in Karaganda.", encoding="utf-8")
    sink = MemorySink()

    ingest_sources([str(tmp_path)], sink, options=IngestOptions(extract=False))

    assert sink.events == [[]]
    assert sink.docs[0].extracted_by is None


def test_a_crashing_extractor_costs_the_events_not_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[Event]:
        raise RuntimeError("rule table is corrupt")

    monkeypatch.setattr("khronika.extract.pipeline.extract_events", broken)
    (tmp_path / "en.txt").write_text("Police detained three striking miners in Karaganda.", encoding="utf-8")
    seen: list[str] = []
    sink = MemorySink()

    summary = ingest_sources([str(tmp_path)], sink, on_event=lambda e: seen.append(e.detail))

    assert summary.to_dict() == {"new": 1, "duplicate": 0, "failed": []}
    assert sink.events == [[]] and sink.docs[0].extracted_by is None
    assert seen == ["stored without events: the extractor failed (RuntimeError: rule table is corrupt)"]


def test_the_database_in_the_folder_being_ingested_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("Workers at the smelter went on strike.", encoding="utf-8")
    for name in ("khronika.db", "khronika.db-wal", "khronika.db-shm"):
        (tmp_path / name).write_bytes(b"SQLite format 3\x00")
    sink = MemorySink()
    db = str(tmp_path / "khronika.db")

    summary = ingest_sources(
        [str(tmp_path)], sink, options=IngestOptions(exclude=(db, f"{db}-wal", f"{db}-shm", f"{db}-journal"))
    )

    assert summary.to_dict() == {"new": 1, "duplicate": 0, "failed": []}
