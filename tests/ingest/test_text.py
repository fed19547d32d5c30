"""Plain text and Markdown files in UTF-8 and the old Cyrillic code pages."""

from __future__ import annotations

import hashlib

import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.text import read_text
from khronika.ingest.registry import Source, read_source
from khronika.records import Document

REPORT_RU = (
    "Восемнадцатого мая в Шымкенте полиция задержала пятерых участников мирного пикета у здания акимата.\n"
    "Их обвинили в нарушении порядка проведения собраний и оштрафовали на сто месячных расчётных показателей.\n"
    "Правозащитники требуют отменить штрафы и прекратить преследование активистов."
)
REPORT_KK = "Жаңаөзенде мұнайшылар ереуілге шықты. Олар жалақыны көтеруді және еңбек жағдайын жақсартуды талап етеді."


def _read_one(source: Source) -> Document:
    (document,) = list(read_source(source))
    assert isinstance(document, Document)
    return document


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp1251", "cp1251"), ("koi8-r", "koi8_r"), ("utf-16", "utf_16")],
)
def test_russian_text_in_any_charset(encoding: str, expected: str) -> None:
    data = REPORT_RU.encode(encoding)
    document = _read_one(Source("reports/shymkent.txt", data))
    assert document.text == REPORT_RU
    assert document.meta == {"encoding": expected}
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.original == data
    assert (document.source_kind, document.uri, document.media_type) == ("text", "reports/shymkent.txt", "text/plain")
    assert (document.title, document.published, document.language, document.source_key) == (None, None, None, None)


def test_kazakh_text_keeps_its_letters() -> None:
    assert _read_one(Source("zhanaozen.txt", REPORT_KK.encode())).text == REPORT_KK


def test_newlines_and_blank_runs_are_normalised() -> None:
    data = b"  First line   \r\nsecond\tline\r\n\r\n\r\n\r\nthird\rfourth\n\n"
    assert _read_one(Source("a.txt", data)).text == "First line\nsecond\tline\n\nthird\nfourth"


def test_markdown_title_is_its_first_heading() -> None:
    data = "Черновик\n\n# Задержания в Алматы #\n\nТекст отчёта.\n\n## Хронология\n".encode()
    document = _read_one(Source("notes/almaty.md", data))
    assert document.title == "Задержания в Алматы"
    assert document.media_type == "text/markdown"
    assert document.text == "Черновик\n\n# Задержания в Алматы #\n\nТекст отчёта.\n\n## Хронология"


def test_binary_garbage_is_refused() -> None:
    garbage = bytes(range(256)) * 8
    with pytest.raises(SourceError) as caught:
        list(read_text(Source("photo.txt", garbage)))
    assert str(caught.value) == (
        "photo.txt: this is binary data, not text in any known charset; "
        "check that the file is the one you meant and give it the suffix of its real format"
    )


def test_nul_bytes_in_utf8_are_binary() -> None:
    with pytest.raises(SourceError, match="binary data"):
        list(read_text(Source("dump.txt", b"abc\x00\x00\x00def")))


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n"])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        list(read_text(Source("empty.txt", data)))
    assert str(caught.value) == "empty.txt: the file is empty; nothing to read"


@pytest.mark.parametrize(
    ("text", "published", "title"),
    [
        (
            "НЕЗАВИСИМЫЙ ПРОФСОЮЗ\nПресс-релиз, 22 июля 2023 года, г. Жанаозен\n\nВчера рабочие вышли на забастовку.",
            "2023-07-22",
            "НЕЗАВИСИМЫЙ ПРОФСОЮЗ",
        ),
        (
            "Miners' strike enters its second week\n\nKaraganda, 14 March 2025 — Over 300 miners stayed underground.",
            "2025-03-14",
            "Miners' strike enters its second week",
        ),
        (
            "Кенші ереуілі\n\n2025 жылғы 22 қаңтар, Жезқазған. Кеше кеншілер аштық жариялады.",
            "2025-01-22",
            "Кенші ереуілі",
        ),
        ("---\ntitle: Picket\ndate: 2024-02-09\n---\nA picket was held on Friday.", "2024-02-09", "Picket"),
        ("Workers went on strike. The union said on 3 May they would stay out.", None, None),
    ],
)
def test_publication_date_comes_from_the_dateline(text: str, published: str | None, title: str | None) -> None:
    (document,) = read_text(Source(uri="press.txt", data=text.encode("utf-8")))
    assert document.published == published
    assert document.title == title
