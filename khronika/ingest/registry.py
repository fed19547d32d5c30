"""The one registry of source readers, used by the built-in readers and by plugins alike.

A reader turns one source (its bytes and where they came from) into documents. Built-in
readers register themselves with `@register_reader`; a third-party package registers a
callable under the `khronika.readers` entry-point group and it is loaded the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from khronika.errors import SourceError
from khronika.records import Document


@dataclass(frozen=True)
class Source:
    """One thing to read: its original bytes, where they came from, and reader options."""

    uri: str
    data: bytes
    media_type: str | None = None  # from an HTTP Content-Type, when there is one
    options: dict[str, Any] = field(default_factory=dict)  # e.g. the CSV column mapping


class Reader(Protocol):
    """Turns a source into documents.

    Raises SourceError when the whole source is unreadable. A container (feed, mailbox, Telegram
    export, CSV) yields a SourceError for one bad entry and goes on with the rest, so that one bad
    entry never costs the others.
    """

    def __call__(self, source: Source) -> Iterator[Document | SourceError]: ...


@dataclass(frozen=True)
class ReaderSpec:
    """A registered reader: its name, the file suffixes and media types it claims, and a sniffer."""

    name: str
    read: Reader
    suffixes: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    # Looks at the first bytes when neither suffix nor media type decides (feeds served as XML).
    sniff: Callable[[bytes], bool] | None = None


READERS: dict[str, ReaderSpec] = {}
_plugins_loaded = False


def register_reader(
    name: str,
    *,
    suffixes: tuple[str, ...] = (),
    media_types: tuple[str, ...] = (),
    sniff: Callable[[bytes], bool] | None = None,
) -> Callable[[Reader], Reader]:
    """Register a reader under `name` for the given suffixes and media types."""

    def decorate(read: Reader) -> Reader:
        READERS[name] = ReaderSpec(name, read, tuple(s.lower() for s in suffixes), media_types, sniff)
        return read

    return decorate


def load_readers() -> dict[str, ReaderSpec]:
    """Import the built-in readers and any registered through entry points; return the registry."""
    global _plugins_loaded
    if not _plugins_loaded:
        import khronika.ingest.readers  # noqa: F401  (registers the built-ins)

        for ep in entry_points(group="khronika.readers"):
            ep.load()
        _plugins_loaded = True
    return READERS
