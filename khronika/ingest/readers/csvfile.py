"""CSV and TSV tables of reports: one document per row, with the column names given in the options."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import Any

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, decode_text, looks_binary, parse_date
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

OPTION_COLUMNS = ("text", "title", "date", "url")  # source.options keys that name a column
_DELIMITERS = ",;\t|"


@register_reader(
    "csv", suffixes=(".csv", ".tsv"), media_types=("text/csv", "text/tab-separated-values", "application/csv")
)
def read_csv(source: Source) -> Iterator[Document | SourceError]:
    """Read a table, one document per row; options 'text' (required), 'title', 'date', 'url' name columns."""
    decoded = decode_text(source.data)
    if decoded is None or looks_binary(decoded[0]):
        raise SourceError(source.uri, "this is binary data, not a CSV table; export the sheet as CSV (UTF-8)")
    content, encoding = decoded
    # Split lines the way the csv module counts them so that a row's number is its line in the file.
    lines = list(io.StringIO(content, newline=""))
    if not lines:
        raise SourceError(source.uri, "the file is empty; a header row with the column names is needed")
    dialect = _sniff_dialect(content)
    rows = csv.reader(iter(lines), dialect=dialect)
    header = [name.strip() for name in next(rows)]
    columns = _columns(source, header)
    # A row keeps its own bytes; UTF-16 and UTF-32 rows would each gain a byte-order mark, so they get UTF-8.
    row_encoding = "utf-8" if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")) else encoding
    end = rows.line_num
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as err:  # a field over the csv module's size limit, a stray quote at the end
            raise SourceError(source.uri, f"line {rows.line_num}: {err}; check the quoting of that row") from err
        start, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            yield SourceError(
                source.uri,
                f"line {start}: {len(cells)} cells but the header has {len(header)}; "
                f"put cells that hold the delimiter {dialect.delimiter!r} in double quotes",
            )
            continue
        raw = "".join(lines[start - 1 : end]).encode(row_encoding)
        yield _row_document(source, dict(zip(header, cells, strict=False)), columns, raw=raw, line=start)


def _sniff_dialect(content: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(content[:8192], delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel  # one column, or too little text to tell: commas


def _columns(source: Source, header: list[str]) -> dict[str, str]:
    found = ", ".join(repr(name) for name in header)
    if not source.options.get("text"):
        raise SourceError(
            source.uri,
            "name the column that holds the report text (--csv-text COLUMN on the command line); "
            f"columns found: {found}",
        )
    columns = {}
    for option in OPTION_COLUMNS:
        name = source.options.get(option)
        if name is None:
            continue
        if name not in header:
            raise SourceError(source.uri, f"{option} column {name!r} is not in the header; columns found: {found}")
        columns[option] = name
    return columns


def _row_document(
    source: Source, row: dict[str, str], columns: dict[str, str], *, raw: bytes, line: int
) -> Document | SourceError:
    text = clean_text(row.get(columns["text"]) or "")
    if not text:
        return SourceError(source.uri, f"line {line}: the {columns['text']!r} cell is empty; fill it or delete the row")
    published = None
    if "date" in columns and (row.get(columns["date"]) or "").strip():
        published = parse_date(row[columns["date"]])
        if published is None:
            return SourceError(
                source.uri,
                f"line {line}: {columns['date']!r} is {row[columns['date']]!r}, not a date; "
                "write it as YYYY-MM-DD, DD.MM.YYYY or an ISO date-time",
            )
    mapped = set(columns.values())
    extra: dict[str, Any] = {name: value for name, value in row.items() if name and name not in mapped}
    url = (row.get(columns.get("url", "")) or "").strip()
    title = (row.get(columns.get("title", "")) or "").strip()
    return Document.from_bytes(
        raw,
        source_kind="csv",
        uri=url or f"{source.uri}#line={line}",
        text=text,
        title=title or None,
        published=published,
        media_type="text/csv",
        meta=extra,
    )
