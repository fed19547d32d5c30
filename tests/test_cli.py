"""The command line as a user drives it: ingest, list, show, search, extract, eval, extract-again."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from khronika import __version__
from khronika.cli import app
from khronika.store import open_store

runner = CliRunner()

RU = "Пресс-релиз, 5 марта 2025 года\n\nВчера в Жанаозене полиция задержала активиста Ерлана Касымова."
KK = "2025 жылғы 14 наурыз\n\nКеше Қарағандыда кеншілер ереуілге шықты, жүздеген адам алаңға жиналды."
EN = "Almaty, 3 June 2025\n\nOn Monday police detained twelve protesters outside the akimat in Almaty."


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in (("ru.txt", RU), ("kk.txt", KK), ("en.txt", EN)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_version() -> None:
    assert _run("--version") == (0, f"khronika {__version__}\n")


def test_ingest_prints_the_summary_object_and_exits_1_when_a_source_failed(reports: Path, tmp_path: Path) -> None:
    (reports / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    db = str(tmp_path / "k.db")

    code, output = _run("--db", db, "ingest", str(reports), "--json")

    assert code == 1
    summary = json.loads(output)
    assert (summary["new"], summary["duplicate"]) == (3, 0)
    assert [f["source"] for f in summary["failed"]] == [str(reports / "broken.pdf")]
    assert _run("--db", db, "ingest", str(reports / "ru.txt"), "--json") == (
        0,
        '{"new": 0, "duplicate": 1, "failed": []}\n',
    )


def test_list_show_and_search_on_both_databases(reports: Path, store_url: str) -> None:
    assert _run("--db", store_url, "ingest", str(reports))[0] == 0

    code, output = _run("--db", store_url, "documents", "list", "--json")
    listed = {Path(row["uri"]).name: row for row in json.loads(output)}
    assert code == 0 and set(listed) == {"ru.txt", "kk.txt", "en.txt"}
    assert {name: row["language"] for name, row in listed.items()} == {"ru.txt": "ru", "kk.txt": "kk", "en.txt": "en"}

    code, output = _run("--db", store_url, "documents", "show", str(listed["kk.txt"]["id"]), "--json")
    assert code == 0 and json.loads(output)["text"] == KK

    for query, expected in (
        ("задержала", "ru.txt"),
        ("ЖАНАОЗЕН", "ru.txt"),
        ("ереуілге", "kk.txt"),
        ("ереуил", "kk.txt"),
    ):
        code, output = _run("--db", store_url, "search", query, "--json")
        documents = [hit["id"] for hit in json.loads(output) if hit["kind"] == "document"]
        assert documents == [listed[expected]["id"]], query


def test_show_of_a_missing_document_says_how_to_find_ids(tmp_path: Path) -> None:
    code, output = _run("--db", str(tmp_path / "k.db"), "documents", "show", "41")
    assert code == 1
    assert "no document 41" in output and "documents list" in output


def test_ingest_stores_proposed_events_found_by_search(reports: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    code, output = _run("--db", str(db), "ingest", str(reports))
    assert code == 0 and "3 new (" in output

    with open_store(f"sqlite:///{db}") as store:
        events = store.list_events(limit=100)
    detentions = {e.extractor: e.date for e in events if e.type == "detention"}
    assert detentions == {"khronika.rules.ru/1": "2025-03-04", "khronika.rules.en/1": "2025-06-02"}
    assert any(e.type == "strike" and e.extractor == "khronika.rules.kk/1" for e in events)
    _, output = _run("--db", str(db), "search", "detention Almaty", "--json")
    assert [hit["kind"] for hit in json.loads(output)] == ["event"]


class _Feed(BaseHTTPRequestHandler):
    entries: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        items = "".join(
            f"<item><guid>{guid}</guid><title>{title}</title><link>http://example.org/{guid}</link>"
            "<pubDate>Mon, 03 Mar 2025 10:00:00 +0500</pubDate>"
            f"<description>{title}. Рабочие вышли на пикет.</description></item>"
            for guid, title in self.entries
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title>{items}</channel></rss>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_polling_a_feed_again_adds_only_the_new_entries(feed_url: str, tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    _Feed.entries = [("a-1", "Пикет в Актау"), ("a-2", "Пикет в Атырау")]
    assert json.loads(_run("--db", db, "ingest", feed_url, "--json")[1]) == {"new": 2, "duplicate": 0, "failed": []}

    # The feed moves on: one entry new, one edited (its text changed, its id did not).
    _Feed.entries = [("a-3", "Пикет в Уральске"), ("a-2", "Пикет в Атырау (дополнено)"), ("a-1", "Пикет в Актау")]
    assert json.loads(_run("--db", db, "ingest", feed_url, "--json")[1]) == {"new": 1, "duplicate": 2, "failed": []}


def test_extract_writes_one_line_per_document_and_names_a_bad_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": EN, "published": "2025-06-03", "lang": "en", "title": None}),
        "{not json",
        json.dumps({"id": "b", "text": RU, "published": "2025-03-05", "lang": None, "title": None}, ensure_ascii=False),
    ]
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"

    result = runner.invoke(app, ["extract", "--input", str(docs), "--output", str(out)])

    assert result.exit_code == 1
    assert f"{docs}:2: not JSON" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows if row["events"]] == ["a", "b"]
    assert {e["type"] for e in rows[-1]["events"]} == {"detention"}


def test_eval_scores_an_annotated_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    event = {"type": "detention", "date": "2025-06-02", "place": {"name": "Almaty", "admin1": None, "country": "KZ"}}
    gold.write_text(
        json.dumps({"id": "g1", "text": EN, "published": "2025-06-03", "lang": "en", "title": None, "events": [event]})
        + "\n",
        encoding="utf-8",
    )

    code, output = _run("eval", str(gold), "--json")

    assert code == 0
    result = json.loads(output)
    assert result["type"]["recall"] == 1.0 and result["strict"]["recall"] == 1.0
    assert result["per_language"]["en"]["gold_events"] == 1


def test_extract_again_keeps_reviewed_events(reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "k.db"
    _run("--db", str(db), "ingest", str(reports / "en.txt"))
    with open_store(f"sqlite:///{db}") as store:
        (detention,) = [e for e in store.list_events() if e.type == "detention"]
        store.set_review(detention.id or 0, "confirmed")

    code, output = _run("--db", str(db), "extract-again")
    assert code == 0 and output.startswith("0 documents read again") and "1 documents up to date" in output

    monkeypatch.setattr("khronika.extract.pipeline.EXTRACTOR_VERSION", 2)
    code, output = _run("--db", str(db), "extract-again")
    assert code == 0 and output.startswith("1 documents read again")
    with open_store(f"sqlite:///{db}") as store:
        events = store.list_events()
        (doc,) = store.list_documents()
    assert [(e.id, e.review) for e in events if e.type == "detention"] == [(detention.id, "confirmed")]
    assert doc.extracted_by == "khronika.rules.en/2"
