"""Full-text search that answers the same on SQLite (FTS5) and PostgreSQL (tsvector).

Both backends index text folded here in Python (`fold_text`) and split into plain word tokens,
so neither database's own tokenizer or dictionary decides what matches: a Kazakh word typed with
or without its Kazakh letters, in any case, finds the same rows on both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, text

Kind = Literal["document", "event"]
KINDS: tuple[Kind, ...] = ("document", "event")

# Kazakh Cyrillic letters that Russian lacks, folded to the Russian letter people type instead
# on a Russian keyboard; dotless ı comes from the Kazakh Latin alphabet.
_LETTER_FOLDS = str.maketrans(
    {"ё": "е", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "і": "и", "һ": "х", "ı": "i"}
)
# Letters and digits only: both FTS5 unicode61 and PostgreSQL's parser split on everything else,
# and handing them pre-split tokens keeps their answers identical.
_TOKEN_RE = re.compile(r"[^\W_]+")
_PHRASE_RE = re.compile(r'"([^"]*)"')
_SNIPPET_BEFORE = 60
_SNIPPET_AFTER = 140
_WORD_MAX = 30

# Each kind's searchable table and its FTS5 companion (SQLite) holding the same ids as rowids.
_TABLES: dict[str, tuple[str, str]] = {"document": ("documents", "documents_fts"), "event": ("events", "events_fts")}


@dataclass(frozen=True)
class SearchHit:
    """One search result: a document or an event, with a passage that shows why it matched."""

    kind: Kind
    id: int
    title: str
    snippet: str
    rank: float  # higher is better; comparable within one backend only


@dataclass(frozen=True)
class SearchQuery:
    """A user query as folded terms: single words match by prefix, phrases word by word."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def is_empty(self) -> bool:
        """Return True when the query has nothing to search for."""
        return not self.words and not self.phrases

    def all_tokens(self) -> tuple[str, ...]:
        """Return every folded token of the query, words and phrase words alike."""
        return self.words + tuple(t for phrase in self.phrases for t in phrase)


def fold_text(value: str) -> str:
    """Fold `value` for matching: NFKC, casefold, no combining marks, ё->е, Kazakh letters -> Russian."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_LETTER_FOLDS)


def fold_tokens(value: str) -> list[str]:
    """Return the folded word tokens of `value`, as the index stores them."""
    return _TOKEN_RE.findall(fold_text(value))


def index_text(*parts: str | None) -> str:
    """Return the text stored for searching: folded tokens of all parts, separated by spaces."""
    return " ".join(token for part in parts if part for token in fold_tokens(part))


def parse_query(query: str) -> SearchQuery:
    """Split a user query into folded prefix words and "quoted phrases"; any other syntax is text."""
    phrases = []
    for match in _PHRASE_RE.finditer(query):
        tokens = tuple(fold_tokens(match.group(1)))
        if tokens:  # a quoted single word is an exact word, not a prefix
            phrases.append(tokens)
    # An unbalanced quote is just a character: what is left after removing the phrases is words.
    rest = _PHRASE_RE.sub(" ", query)
    return SearchQuery(words=tuple(dict.fromkeys(fold_tokens(rest))), phrases=tuple(dict.fromkeys(phrases)))


def fts5_match(query: SearchQuery) -> str:
    """Return an FTS5 MATCH expression: every token double-quoted, so no user text is syntax."""
    parts = [f'"{word}"*' for word in query.words]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return " AND ".join(parts)


def pg_tsquery(query: SearchQuery) -> str:
    """Return a to_tsquery('simple', ...) expression with every token single-quoted."""
    # Tokens hold only letters and digits, so quoting cannot be broken out of.
    parts = [f"'{word}':*" for word in query.words]
    parts += ["(" + " <-> ".join(f"'{t}'" for t in phrase) + ")" for phrase in query.phrases]
    return " & ".join(parts)


def add_search_row(conn: Connection, kind: Kind, row_id: int, *, body: str) -> None:
    """Index one document or event inside the caller's transaction."""
    if conn.dialect.name == "sqlite":
        fts = _TABLES[kind][1]
        conn.execute(text(f"INSERT INTO {fts}(rowid, body) VALUES (:id, :body)"), {"id": row_id, "body": body})
    # PostgreSQL: search_vector is a generated column over text_folded, written with the row itself.


def delete_search_rows(conn: Connection, kind: Kind, row_ids: list[int]) -> None:
    """Remove documents or events from the index inside the caller's transaction."""
    if conn.dialect.name == "sqlite":
        fts = _TABLES[kind][1]
        for row_id in row_ids:
            conn.execute(text(f"DELETE FROM {fts} WHERE rowid = :id"), {"id": row_id})


def find_ids(conn: Connection, kind: Kind, query: SearchQuery, *, limit: int) -> list[tuple[int, float]]:
    """Return (id, rank) of the best matches of one kind, best first."""
    table, fts = _TABLES[kind]
    if conn.dialect.name == "sqlite":
        sql = text(
            f"SELECT rowid, -bm25({fts}) AS rank FROM {fts} WHERE {fts} MATCH :q ORDER BY rank DESC, rowid LIMIT :n"
        )
        params = {"q": fts5_match(query), "n": limit}
    else:
        sql = text(
            f"SELECT id, ts_rank(search_vector, q) AS rank FROM {table}, to_tsquery('simple', :q) AS q "
            "WHERE search_vector @@ q ORDER BY rank DESC, id LIMIT :n"
        )
        params = {"q": pg_tsquery(query), "n": limit}
    return [(int(row_id), float(rank)) for row_id, rank in conn.execute(sql, params)]


def make_snippet(source: str, query: SearchQuery) -> str:
    """Return the passage of `source` around the first word that matches the query."""
    tokens = query.all_tokens()
    for match in _TOKEN_RE.finditer(source):
        if any(t.startswith(q) for t in fold_tokens(match.group()) for q in tokens):
            return _window(source, match.start(), match.end())
    return _window(source, 0, 0)


def _window(source: str, start: int, end: int) -> str:
    left = max(0, start - _SNIPPET_BEFORE)
    right = min(len(source), end + _SNIPPET_AFTER)
    # Widen to whole words so the snippet rarely starts or ends inside one (bounded for long runs).
    for _ in range(_WORD_MAX):
        if left == 0 or source[left - 1].isspace():
            break
        left -= 1
    for _ in range(_WORD_MAX):
        if right == len(source) or source[right].isspace():
            break
        right += 1
    passage = " ".join(source[left:right].split())
    return ("…" if left > 0 else "") + passage + ("…" if right < len(source) else "")
