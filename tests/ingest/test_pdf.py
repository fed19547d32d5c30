"""PDF files written by fpdf2: Russian and Kazakh text, metadata, and the ways a PDF goes wrong."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from fpdf import FPDF
from pypdf import PdfWriter

from khronika.errors import SourceError
from khronika.ingest.readers.pdf import read_pdf
from khronika.ingest.registry import Source
from khronika.records import Document, sha256_hex

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAGE_RU = "Пятнадцатого марта в Алматы полиция задержала трёх активистов независимого профсоюза."
PAGE_KK = "Жаңаөзенде мұнайшылар ереуілге шықты. Олар жалақыны көтеруді талап етеді."


def _pdf(pages: list[str], *, title: str | None = None, created: dt.datetime | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    if title:
        pdf.set_title(title)
    pdf.set_creation_date(created or dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    for page in pages:
        pdf.add_page()
        if page:
            pdf.multi_cell(0, 8, page)
        else:
            pdf.rect(20, 20, 100, 140)  # a drawing, no text: what a scan looks like to a text extractor
    return bytes(pdf.output())


def test_text_of_all_pages_with_title_and_date() -> None:
    created = dt.datetime(2024, 3, 15, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    data = _pdf([PAGE_RU, PAGE_KK], title="Отчёт о задержаниях, март 2024", created=created)
    (document,) = list(read_pdf(Source("reports/march.pdf", data)))
    assert isinstance(document, Document)
    # fpdf2 wraps the long Russian line; the extracted text keeps the line break of the page.
    assert document.text == PAGE_RU.replace(" профсоюза", "\nпрофсоюза") + "\n\n" + PAGE_KK
    assert document.title == "Отчёт о задержаниях, март 2024"
    assert document.published == "2024-03-15"
    assert document.meta == {"pages": 2}
    assert (document.source_kind, document.media_type, document.sha256) == ("pdf", "application/pdf", sha256_hex(data))


def test_pdf_without_title() -> None:
    (document,) = list(read_pdf(Source("a.pdf", _pdf([PAGE_KK]))))
    assert isinstance(document, Document)
    assert (document.title, document.published) == (None, "2020-01-01")


def test_truncated_pdf() -> None:
    data = _pdf([PAGE_RU])
    with pytest.raises(SourceError) as caught:
        list(read_pdf(Source("cut.pdf", data[: len(data) // 2])))
    assert str(caught.value) == (
        "cut.pdf: the PDF is truncated (no %%EOF marker at its end), perhaps an interrupted download; get it again"
    )


def test_damaged_pdf() -> None:
    data = _pdf([PAGE_RU])
    middle = len(data) // 2
    damaged = data[:100] + b"\x00garbage\x00" * 200 + data[middle:]
    with pytest.raises(SourceError) as caught:
        list(read_pdf(Source("bad.pdf", damaged)))
    assert str(caught.value).startswith("bad.pdf: the PDF is damaged (")
    assert str(caught.value).endswith("); get a fresh copy")


def test_scanned_pdf_without_text() -> None:
    with pytest.raises(SourceError) as caught:
        list(read_pdf(Source("scan.pdf", _pdf(["", ""]))))
    assert str(caught.value) == (
        "scan.pdf: none of its 2 pages has extractable text, so it is probably a scan; run OCR on it "
        "(for example `ocrmypdf --language rus+kaz+eng in.pdf out.pdf`) and read the result"
    )


def test_not_a_pdf() -> None:
    with pytest.raises(SourceError) as caught:
        list(read_pdf(Source("report.pdf", b"<html>not a pdf</html>")))
    assert str(caught.value) == "report.pdf: this is not a PDF (it does not start with %PDF-); check the file"


def _rewrite(data: bytes, *, metadata: dict[str, str] | None = None, user_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    if metadata:
        writer.add_metadata(metadata)
    if user_password is not None:
        writer.encrypt(user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_bad_creation_date_keeps_the_text() -> None:
    data = _rewrite(_pdf([PAGE_RU]), metadata={"/CreationDate": "вчера", "/Title": "Сводка"})
    (document,) = list(read_pdf(Source("odd-date.pdf", data)))
    assert isinstance(document, Document)
    assert (document.title, document.published) == ("Сводка", None)
    assert document.text.startswith("Пятнадцатого марта")


def test_pdf_locked_for_editing_only_is_read() -> None:
    (document,) = list(read_pdf(Source("owner.pdf", _rewrite(_pdf([PAGE_KK]), user_password=""))))
    assert isinstance(document, Document)
    assert document.text == PAGE_KK


def test_password_protected_pdf() -> None:
    with pytest.raises(SourceError) as caught:
        list(read_pdf(Source("locked.pdf", _rewrite(_pdf([PAGE_KK]), user_password="secret"))))
    assert str(caught.value) == "locked.pdf: the PDF is password-protected; save an unlocked copy and read that"
