"""CSV tables: one document per row, per-row errors that name the line, dates in three forms."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.csvfile import read_csv
from khronika.ingest.registry import Source
from khronika.records import Document

TABLE = (
    "id;date;title;text;url;region\r\n"
    "1;2024-03-15;Пикет в Актобе;Пятеро активистов вышли на пикет у акимата.;https://example.org/1;Актюбинская\r\n"
    '2;16.03.2024;"Задержание; суд";"Активиста задержали.\r\nСуд назначил арест на десять суток.";;Алматы\r\n'
    "3;вчера;Без даты;Текст с плохой датой.;;Атырау\r\n"
    "4;2024-03-18T09:15:00+05:00;;;;Шымкент\r\n"
    ";;;;;\r\n"
    "5;;Забастовка;Рабочие рудника объявили забастовку.;;Караганда\r\n"
    "6;;Лишняя;Текст; с точкой с запятой;;Павлодар\r\n"
)
OPTIONS = {"text": "text", "title": "title", "date": "date", "url": "url"}


def _read(data: bytes, options: dict[str, Any], uri: str = "exports/events.csv") -> list[Document | SourceError]:
    return list(read_csv(Source(uri, data, options=options)))


def test_rows_become_documents_and_bad_rows_errors() -> None:
    out = _read(TABLE.encode(), OPTIONS)
    assert [type(item).__name__ for item in out] == [
        "Document",
        "Document",
        "SourceError",
        "SourceError",
        "Document",
        "SourceError",
    ]
    first, second, bad_date, empty, last, too_many = out
    assert isinstance(first, Document) and isinstance(second, Document) and isinstance(last, Document)
    assert first.text == "Пятеро активистов вышли на пикет у акимата."
    assert (first.title, first.published, first.uri) == ("Пикет в Актобе", "2024-03-15", "https://example.org/1")
    assert first.meta == {"id": "1", "region": "Актюбинская"}
    assert first.original == TABLE.split("\r\n")[1].encode() + b"\r\n"
    assert (first.source_kind, first.media_type, first.source_key) == ("csv", "text/csv", None)
    assert second.text == "Активиста задержали.\nСуд назначил арест на десять суток."
    assert (second.title, second.published, second.uri) == (
        "Задержание; суд",
        "2024-03-16",
        "exports/events.csv#line=3",
    )
    assert str(bad_date) == (
        "exports/events.csv: line 5: 'date' is 'вчера', not a date; "
        "write it as YYYY-MM-DD, DD.MM.YYYY or an ISO date-time"
    )
    assert str(empty) == "exports/events.csv: line 6: the 'text' cell is empty; fill it or delete the row"
    assert (last.title, last.published, last.uri) == ("Забастовка", None, "exports/events.csv#line=8")
    assert str(too_many) == (
        "exports/events.csv: line 9: 7 cells but the header has 6; "
        "put cells that hold the delimiter ';' in double quotes"
    )


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "utf-8"), ("\t", "utf-8"), (";", "cp1251"), ("|", "utf-8-sig")]
)
def test_delimiter_and_charset_are_detected(delimiter: str, encoding: str) -> None:
    rows = [
        ["дата", "сообщение"],
        ["01.05.2024", "Работники шахты имени Костенко объявили голодовку, требуя выплатить долги по зарплате."],
        ["02.05.2024", "Акимат Караганды отказал профсоюзу в согласовании митинга у здания областного суда."],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    out = _read(data, {"text": "сообщение", "date": "дата"}, uri="kz.csv")
    assert [(d.text, d.published) for d in out if isinstance(d, Document)] == [
        (rows[1][1], "2024-05-01"),
        (rows[2][1], "2024-05-02"),
    ]
    assert all(isinstance(d, Document) for d in out)


def test_missing_text_column_lists_the_columns() -> None:
    with pytest.raises(SourceError) as caught:
        _read(TABLE.encode(), {"text": "body"})
    assert str(caught.value) == (
        "exports/events.csv: text column 'body' is not in the header; "
        "columns found: 'id', 'date', 'title', 'text', 'url', 'region'"
    )


def test_text_option_is_required() -> None:
    with pytest.raises(SourceError) as caught:
        _read(TABLE.encode(), {})
    assert str(caught.value) == (
        "exports/events.csv: name the column that holds the report text (--csv-text COLUMN on the command line); "
        "columns found: 'id', 'date', 'title', 'text', 'url', 'region'"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty; a header row with the column names is needed"),
        (bytes(range(256)) * 4, "this is binary data, not a CSV table; export the sheet as CSV (UTF-8)"),
    ],
)
def test_unreadable_tables(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        _read(data, OPTIONS, uri="t.csv")
    assert str(caught.value) == f"t.csv: {message}"


def test_oversized_field_names_the_line() -> None:
    data = ("text\nПервая строка\n" + "а" * 131_073 + "\n").encode()
    out = read_csv(Source("big.csv", data, options={"text": "text"}))
    first = next(out)
    assert isinstance(first, Document) and first.text == "Первая строка"
    with pytest.raises(SourceError) as caught:
        next(out)
    assert str(caught.value) == (
        "big.csv: line 3: field larger than field limit (131072); check the quoting of that row"
    )


def test_utf16_rows_keep_utf8_originals() -> None:
    data = "text,date\nЗабастовка в Темиртау,2025-04-14\n".encode("utf-16")
    (document,) = _read(data, {"text": "text", "date": "date"}, uri="u16.csv")
    assert isinstance(document, Document)
    assert (document.text, document.published) == ("Забастовка в Темиртау", "2025-04-14")
    assert document.original == "Забастовка в Темиртау,2025-04-14\n".encode()
