"""Telegram Desktop exports: one document per text message; broken messages and files say where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.errors import SourceError
from khronika.ingest.readers.telegram import flatten_text, read_telegram
from khronika.ingest.registry import Source
from khronika.records import Document

EXPORT = Path(__file__).parent / "data" / "telegram" / "result.json"
CHANNEL = "Вымышленная хроника труда"


def _read(data: bytes, uri: str = "exports/ChatExport_2024-03-18/result.json") -> list[Document | SourceError]:
    return list(read_telegram(Source(uri, data)))


def test_channel_export() -> None:
    data = EXPORT.read_bytes()
    out = _read(data)
    assert [type(item).__name__ for item in out] == ["Document", "Document", "SourceError", "Document"]
    strike, detention, bad_date, back = out
    assert isinstance(strike, Document) and isinstance(detention, Document) and isinstance(back, Document)
    assert (
        strike.text
        == "В Жанаозене третий день бастуют рабочие нефтесервисной компании.\nОни требуют повысить зарплату."
    )
    assert (strike.published, strike.title, strike.source_kind) == ("2024-03-15", None, "telegram")
    assert strike.source_key == "telegram:1987654321/2"
    assert strike.uri == "exports/ChatExport_2024-03-18/result.json#message=2"
    assert strike.meta == {"channel": CHANNEL, "channel_id": 1987654321, "message_id": 2, "author": "Айгуль"}
    assert json.loads(strike.original or b"") == json.loads(data)["messages"][1]
    assert detention.text == "Срочно: в Актау задержаны двое членов профсоюза #задержания. Подробности: на сайте"
    assert (detention.published, detention.source_key) == ("2024-03-16", "telegram:1987654321/3")
    assert detention.meta["author"] == CHANNEL
    assert str(bad_date) == (
        "exports/ChatExport_2024-03-18/result.json: entry 5 (message id 5) of 'Вымышленная хроника труда': "
        "'date' '16 марта' is not an ISO date-time; export it again from Telegram Desktop "
        "(Settings > Advanced > Export Telegram data, format JSON)"
    )
    assert back.text == "Ереуілшілер жұмысқа қайта оралды."
    assert back.meta["forwarded_from"] == "Профсоюз Вымысла"


def test_export_of_all_chats() -> None:
    chat = json.loads(EXPORT.read_bytes())
    other = {"name": "Заметки", "type": "saved_messages", "id": 42, "messages": [chat["messages"][5]]}
    export = {"about": "Here is the data you requested.", "chats": {"about": "x", "list": [chat, other]}}
    out = _read(json.dumps(export).encode())
    keys = [item.source_key if isinstance(item, Document) else "error" for item in out]
    assert keys == ["telegram:1987654321/2", "telegram:1987654321/3", "error", "telegram:1987654321/6", "telegram:42/6"]


@pytest.mark.parametrize(
    ("text", "flat"),
    [
        ("просто текст", "просто текст"),
        (["раз ", {"type": "bold", "text": "два"}, " три"], "раз два три"),
        ([], ""),
    ],
)
def test_flatten_text(text: object, flat: str) -> None:
    assert flatten_text(text) == flat


def test_message_with_odd_text_is_an_entry_error() -> None:
    export = {
        "name": "Канал",
        "id": 7,
        "messages": [{"id": 9, "type": "message", "date": "2024-01-02T03:04:05", "text": 5}],
    }
    (error,) = _read(json.dumps(export).encode(), uri="r.json")
    assert str(error) == (
        "r.json: entry 1 (message id 9) of 'Канал': 'text' is int, not a string or a list; "
        "export it again from Telegram Desktop (Settings > Advanced > Export Telegram data, format JSON)"
    )


def test_invalid_json_names_line_and_column() -> None:
    broken = b'{\n "name": "x",\n "messages": [\n  {"id": 1,, "type": "message"}\n ]\n}'
    with pytest.raises(SourceError) as caught:
        _read(broken, uri="result.json")
    assert str(caught.value) == (
        "result.json: invalid JSON at line 4, column 12: Expecting property name enclosed in double quotes; "
        "export it again from Telegram Desktop (Settings > Advanced > Export Telegram data, format JSON)"
    )


@pytest.mark.parametrize("data", [b'{"events": []}', b"[1, 2, 3]", b'"messages"'])
def test_json_that_is_not_an_export(data: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        _read(data, uri="events.json")
    assert str(caught.value) == (
        "events.json: this JSON is not a Telegram Desktop export (it has no 'messages' list and no 'chats' list); "
        "to read a channel, export it again from Telegram Desktop (Settings > Advanced > Export Telegram data, "
        "format JSON)"
    )


def test_non_utf8_file() -> None:
    with pytest.raises(SourceError) as caught:
        _read(b'{"name": "\xcf\xe8\xea\xe5\xf2"}', uri="result.json")
    assert str(caught.value) == "result.json: byte 10 is not UTF-8, so this is not a Telegram export"
