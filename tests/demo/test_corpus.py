"""The demo corpus: the manifest matches the files, every format opens with the stdlib, coverage is complete."""

from __future__ import annotations

import csv
import email
import importlib.util
import json
import mailbox
import sys
import zipfile
from collections import Counter
from datetime import date
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

from khronika.records import EVENT_TYPES

DEMO = Path(__file__).resolve().parents[2] / "demo"
CORPUS = DEMO / "corpus"
MANIFEST = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = {entry["path"]: entry for entry in MANIFEST["files"]}
ATOM = "{http://www.w3.org/2005/Atom}"
# Letters of the Kazakh Cyrillic alphabet that Russian lacks.
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _corpus_files() -> list[str]:
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())


def _mail_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, f"message {message['Message-ID']} has no text/plain part"
    return f"{message['Subject']}\n{body.get_content()}"


def _read_mbox(path: Path) -> list[EmailMessage]:
    box = mailbox.mbox(path, create=False)
    try:
        return [email.message_from_bytes(box.get_bytes(key), policy=policy.default) for key in box.iterkeys()]
    finally:
        box.close()


def _decoded_text(path: Path) -> str:
    """The human-readable text of a corpus file, undoing mail transfer encodings and DOCX zipping."""
    if path.suffix == ".mbox":
        return "\n".join(_mail_text(m) for m in _read_mbox(path))
    if path.suffix == ".eml":
        return _mail_text(email.message_from_bytes(path.read_bytes(), policy=policy.default))
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/document.xml")
        return "".join(node.text or "" for node in ElementTree.fromstring(xml).iter())
    if path.suffix == ".pdf":
        import pypdf

        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return path.read_text(encoding="utf-8")


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_build_binaries", DEMO / "build_binaries.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look the module up in sys.modules while building the class.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_manifest_lists_exactly_the_files_present() -> None:
    assert sorted(ENTRIES) == _corpus_files()
    assert len(ENTRIES) == len(MANIFEST["files"]), "a path is listed twice in demo/manifest.json"


@pytest.mark.parametrize("path", sorted(ENTRIES))
def test_manifest_entry_uses_known_languages_and_types(path: str) -> None:
    entry = ENTRIES[path]
    assert entry["languages"], f"{path}: no languages"
    assert set(entry["languages"]) <= {"en", "ru", "kk"}
    assert entry["event_types"], f"{path}: no event types"
    assert set(entry["event_types"]) <= set(EVENT_TYPES)
    assert len(set(entry["event_types"])) == len(entry["event_types"]), f"{path}: an event type is repeated"


def test_manifest_covers_every_event_type() -> None:
    union = {t for entry in ENTRIES.values() for t in entry["event_types"]}
    assert union == set(EVENT_TYPES)


def test_most_event_types_appear_in_several_documents() -> None:
    counts = Counter(t for entry in ENTRIES.values() for t in entry["event_types"])
    assert min(counts.values()) >= 3


def test_manifest_covers_english_russian_and_kazakh() -> None:
    assert {lang for entry in ENTRIES.values() for lang in entry["languages"]} == {"en", "ru", "kk"}


@pytest.mark.parametrize(
    ("folder", "lang", "minimum"),
    [
        ("press", "en", 3),
        ("press", "ru", 3),
        ("press", "kk", 2),
        ("news", "ru", 2),
        ("news", "en", 2),
        ("news", "kk", 1),
        ("statements", "ru", 1),
        ("statements", "en", 1),
    ],
)
def test_each_kind_has_enough_documents_per_language(folder: str, lang: str, minimum: int) -> None:
    found = [p for p, e in ENTRIES.items() if p.startswith(f"{folder}/") and lang in e["languages"]]
    assert len(found) >= minimum, f"{folder}/ has {found} in {lang}"


@pytest.mark.parametrize("path", [p for p in sorted(ENTRIES) if "kk" in ENTRIES[p]["languages"]])
def test_kazakh_files_contain_kazakh_letters(path: str) -> None:
    text = _decoded_text(CORPUS / path)
    letters = [ch for ch in text if ch in KAZAKH_LETTERS]
    assert len(letters) >= 20, f"{path}: only {len(letters)} Kazakh-specific letters"
    assert len(set(letters)) >= 5, f"{path}: Kazakh-specific letters used: {sorted(set(letters))}"


def test_telegram_export_has_the_telegram_desktop_shape() -> None:
    export = json.loads((CORPUS / "telegram/result.json").read_text(encoding="utf-8"))
    assert export["type"] == "public_channel"
    assert isinstance(export["id"], int) and export["name"]
    kinds = Counter(m["type"] for m in export["messages"])
    assert kinds["message"] >= 15
    assert 1 <= kinds["service"] <= 2
    texts = [m["text"] for m in export["messages"] if m["type"] == "message"]
    assert any(isinstance(t, str) for t in texts)
    assert any(isinstance(t, list) for t in texts)
    for message in export["messages"]:
        date.fromisoformat(message["date"][:10])
        if isinstance(message["text"], list):
            for part in message["text"]:
                assert isinstance(part, str) or {"type", "text"} <= part.keys(), f"message {message['id']}: {part!r}"
    entity_types = {p["type"] for t in texts if isinstance(t, list) for p in t if isinstance(p, dict)}
    assert {"bold", "link"} <= entity_types


@pytest.mark.parametrize(
    ("path", "entry_tag"),
    [("feeds/qorgau-news.rss.xml", "channel/item"), ("feeds/steppe-solidarity.atom", f"{ATOM}entry")],
)
def test_feeds_parse_with_at_least_five_entries(path: str, entry_tag: str) -> None:
    root = ElementTree.parse(CORPUS / path).getroot()
    assert len(root.findall(entry_tag)) >= 5


def test_incidents_csv_has_the_mapped_columns_and_iso_dates() -> None:
    with (CORPUS / "incidents/incidents.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == ["date", "title", "description", "region", "source_url"]
    assert 18 <= len(rows) <= 25
    for number, row in enumerate(rows, start=2):
        date.fromisoformat(row["date"])
        assert row["title"] and row["description"], f"incidents.csv line {number} is empty"
        assert row["source_url"].startswith("https://"), f"incidents.csv line {number}"


class _DateFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.published: list[str] = []
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("property") == "article:published_time":
            self.published.append(values.get("content") or "")
        if tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"] or "")


@pytest.mark.parametrize("path", [p for p in sorted(ENTRIES) if p.endswith(".html")])
def test_news_pages_state_their_publication_time(path: str) -> None:
    finder = _DateFinder()
    finder.feed((CORPUS / path).read_text(encoding="utf-8"))
    finder.close()
    assert len(finder.published) == 1, f"{path}: expected one article:published_time"
    assert finder.times == finder.published
    date.fromisoformat(finder.published[0][:10])


def test_mail_files_parse() -> None:
    raw = (CORPUS / "mail/urgent-action-zhaksylykova.eml").read_bytes()
    appeal = email.message_from_bytes(raw, policy=policy.default)
    assert appeal.get_content_type() == "multipart/alternative"
    messages = _read_mbox(CORPUS / "mail/qorgau-monitoring.mbox")
    assert [m["Subject"] for m in messages] == [
        "Reinstate the 54 dismissed Kumtal miners",
        "Второе заседание по делу Ерлана",
        "Қызылорда: зейнеткерлерге айыппұл / штрафы пенсионерам",
    ]


@pytest.mark.parametrize("path", sorted(ENTRIES))
def test_documents_are_small(path: str) -> None:
    size_bytes = (CORPUS / path).stat().st_size
    if path.endswith((".pdf", ".docx")):
        assert size_bytes < 100_000
    elif path.startswith(("press/", "news/")):
        # News pages carry site boilerplate around an article of under 5 KB.
        assert 500 <= size_bytes <= 6_000, f"{path}: {size_bytes} bytes"
    else:
        assert size_bytes <= 20_000, f"{path}: {size_bytes} bytes"


@pytest.mark.parametrize(
    ("path", "phrase"),
    [
        ("statements/qorgau-statement-dala-times.ru.pdf", "статьи 274"),
        ("statements/ssn-human-rights-day-2025.en.pdf", "two years of restricted freedom"),
        ("statements/algabas-appeal.kk.docx", "23 тұрғын үй бұзылды"),
    ],
)
def test_binary_statements_hold_their_text(path: str, phrase: str) -> None:
    assert phrase in " ".join(_decoded_text(CORPUS / path).split())


def test_binaries_are_rebuilt_byte_for_byte_from_sources() -> None:
    builder = _load_builder()
    if not builder.FONT_REGULAR.exists():
        pytest.skip(f"font {builder.FONT_REGULAR} is not installed")
    sources = sorted((DEMO / "sources").glob("*.md"))
    assert len(sources) == 3
    for path in sources:
        src = builder.read_source(path)
        build = builder.build_pdf if src.output.endswith(".pdf") else builder.build_docx
        assert build(src) == (CORPUS / src.output).read_bytes(), f"{src.output} is stale: run demo/build_binaries.py"
