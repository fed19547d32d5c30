"""A document's page shows its metadata; its original downloads byte for byte under a safe name."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from khronika.store import Store
from khronika.web.routes.documents import download_name
from tests.factories import make_document

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_original_downloads_with_its_bytes_and_media_type(client: TestClient, store: Store) -> None:
    doc = make_document("Текст отчёта", original=PDF_BYTES, media_type="application/pdf", uri="file:///in/отчёт 1.pdf")
    doc_id, _ = store.add_document(doc)
    response = client.get(f"/documents/{doc_id}/original")
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="1.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_document_without_original_bytes_has_no_download(client: TestClient, store: Store) -> None:
    doc = make_document("Только текст")
    doc.original = None
    doc_id, _ = store.add_document(doc)
    assert client.get(f"/documents/{doc_id}/original").status_code == 404


@pytest.mark.parametrize(
    ("uri", "media_type", "name"),
    [
        ("file:///reports/strike.pdf", "application/pdf", "strike.pdf"),
        ('https://example.org/a/b/report"; x=.html', "text/html", "report.html"),
        ("https://example.org/news/2011/12/16/", "text/html", "document-7.html"),
        ("file:///in/..%2F..%2Fetc%2Fpasswd", None, "etc_passwd.bin"),
        ("telegram:channel/42", "text/plain", "42.txt"),
        ("file:///Жаңаөзен.docx", "application/msword", "document-7.docx"),
    ],
)
def test_download_names_are_plain_ascii_without_paths(uri: str, media_type: str | None, name: str) -> None:
    doc = make_document("x", uri=uri, media_type=media_type)
    doc.id = 7
    assert download_name(doc) == name


def test_the_document_page_shows_its_metadata(client: TestClient, store: Store) -> None:
    doc = make_document(uri="https://example.org/report", title="Отчёт о забастовке")
    doc_id, _ = store.add_document(doc)
    page = client.get(f"/documents/{doc_id}").text
    assert "<h1>Отчёт о забастовке</h1>" in page
    assert doc.sha256 in page
    assert '<time datetime="2024-03-05">March 5, 2024</time>' in page
    assert f'<a href="/documents/{doc_id}/original" download>' in page
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">' in page
