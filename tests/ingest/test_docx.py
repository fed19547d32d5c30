"""Word documents written by python-docx: paragraphs and tables in order, core properties."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.word import read_docx
from khronika.ingest.registry import Source
from khronika.records import Document, sha256_hex


def _docx(*, title: str | None, created: dt.datetime) -> bytes:
    document = docx.Document()
    document.core_properties.title = title or ""
    document.core_properties.created = created
    document.core_properties.author = "Правозащитный центр «Вымысел»"
    document.add_heading("Хроника задержаний", level=1)
    document.add_paragraph("Двадцатого апреля в Актау задержали участников мирного собрания.")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    cells = [["Дата", "Город", "Задержано"], ["20.04.2024", "Актау", "7"], ["Итого", "", "7"]]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(2, 0).merge(table.cell(2, 1))
    document.add_paragraph("Ақтауда бейбіт жиынға қатысушылар ұсталды.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_paragraphs_tables_and_core_properties() -> None:
    data = _docx(title="Задержания в Актау", created=dt.datetime(2024, 4, 21, 10, 0))
    (document,) = list(read_docx(Source("reports/aktau.docx", data)))
    assert isinstance(document, Document)
    assert document.text == (
        "Хроника задержаний\n"
        "Двадцатого апреля в Актау задержали участников мирного собрания.\n"
        "\n"
        "Дата | Город | Задержано\n"
        "20.04.2024 | Актау | 7\n"
        "Итого | 7\n"
        "Ақтауда бейбіт жиынға қатысушылар ұсталды."
    )
    assert (document.title, document.published) == ("Задержания в Актау", "2024-04-21")
    assert document.meta == {"author": "Правозащитный центр «Вымысел»"}
    assert (document.source_kind, document.sha256, document.source_key) == ("docx", sha256_hex(data), None)


def test_empty_title_is_none() -> None:
    (document,) = list(read_docx(Source("a.docx", _docx(title=None, created=dt.datetime(2023, 12, 31, 23, 0)))))
    assert isinstance(document, Document)
    assert (document.title, document.published) == (None, "2023-12-31")


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "this is an old Word .doc file, not .docx; save it as .docx in Word or LibreOffice",
        ),
        (
            _zip({"hello.txt": "not word"}),
            "the archive is not a Word document (There is no item named '[Content_Types].xml' in the archive); "
            "save it as .docx in Word or LibreOffice",
        ),
    ],
)
def test_not_a_docx(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        list(read_docx(Source("old.docx", data)))
    assert str(caught.value) == f"old.docx: {message}"


def test_truncated_docx() -> None:
    data = _docx(title="x", created=dt.datetime(2024, 1, 1))
    with pytest.raises(SourceError) as caught:
        list(read_docx(Source("cut.docx", data[: len(data) // 2])))
    assert str(caught.value) == (
        "cut.docx: not a zip archive, so not a .docx (truncated or damaged?); get a fresh copy"
    )
