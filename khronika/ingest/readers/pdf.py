"""PDF reports: the text of every page, with title and creation date from the document information."""

from __future__ import annotations

import io
from collections.abc import Iterator

from pypdf import PdfReader

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, to_iso_date
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

_EOF_WINDOW = 2048  # writers may append a little padding after %%EOF


def _sniff_pdf(head: bytes) -> bool:
    return head.lstrip()[:5] == b"%PDF-"


@register_reader("pdf", suffixes=(".pdf",), media_types=("application/pdf",), sniff=_sniff_pdf)
def read_pdf(source: Source) -> Iterator[Document | SourceError]:
    """Read a PDF as one document; a damaged, locked or scanned PDF is a SourceError."""
    if not _sniff_pdf(source.data[:1024]):
        raise SourceError(source.uri, "this is not a PDF (it does not start with %PDF-); check the file")
    if b"%%EOF" not in source.data[-_EOF_WINDOW:]:
        raise SourceError(
            source.uri,
            "the PDF is truncated (no %%EOF marker at its end), perhaps an interrupted download; get it again",
        )
    try:
        reader = PdfReader(io.BytesIO(source.data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(source.uri, "the PDF is password-protected; save an unlocked copy and read that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    except Exception as err:  # pypdf fails on damaged files with many exception types; name the file
        raise SourceError(source.uri, f"the PDF is damaged ({type(err).__name__}: {err}); get a fresh copy") from err
    title, published = _title_and_date(reader)
    text = clean_text("\n\n".join(clean_text(page) for page in pages))
    if not text:
        raise SourceError(
            source.uri,
            f"none of its {len(pages)} pages has extractable text, so it is probably a scan; "
            "run OCR on it (for example `ocrmypdf --language rus+kaz+eng in.pdf out.pdf`) and read the result",
        )
    yield Document.from_bytes(
        source.data,
        source_kind="pdf",
        uri=source.uri,
        text=text,
        title=title,
        published=published,
        media_type="application/pdf",
        meta={"pages": len(pages)},
    )


def _title_and_date(reader: PdfReader) -> tuple[str | None, str | None]:
    """Return the title and creation date of the document information; bad metadata is no reason to refuse the text."""
    try:
        info = reader.metadata
        title = (info.title or "").strip() if info else ""
    except Exception:  # an undecodable title string
        info, title = None, ""
    try:
        published = to_iso_date(info.creation_date) if info else None
    except ValueError:  # a /CreationDate that is not a PDF date
        published = None
    return title or None, published
