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
from urllib.parse import urlsplit

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
        lowered = (tuple(s.lower() for s in suffixes), tuple(m.lower() for m in media_types))
        READERS[name] = ReaderSpec(name, read, *lowered, sniff)
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


SNIFF_BYTES = 8192  # how much of the start of a source the sniffers see
# Servers send these for feeds, pages and files alike, so the first bytes decide before they do.
GENERIC_MEDIA_TYPES = ("text/plain", "text/xml", "application/xml", "application/octet-stream", "binary/octet-stream")


def source_suffix(uri: str) -> str:
    """Return the lower-case file suffix of a path or URL ('.html'), or '' when it has none."""
    path = urlsplit(uri).path if "://" in uri else uri
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem else ""


def choose_reader(source: Source, *, name: str | None = None) -> ReaderSpec:
    """Pick the reader for `source`: by `name` if given, else by suffix, media type, first bytes, generic media type."""
    readers = load_readers()
    if name is not None:
        if name not in readers:
            raise SourceError(source.uri, f"no reader named {name!r}; choose one of {', '.join(sorted(readers))}")
        return readers[name]
    suffix = source_suffix(source.uri)
    media_type = (source.media_type or "").split(";", 1)[0].strip().lower()
    specific = media_type not in GENERIC_MEDIA_TYPES
    for matches in (
        lambda spec: bool(suffix) and suffix in spec.suffixes,
        lambda spec: bool(media_type) and specific and media_type in spec.media_types,
        lambda spec: spec.sniff is not None and spec.sniff(source.data[:SNIFF_BYTES]),
        lambda spec: bool(media_type) and media_type in spec.media_types,
    ):
        for spec in readers.values():
            if matches(spec):
                return spec
    suffixes = sorted({s for spec in readers.values() for s in spec.suffixes})
    told = f"suffix {suffix!r}" if suffix else "no suffix"
    if media_type:
        told += f", media type {media_type!r}"
    raise SourceError(
        source.uri,
        f"cannot tell the format ({told}); supported suffixes are {', '.join(suffixes)}; "
        f"rename the file or name the reader, one of {', '.join(sorted(readers))}",
    )


def read_source(source: Source, *, name: str | None = None) -> Iterator[Document | SourceError]:
    """Read `source` with the reader `choose_reader` picks; see `Reader` for what comes out."""
    return choose_reader(source, name=name).read(source)
