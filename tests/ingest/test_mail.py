"""E-mail: .eml files and mbox mailboxes written with the stdlib email and mailbox modules."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.mail import read_eml, read_mbox
from khronika.ingest.registry import Source
from khronika.records import Document, sha256_hex

PLAIN = "Сегодня в Атырау суд оштрафовал двух членов профсоюза за участие в забастовке.\nАпелляция будет подана."
HTML = "<html><body><p>Ақтөбеде <b>ереуіл</b> басталды.</p><p>Жұмысшылар алаңға шықты.</p></body></html>"


def _message(
    *, message_id: str | None, subject: str, plain: str | None = None, html: str | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Айгуль Сериккызы <monitor@example.org>"
    message["To"] = "chronicle@example.org"
    message["Subject"] = subject
    message["Date"] = "Fri, 15 Mar 2024 01:30:00 +0500"
    if message_id:
        message["Message-ID"] = f"<{message_id}>"
    if plain is not None:
        message.set_content(plain)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    if plain is None and html is None:
        message.set_content(b"%PDF-1.7 not text", maintype="application", subtype="pdf", filename="scan.pdf")
    return message


def test_eml_with_plain_and_html_prefers_plain() -> None:
    data = _message(message_id="a1@example.org", subject="Штрафы в Атырау", plain=PLAIN, html=HTML).as_bytes(
        policy=SMTP
    )
    (document,) = list(read_eml(Source("inbox/atyrau.eml", data)))
    assert isinstance(document, Document)
    assert document.text == PLAIN
    assert (document.title, document.published) == ("Штрафы в Атырау", "2024-03-15")
    assert document.source_key == "email:a1@example.org"
    assert document.meta == {"from": "Айгуль Сериккызы <monitor@example.org>", "to": "chronicle@example.org"}
    assert (document.source_kind, document.media_type, document.sha256) == ("email", "message/rfc822", sha256_hex(data))
    assert document.uri == "inbox/atyrau.eml"


def test_eml_with_html_only_is_converted_to_text() -> None:
    data = _message(message_id=None, subject="Ақтөбедегі ереуіл", html=HTML).as_bytes()
    (document,) = list(read_eml(Source("aktobe.eml", data)))
    assert isinstance(document, Document)
    assert document.text == "Ақтөбеде ереуіл басталды.\nЖұмысшылар алаңға шықты."
    assert (document.title, document.source_key) == ("Ақтөбедегі ереуіл", None)


def test_eml_without_text_is_refused() -> None:
    data = _message(message_id="x@example.org", subject="Скан", plain=None).as_bytes()
    with pytest.raises(SourceError) as caught:
        list(read_eml(Source("scan.eml", data)))
    assert str(caught.value) == (
        "scan.eml: the message has no text/plain or text/html part; forward the text in the body to read it"
    )


def test_mbox_one_document_per_message_and_entry_errors(tmp_path: Path) -> None:
    path = tmp_path / "monitoring.mbox"
    box = mailbox.mbox(path)
    box.add(_message(message_id="m1@example.org", subject="Первое", plain=PLAIN))
    box.add(_message(message_id="m2@example.org", subject="Вложение", plain=None))
    box.add(_message(message_id="m3@example.org", subject="Екінші", html=HTML))
    box.close()
    data = path.read_bytes()
    out = list(read_mbox(Source(str(path), data)))
    assert [type(item).__name__ for item in out] == ["Document", "SourceError", "Document"]
    first, error, third = out
    assert isinstance(first, Document) and isinstance(third, Document)
    assert (first.text, first.title, first.source_key) == (PLAIN, "Первое", "email:m1@example.org")
    assert first.uri == f"{path}#message=1"
    assert (third.text, third.source_key) == (
        "Ақтөбеде ереуіл басталды.\nЖұмысшылар алаңға шықты.",
        "email:m3@example.org",
    )
    # Each message keeps its own raw bytes, without the mbox "From " separator line.
    assert first.original is not None and first.original.startswith(b"From: ")
    assert first.original in data
    from_lines = [number for number, line in enumerate(data.split(b"\n"), start=1) if line.startswith(b"From ")]
    assert len(from_lines) == 3
    assert str(error) == (
        f"{path}: entry 2 (line {from_lines[1]}, Message-ID <m2@example.org>) has no text/plain or text/html part; "
        "forward the text in the body to read it"
    )


def test_not_an_mbox() -> None:
    with pytest.raises(SourceError) as caught:
        list(read_mbox(Source("mail.mbox", b"Subject: hi\n\nbody\n")))
    assert str(caught.value) == (
        "mail.mbox: this is not an mbox mailbox (it does not start with a 'From ' line); export the folder as mbox"
    )


KOI8_MESSAGE = (
    b"From: monitor@example.org\n"
    b"Subject: =?koi8-r?B?+sHExdLWwc7JxQ==?=\n"
    b"Date: Tue, 05 Aug 2025 23:10:00 +0500\n"
    b"MIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=koi8-r\n"
    b"Content-Transfer-Encoding: 8bit\n"
    b"\n" + "Задержан активист в Уральске.\n".encode("koi8-r")
)


def test_koi8r_message() -> None:
    (document,) = list(read_eml(Source("koi8.eml", KOI8_MESSAGE)))
    assert isinstance(document, Document)
    assert (document.title, document.text, document.published) == (
        "Задержание",
        "Задержан активист в Уральске.",
        "2025-08-05",
    )


def test_unknown_charset() -> None:
    with pytest.raises(SourceError) as caught:
        list(read_eml(Source("odd.eml", KOI8_MESSAGE.replace(b"charset=koi8-r", b"charset=x-unheard-of"))))
    assert str(caught.value) == (
        "odd.eml: the text of the message cannot be decoded (unknown encoding: x-unheard-of); save the message again"
    )
