"""Errors a user sees: each says what went wrong, where, and what to do next."""

from __future__ import annotations


class KhronikaError(Exception):
    """Base class for errors shown to the user without a traceback."""


class RecordError(KhronikaError, ValueError):
    """A record (event, place, actor, evidence) has a field that breaks the contract."""


class SourceError(KhronikaError):
    """A source could not be read; the message names the file, URL, line or entry."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class InputError(KhronikaError, ValueError):
    """A line of an input file cannot be read; the message names the file and the line."""


class StoreError(KhronikaError):
    """The database could not be opened or is not at the expected schema."""


class SettingsError(KhronikaError):
    """A setting is missing or invalid; the message names the variable or option."""
