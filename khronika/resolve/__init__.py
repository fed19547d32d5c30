"""Mentions to entities: one person or organisation across spellings and scripts (issue 6)."""

from khronika.resolve.names import NameMatch, compare_names, find_matches
from khronika.resolve.transliterate import name_key

__all__ = ["NameMatch", "compare_names", "find_matches", "name_key"]
