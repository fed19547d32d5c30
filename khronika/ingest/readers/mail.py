"""E-mail: single messages (.eml) and mailboxes (.mbox), one document per message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, html_to_text, parse_date
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

_HEADER_START = re.compile(
    rb"^(Return-Path|Received|Delivered-To|From|To|Subject|Date|Message-ID|MIME-Version|X-[\w-]+):", re.IGNORECASE
)
# An mbox message starts at a "From " line at the start of the file or after a line end.
# "From sender Fri Mar 15 01:30:00 2024" (its time of day tells it from prose), then a header line.
_MBOX_START = re.compile(rb"From \S+ [^\n]*\d\d:\d\d[^\n]*\n[\w-]+:")
_FROM_LINE = re.compile(rb"(?:^|(?<=\n))From [^\n]*\n")


def _sniff_eml(head: bytes) -> bool:
    return _HEADER_START.match(head) is not None


def _sniff_mbox(head: bytes) -> bool:
    return _MBOX_START.match(head) is not None


@register_reader("email", suffixes=(".eml",), media_types=("message/rfc822",), sniff=_sniff_eml)
def read_eml(source: Source) -> Iterator[Document | SourceError]:
    """Read one e-mail message as a document: subject, date, sender and its text."""
    result = _message_document(source, source.data, uri=source.uri)
    if isinstance(result, SourceError):
        raise result
    yield result


@register_reader("mbox", suffixes=(".mbox", ".mbx"), media_types=("application/mbox",), sniff=_sniff_mbox)
def read_mbox(source: Source) -> Iterator[Document | SourceError]:
    """Read a mailbox, one document per message; a message without text is an entry error."""
    # Split in memory rather than through mailbox.mbox, which needs the mail written to a file on disk.
    starts = list(_FROM_LINE.finditer(source.data))
    if not starts or starts[0].start() != 0:
        raise SourceError(
            source.uri, "this is not an mbox mailbox (it does not start with a 'From ' line); export the folder as mbox"
        )
    line, counted_to = 1, 0
    for index, start in enumerate(starts, start=1):
        end = starts[index].start() if index < len(starts) else len(source.data)
        line += source.data.count(b"\n", counted_to, start.start())
        counted_to = start.start()
        raw = source.data[start.end() : end]
        yield _message_document(source, raw, uri=f"{source.uri}#message={index}", place=(index, line))


def _message_document(
    source: Source, raw: bytes, *, uri: str, place: tuple[int, int] | None = None
) -> Document | SourceError:
    """Build the document of one message; `place` is its (entry number, line) in a mailbox."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
    message_id = str(message.get("Message-ID") or "").strip().strip("<>")
    where = "the message"
    if place is not None:
        where = f"entry {place[0]} (line {place[1]}" + (f", Message-ID <{message_id}>)" if message_id else ")")
    try:
        text = _body_text(message)
    except (LookupError, ValueError) as err:  # an unknown charset or a broken transfer encoding
        return SourceError(source.uri, f"the text of {where} cannot be decoded ({err}); save the message again")
    if not text:
        return SourceError(
            source.uri, f"{where} has no text/plain or text/html part; forward the text in the body to read it"
        )
    meta = {name.lower(): str(message[name]) for name in ("From", "To", "Cc") if message[name]}
    subject = str(message["Subject"] or "").strip()
    return Document.from_bytes(
        raw,
        source_kind="email",
        uri=uri,
        text=text,
        title=subject or None,
        published=parse_date(str(message["Date"] or "")),
        media_type="message/rfc822",
        source_key=f"email:{message_id}" if message_id else None,
        meta=meta,
    )


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    content = body.get_content()
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if body.get_content_subtype() == "html" else clean_text(content)
