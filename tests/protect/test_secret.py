"""The server refuses to start outside demo mode without a strong KHRONIKA_SECRET_KEY."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from khronika.errors import SettingsError
from khronika.settings import Settings, require_secret, secret_strength_bits

# Written out, not generated: secrets.token_urlsafe(48) and secrets.token_hex(32) outputs.
STRONG_URLSAFE = "q3Vb0Xk-7LrZs9PaHd2Wm_Yc5Tn8Ue1Jf4Gi6Ko0Rp3Sa7Db9Ec2Fg5Hh8Ij1Kk4Ll"
STRONG_HEX = "29020c4d6c4646447dc78d66c36f9d488d81503e9fe64cba5e4ee47a4c4b6354"


@pytest.mark.parametrize("key", [STRONG_URLSAFE, STRONG_HEX])
def test_a_strong_key_is_accepted_and_returned(key: str) -> None:
    assert require_secret(Settings(secret_key=SecretStr(key)), demo=False) == key


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "is not set"),
        ("short-but-random-Zq8", "fewer than the 256"),
        ("29020c4d6c4646447dc78d66c36f9d488d81503e9fe64cba", "fewer than the 256"),  # 24 bytes of hex
        ("ab" * 40, "fewer than the 256"),
        ("x" * 100, "fewer than the 256"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "fewer than the 256"),
        ("correct horse battery staple and more words here", "fewer than the 256"),
        ("Password123!" * 6, "fewer than the 256"),
    ],
)
def test_a_missing_or_weak_key_is_refused_outside_demo_mode(key: str, reason: str) -> None:
    settings = Settings(secret_key=SecretStr(key) if key else None)
    with pytest.raises(SettingsError, match=reason) as caught:
        require_secret(settings, demo=False)
    assert "KHRONIKA_SECRET_KEY" in str(caught.value)
    assert "token_urlsafe" in str(caught.value)
    if key:
        assert key not in str(caught.value)  # the error message never repeats the secret


def test_demo_mode_without_a_key_gets_a_fresh_random_one_each_time() -> None:
    first = require_secret(Settings(), demo=True)
    second = require_secret(Settings(), demo=True)
    assert first != second
    assert secret_strength_bits(first) >= 256


def test_the_key_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_SECRET_KEY", STRONG_HEX)
    monkeypatch.setenv("KHRONIKA_REQUIRE_TOTP", "true")
    settings = Settings()
    assert require_secret(settings, demo=False) == STRONG_HEX
    assert settings.require_totp is True
    assert STRONG_HEX not in repr(settings)
