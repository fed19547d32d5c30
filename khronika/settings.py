"""One Settings object, read from the environment (KHRONIKA_*) and overridden by CLI options."""

from __future__ import annotations

import itertools
import math
import secrets
import string
import zlib
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from khronika.errors import SettingsError

DEFAULT_DB = "khronika.db"
SECRET_MIN_BITS = 256  # 32 random bytes
_MAKE_SECRET = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class Settings(BaseSettings):
    """Settings for every command; each field is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="KHRONIKA_", extra="ignore")

    db: str = DEFAULT_DB
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 50 * 1024 * 1024
    # Signs sessions and tokens; outside demo mode the server refuses to start without a strong one.
    secret_key: SecretStr | None = None
    demo: bool = False
    require_totp: bool = False  # every account must enrol a second factor before signing in
    # None keeps the map offline: regions from the shipped GeoJSON, no background tiles.
    tile_url: str | None = None
    # SQLCipher key of the SQLite file (docs/security.md); none leaves the file unencrypted.
    key: SecretStr | None = None
    key_file: Path | None = None

    def database_key(self) -> str | None:
        """Return the database key from key_file, else key, else None; never logged or shown."""
        from khronika.store.crypto import choose_key

        secret = self.key.get_secret_value() if self.key is not None else None
        return choose_key(key=secret, key_file=self.key_file.expanduser() if self.key_file else None)

    def database_files(self) -> tuple[str, ...]:
        """Return the SQLite file and its companions (-wal, -shm, -journal); none for a server URL."""
        if "://" in self.db:
            return ()
        path = str(Path(self.db).expanduser())
        return (path, f"{path}-wal", f"{path}-shm", f"{path}-journal")

    def database_url(self) -> str:
        """Return an SQLAlchemy URL: the setting itself if it is a URL, else an SQLite file path."""
        if "://" in self.db:
            return self.db
        return f"sqlite:///{Path(self.db).expanduser()}"


def secret_strength_bits(key: str) -> float:
    """Estimate the bits of randomness in a key: its alphabet and length, less repeats and runs."""
    if not key:
        return 0.0
    if all(ch in string.hexdigits for ch in key):
        alphabet = 16
    else:
        alphabet = sum(
            size
            for chars, size in ((string.ascii_lowercase, 26), (string.ascii_uppercase, 26), (string.digits, 10))
            if any(ch in chars for ch in key)
        )
        others = {ch for ch in key if ch not in string.ascii_letters + string.digits}
        # Base64 keys add only - _ + / =; any other symbol opens the whole printable range.
        alphabet += (2 if others <= set("-_+/=") else 33) if others else 0
        alphabet += 100 if any(ord(ch) > 127 for ch in key) else 0
    by_alphabet = len(key) * math.log2(max(alphabet, 2))
    # A repeated pattern compresses: zlib's 8 bytes of framing aside, what is left bounds the randomness.
    by_compression = max(len(zlib.compress(key.encode(), 9)) - 8, 0) * 8
    if any(ch.isspace() for ch in key):
        # A passphrase is as random as its words, not its letters: about 13 bits a word (diceware).
        by_compression = min(by_compression, len(key.split()) * 13)
    pairs = list(itertools.pairwise(key))
    # "aaaa", "abcd", "abab": a random key rarely has a character equal to or next to the one before.
    runs = sum(1 for x, y in pairs if abs(ord(x) - ord(y)) <= 1)
    if pairs and runs / len(pairs) > 0.25:
        return min(by_alphabet, by_compression) * (1 - runs / len(pairs))
    return min(by_alphabet, by_compression)


def require_secret(settings: Settings, *, demo: bool) -> str:
    """Return the secret key, refusing a missing or weak one; demo mode gets a fresh random key if none."""
    key = settings.secret_key.get_secret_value() if settings.secret_key is not None else ""
    if demo and not key:
        # Random per start, never a default: demo sessions simply end when the server stops.
        return secrets.token_urlsafe(48)
    if demo:
        return key
    if not key:
        raise SettingsError(f"KHRONIKA_SECRET_KEY is not set; make one with {_MAKE_SECRET} and keep it secret")
    bits = secret_strength_bits(key)
    if bits < SECRET_MIN_BITS:
        raise SettingsError(
            f"KHRONIKA_SECRET_KEY looks like about {bits:.0f} random bits, fewer than the {SECRET_MIN_BITS} "
            f"needed; make a new one with {_MAKE_SECRET}"
        )
    return key
