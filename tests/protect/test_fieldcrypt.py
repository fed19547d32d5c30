"""The field cipher on its own: sealing, opening, tampering, wrong keys and blind indexes."""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import create_engine, literal, select

from khronika.errors import StoreError
from khronika.protect.fieldcrypt import BYTES_MAGIC, FieldCipher, Sealed, attach, cipher_of, is_sealed
from khronika.protect.fieldtypes import SealedText

SALT = bytes(range(16))
CIPHER = FieldCipher.derive("correct horse battery staple", SALT)
SECRET = "Свидетель Жанар Фиктивная"


def test_a_sealed_text_opens_to_the_same_text_and_never_holds_it() -> None:
    sealed = CIPHER.seal(SECRET, table="documents", column="text")
    assert isinstance(sealed, Sealed)
    assert re.fullmatch(r"enc1:[A-Za-z0-9+/]+={0,2}", sealed)
    assert "Жанар" not in sealed
    assert CIPHER.open(sealed, table="documents", column="text") == SECRET


def test_each_sealing_uses_a_fresh_nonce() -> None:
    first = CIPHER.seal(SECRET, table="documents", column="text")
    second = CIPHER.seal(SECRET, table="documents", column="text")
    assert first != second
    assert base64.b64decode(first[5:])[:12] != base64.b64decode(second[5:])[:12]


def test_bytes_and_json_round_trip() -> None:
    original = b"%PDF-1.7 \x00\xff fictional report"
    sealed = CIPHER.seal_bytes(original, table="originals", column="content")
    assert sealed.startswith(BYTES_MAGIC)
    assert b"fictional" not in sealed
    assert CIPHER.open_bytes(sealed, table="originals", column="content") == original
    details = {"note": SECRET, "count": 3, "tags": ["a", "b"]}
    sealed_json = CIPHER.seal_json(details, table="events", column="details")
    assert CIPHER.open_json(sealed_json, table="events", column="details") == details


@pytest.mark.parametrize(
    "value", ["plain text", "enc1: not base64 at all", "enc1:", "", "ENC1:QUJD", b"%PDF plain bytes", {"a": 1}]
)
def test_plain_values_are_not_taken_for_sealed_ones(value: object) -> None:
    assert is_sealed(value) is False


def test_plain_values_open_as_they_are() -> None:
    assert CIPHER.open("plain text", table="documents", column="text") == "plain text"
    assert CIPHER.open_bytes(b"plain", table="originals", column="content") == b"plain"
    assert CIPHER.open_json({"a": 1}, table="events", column="details") == {"a": 1}


def _flip(sealed: str, index: int) -> str:
    body = bytearray(base64.b64decode(sealed[5:]))
    body[index] ^= 0x01
    return "enc1:" + base64.b64encode(bytes(body)).decode()


@pytest.mark.parametrize("index", [0, 11, 12, 20, -1])  # nonce, ciphertext, tag
def test_an_altered_byte_anywhere_is_refused_naming_table_column_and_row(index: int) -> None:
    sealed = CIPHER.seal(SECRET, table="documents", column="title")
    with pytest.raises(StoreError) as raised:
        CIPHER.open(_flip(sealed, index), table="documents", column="title", row=17)
    message = str(raised.value)
    assert message.startswith("documents.title of row 17: cannot decrypt the stored value")
    assert "Жанар" not in message


@pytest.mark.parametrize(
    ("sealed_for", "opened_as"),
    [
        (("documents", "title"), ("documents", "text")),
        (("evidence", "text"), ("documents", "text")),
        (("users", "totp_secret"), ("actors", "name")),
    ],
)
def test_a_ciphertext_moved_to_another_column_does_not_open(
    sealed_for: tuple[str, str], opened_as: tuple[str, str]
) -> None:
    sealed = CIPHER.seal(SECRET, table=sealed_for[0], column=sealed_for[1])
    with pytest.raises(StoreError, match=f"^{opened_as[0]}\\.{opened_as[1]}: cannot decrypt"):
        CIPHER.open(sealed, table=opened_as[0], column=opened_as[1])


def test_a_spelling_of_a_name_opens_as_a_name() -> None:
    # actors.name and actor_names.name are read together in one UNION (khronika.store.queries).
    sealed = CIPHER.seal(SECRET, table="actor_names", column="name")
    assert CIPHER.open(sealed, table="actors", column="name") == SECRET


@pytest.mark.parametrize(
    "other",
    [FieldCipher.derive("another passphrase", SALT), FieldCipher.derive("correct horse battery staple", bytes(16))],
)
def test_a_wrong_key_or_salt_is_refused(other: FieldCipher) -> None:
    sealed = CIPHER.seal(SECRET, table="evidence", column="text")
    with pytest.raises(StoreError, match=r"^evidence\.text: cannot decrypt the stored value"):
        other.open(sealed, table="evidence", column="text")
    with pytest.raises(StoreError, match=r"^originals\.content: cannot decrypt"):
        other.open_bytes(
            CIPHER.seal_bytes(b"x", table="originals", column="content"), table="originals", column="content"
        )


def test_a_truncated_value_is_refused() -> None:
    with pytest.raises(StoreError, match=r"^documents\.text: cannot decrypt"):
        CIPHER.open("enc1:QUJD", table="documents", column="text")


def test_the_same_passphrase_and_salt_give_the_same_keys() -> None:
    again = FieldCipher.derive("correct horse battery staple", SALT)
    assert again.open(CIPHER.seal(SECRET, table="a", column="b"), table="a", column="b") == SECRET
    assert again.name_index(SECRET) == CIPHER.name_index(SECRET)


def test_blind_indexes_are_keyed_deterministic_and_kept_apart_by_purpose() -> None:
    index = CIPHER.name_index(SECRET)
    token = CIPHER.blind_token("жанар")
    assert re.fullmatch(r"[0-9a-f]{32}", index)
    assert re.fullmatch(r"_[0-9a-f]{16}", token)
    assert CIPHER.name_index(SECRET) == index
    assert CIPHER.name_index(SECRET + " ") != index
    assert FieldCipher.derive("another passphrase", SALT).name_index(SECRET) != index
    assert CIPHER.blind_token(SECRET) != "_" + index[:16]


def test_the_column_type_opens_sealed_values_with_the_engine_cipher() -> None:
    engine = create_engine("sqlite://")
    column_type = SealedText("documents", "title")
    sealed = CIPHER.seal(SECRET, table="documents", column="title")
    query = select(literal(sealed, column_type), literal("plain", column_type))
    with engine.connect() as conn:
        # Without a key, an SQLite file holds nothing sealed: the value is plain text as written.
        assert tuple(conn.execute(query).one()) == (sealed, "plain")
        attach(engine, CIPHER)
        assert cipher_of(engine.dialect) is CIPHER
        assert tuple(conn.execute(query).one()) == (SECRET, "plain")
    engine.dispose()


def test_plain_text_that_looks_sealed_is_sealed_on_the_way_in_so_it_reads_back_the_same() -> None:
    engine = create_engine("sqlite://")
    attach(engine, CIPHER)
    column_type = SealedText("documents", "text")
    lookalike = "enc1:QUJDREVGR0g="
    stored = column_type.process_bind_param(lookalike, engine.dialect)
    assert stored != lookalike
    assert column_type.process_result_value(stored, engine.dialect) == lookalike
    sealed = CIPHER.seal(SECRET, table="documents", column="text")
    assert column_type.process_bind_param(sealed, engine.dialect) == str(sealed)
    engine.dispose()
