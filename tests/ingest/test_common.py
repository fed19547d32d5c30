"""The helpers every reader shares: dates, text clean-up, HTML fragments, charset decoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khronika.ingest.readers._common import clean_text, decode_text, html_to_text, looks_binary, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-15", "2024-03-15"),
        (" 15.03.2024 ", "2024-03-15"),
        ("5.3.2024", "2024-03-05"),
        ("2024-03-15T01:30:00+05:00", "2024-03-15"),
        ("2024-03-14T23:30:00Z", "2024-03-14"),
        ("2024-03-15 10:20", "2024-03-15"),
        ("Fri, 15 Mar 2024 01:30:00 +0500", "2024-03-15"),
        ("31.02.2024", None),
        ("15/03/2024", None),
        ("вчера", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>Рабочие <b>вышли</b>.</p><p>Второй абзац</p>", "Рабочие вышли.\nВторой абзац"),
        ("Задержан активист<br>Алматы<br/>", "Задержан активист\nАлматы"),
        ("<ul><li>один</li><li>два</li></ul><script>track()</script><style>p{}</style>", "один\nдва"),
        ("<p>A &amp; B&nbsp;&nbsp;C</p>", "A & B C"),
        ("a < b and c", "a < b and c"),
        ("   ", ""),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


@given(st.text())
def test_clean_text_is_idempotent_and_has_no_carriage_returns(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once
    assert "\n\n\n" not in once


def test_decomposed_letters_are_composed() -> None:
    # A "й" typed as "и" plus a combining breve must match the precomposed letter in search.
    assert clean_text("Жанаозени\u0306") == "Жанаозенй"


@pytest.mark.parametrize(
    ("data", "decoded"),
    [
        (b"\xef\xbb\xbfhello", ("hello", "utf-8")),
        ("Жаңаөзен".encode(), ("Жаңаөзен", "utf-8")),
        (b"\xff\xfe\x00\xd8" * 300, None),
    ],
)
def test_decode_text(data: bytes, decoded: tuple[str, str] | None) -> None:
    assert decode_text(data) == decoded


@pytest.mark.parametrize(
    ("text", "binary"), [("plain\ttext\n", False), ("a\x00b", True), ("\x01\x02" + "a" * 10, True)]
)
def test_looks_binary(text: str, binary: bool) -> None:
    assert looks_binary(text) is binary
