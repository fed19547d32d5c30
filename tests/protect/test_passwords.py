"""The password hash as stored: argon2id with the parameters written in khronika.protect.users."""

from __future__ import annotations

import re

from khronika.protect.users import hash_password, verify_password

HASH_RE = re.compile(r"^\$argon2id\$v=19\$m=65536,t=3,p=4\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$")


def test_the_hash_is_argon2id_with_64_mib_3_passes_4_lanes_a_salt_and_32_bytes() -> None:
    stored = hash_password("plum-harbour-vintage-42")
    assert HASH_RE.match(stored), stored
    assert verify_password(stored, "plum-harbour-vintage-42") is True
    assert verify_password(stored, "plum-harbour-vintage-43") is False
