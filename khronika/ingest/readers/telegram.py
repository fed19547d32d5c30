"""Telegram Desktop exports (result.json): one document per text message of a channel or chat."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from khronika.errors import SourceError
from khronika.ingest.readers._common import clean_text, parse_date
from khronika.ingest.registry import Source, register_reader
from khronika.records import Document

_HOW_TO_EXPORT = "export it again from Telegram Desktop (Settings > Advanced > Export Telegram data, format JSON)"


def _sniff_telegram(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and (b'"messages"' in head or b'"chats"' in head)


@register_reader("telegram", suffixes=(".json",), media_types=("application/json",), sniff=_sniff_telegram)
def read_telegram(source: Source) -> Iterator[Document | SourceError]:
    """Read a Telegram Desktop JSON export of one chat or of all chats, one document per text message."""
    try:
        export = json.loads(source.data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise SourceError(source.uri, f"byte {err.start} is not UTF-8, so this is not a Telegram export") from err
    except json.JSONDecodeError as err:
        raise SourceError(
            source.uri, f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}; {_HOW_TO_EXPORT}"
        ) from err
    for chat in _chats(source, export):
        yield from _read_chat(source, chat)


def _chats(source: Source, export: Any) -> list[dict[str, Any]]:
    if isinstance(export, dict) and isinstance(export.get("messages"), list):
        return [export]  # the export of one chat or channel
    chats = export.get("chats") if isinstance(export, dict) else None
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return [chat for chat in chats["list"] if isinstance(chat, dict)]  # the export of all chats
    raise SourceError(
        source.uri,
        "this JSON is not a Telegram Desktop export (it has no 'messages' list and no 'chats' list); "
        f"to read a channel, {_HOW_TO_EXPORT}",
    )


def _read_chat(source: Source, chat: dict[str, Any]) -> Iterator[Document | SourceError]:
    chat_id, chat_name = chat.get("id"), chat.get("name")
    if chat_id is None:
        yield SourceError(source.uri, f"chat {chat_name!r} has no 'id', so its messages cannot be told apart")
        return
    for index, message in enumerate(chat.get("messages") or [], start=1):
        if not isinstance(message, dict) or message.get("type") != "message":
            continue  # service messages: joins, pins, title changes
        where = f"entry {index} (message id {message.get('id')})"
        if chat_name is not None:
            where += f" of {chat_name!r}"
        try:
            text = clean_text(flatten_text(message.get("text", "")))
        except TypeError as err:
            yield SourceError(source.uri, f"{where}: {err}; {_HOW_TO_EXPORT}")
            continue
        if not text:
            continue  # a photo, sticker or file without a caption
        yield _message_document(source, chat, message, text=text, where=where)


def flatten_text(text: Any) -> str:
    """Join a Telegram 'text' field: a string, or a list of strings and entity objects with 'text'."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        parts = []
        for part in text:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            elif isinstance(part, str):
                parts.append(part)
            else:
                raise TypeError(f"'text' holds {part!r}, neither a string nor an object with 'text'")
        return "".join(parts)
    raise TypeError(f"'text' is {type(text).__name__}, not a string or a list")


def _message_document(
    source: Source, chat: dict[str, Any], message: dict[str, Any], *, text: str, where: str
) -> Document | SourceError:
    message_id = message.get("id")
    if not isinstance(message_id, int):
        return SourceError(source.uri, f"{where}: 'id' {message_id!r} is not a number; {_HOW_TO_EXPORT}")
    date_text = message.get("date")
    published = parse_date(date_text) if isinstance(date_text, str) else None
    if published is None:
        return SourceError(source.uri, f"{where}: 'date' {date_text!r} is not an ISO date-time; {_HOW_TO_EXPORT}")
    meta = {
        "channel": chat.get("name"),
        "channel_id": chat["id"],
        "message_id": message_id,
        "author": message.get("author") or message.get("from"),
    }
    if message.get("forwarded_from"):
        meta["forwarded_from"] = message["forwarded_from"]
    original = json.dumps(message, ensure_ascii=False, indent=1).encode("utf-8")
    return Document.from_bytes(
        original,
        source_kind="telegram",
        uri=f"{source.uri}#message={message_id}",
        text=text,
        published=published,
        media_type="application/json",
        source_key=f"telegram:{chat['id']}/{message_id}",
        meta=meta,
    )
