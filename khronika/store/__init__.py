"""records <-> database: documents, originals, events and full-text search on SQLite or PostgreSQL."""

from khronika.store.database import open_store
from khronika.store.search import SearchHit, fold_text
from khronika.store.store import Store

__all__ = ["SearchHit", "Store", "fold_text", "open_store"]
