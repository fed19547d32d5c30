"""Word documents (.docx): paragraphs and tables in their order, title and creation date from the core properties."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, to_iso_date
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .xls and .ppt
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sniff_docx(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and b"word/" in head


@register_reader("docx", suffixes=(".docx",), media_types=(DOCX_TYPE,), sniff=_sniff_docx)
def read_docx(source: Source) -> Iterator[Document | SourceError]:
    """Read a .docx file as one document; tables become one line per row, cells split by ' | '."""
    try:
        document = docx.Document(io.BytesIO(source.data))
    except zipfile.BadZipFile as err:
        if source.data.startswith(_OLE_MAGIC):
            raise SourceError(
                source.uri, "this is an old Word .doc file, not .docx; save it as .docx in Word or LibreOffice"
            ) from err
        raise SourceError(
            source.uri, "not a zip archive, so not a .docx (truncated or damaged?); get a fresh copy"
        ) from err
    except (PackageNotFoundError, KeyError, ValueError) as err:
        reason = err.args[0] if err.args else type(err).__name__
        raise SourceError(
            source.uri, f"the archive is not a Word document ({reason}); save it as .docx in Word or LibreOffice"
        ) from err
    blocks = []
    for block in document.iter_inner_content():
        blocks.append(_table_text(block) if isinstance(block, Table) else block.text)
    text = clean_text("\n".join(blocks))
    if not text:
        raise SourceError(source.uri, "the document has no text; if it holds scanned pages, run OCR on them first")
    core = document.core_properties
    meta = {key: value for key, value in (("author", core.author), ("subject", core.subject)) if value}
    yield Document.from_bytes(
        source.data,
        source_kind="docx",
        uri=source.uri,
        text=text,
        title=(core.title or "").strip() or None,
        published=to_iso_date(core.created),
        media_type=DOCX_TYPE,
        meta=meta,
    )


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans; keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append(" | ".join(cells))
    return "\n".join(rows)
