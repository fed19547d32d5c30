"""The built-in readers; importing this package registers each of them in the reader registry."""

from khronika.ingest.readers import csvfile, feed, mail, pdf, telegram, text, webpage, word

__all__ = ["csvfile", "feed", "mail", "pdf", "telegram", "text", "webpage", "word"]
