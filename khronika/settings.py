"""One Settings object, read from the environment (KHRONIKA_*) and overridden by CLI options."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "khronika.db"


class Settings(BaseSettings):
    """Settings for every command; each field is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="KHRONIKA_", extra="ignore")

    db: str = DEFAULT_DB
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 50 * 1024 * 1024
    # None keeps the map offline: regions from the shipped GeoJSON, no background tiles.
    tile_url: str | None = None

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
