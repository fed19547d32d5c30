"""The built-in readers; importing this package registers each of them in the reader registry."""

from khronika.ingest.readers import csvfile, telegram, text, webpage

__all__ = ["csvfile", "telegram", "text", "webpage"]
