"""Choosing a reader: by suffix, then media type, then the first bytes; a clear error otherwise."""

from __future__ import annotations

import pytest

from khronika.errors import SourceError
from khronika.ingest.registry import Source, choose_reader, load_readers, source_suffix


def test_every_built_in_reader_is_registered() -> None:
    assert set(load_readers()) >= {"text", "html", "pdf", "docx", "email", "mbox", "feed", "telegram", "csv"}


@pytest.mark.parametrize(
    ("uri", "suffix"),
    [
        ("reports/2024/strike.TXT", ".txt"),
        ("https://example.org/news/report.html?page=2#top", ".html"),
        ("https://example.org/news/", ""),
        ("https://example.org", ""),
        ("C:\\reports\\detentions.docx", ".docx"),
        ("reports/.hidden", ""),
        ("README", ""),
    ],
)
def test_source_suffix(uri: str, suffix: str) -> None:
    assert source_suffix(uri) == suffix


@pytest.mark.parametrize(
    ("uri", "media_type", "data", "reader"),
    [
        ("a.txt", None, b"text", "text"),
        ("a.md", None, b"# T", "text"),
        ("a.htm", None, b"x", "html"),
        ("a.csv", None, b"x", "csv"),
        ("result.json", None, b"{}", "telegram"),
        ("a.pdf", None, b"x", "pdf"),
        ("a.docx", None, b"x", "docx"),
        ("a.eml", None, b"x", "email"),
        ("a.mbox", None, b"x", "mbox"),
        ("news.rss", None, b"x", "feed"),
        # the suffix wins over the media type
        ("a.txt", "text/html", b"<html>", "text"),
        ("https://example.org/news", "text/html; charset=utf-8", b"x", "html"),
        ("https://example.org/feed", "application/rss+xml", b"x", "feed"),
        ("https://example.org/doc", "application/pdf", b"x", "pdf"),
        ("https://example.org/feed.xml", "text/xml", b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ("feed.xml", None, b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("export", None, b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "feed"),
        ("page", None, b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("download", None, b"%PDF-1.7\n", "pdf"),
        ("message", None, b"Return-Path: <a@example.org>\nFrom: a@example.org\n", "email"),
        ("archive", None, b"From MAILER-DAEMON Fri Mar 15 01:30:00 2024\nFrom: a@example.org\n", "mbox"),
        # generic media types let the first bytes decide, and only then count
        ("https://example.org/rss", "text/xml", b'<rss version="2.0">', "feed"),
        ("https://example.org/rss", "text/plain; charset=utf-8", b"<rss version='2.0'>", "feed"),
        ("https://example.org/get?id=7", "application/octet-stream", b"%PDF-1.4", "pdf"),
        ("https://example.org/note", "text/plain", b"From a reporter in Almaty\nToday: a picket.", "text"),
        ("chat", None, b'{"name": "x", "type": "public_channel", "id": 1, "messages": []}', "telegram"),
    ],
)
def test_choose_reader(uri: str, media_type: str | None, data: bytes, reader: str) -> None:
    assert choose_reader(Source(uri, data, media_type=media_type)).name == reader


def test_choose_reader_by_name() -> None:
    assert choose_reader(Source("notes.dat", b"x"), name="text").name == "text"


def test_unknown_reader_name_lists_the_readers() -> None:
    with pytest.raises(SourceError) as caught:
        choose_reader(Source("notes.dat", b"x"), name="excel")
    assert str(caught.value) == (
        "notes.dat: no reader named 'excel'; choose one of csv, docx, email, feed, html, mbox, pdf, telegram, text"
    )


def test_unknown_format_lists_the_supported_suffixes() -> None:
    with pytest.raises(SourceError) as caught:
        choose_reader(Source("scan.tiff", b"II*\x00", media_type="image/tiff"))
    assert str(caught.value) == (
        "scan.tiff: cannot tell the format (suffix '.tiff', media type 'image/tiff'); "
        "supported suffixes are .atom, .csv, .docx, .eml, .htm, .html, .json, .markdown, .mbox, .mbx, .md, .pdf, "
        ".rss, .tsv, .txt; rename the file or name the reader, one of csv, docx, email, feed, html, mbox, pdf, "
        "telegram, text"
    )


def test_no_suffix_no_media_type() -> None:
    with pytest.raises(SourceError) as caught:
        choose_reader(Source("https://example.org/download", b"\x00\x01"))
    assert str(caught.value).startswith("https://example.org/download: cannot tell the format (no suffix); ")
