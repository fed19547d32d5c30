"""Full-text search that answers the same on SQLite (FTS5) and PostgreSQL (tsvector).

Both backends index text folded here in Python (`fold_text`) and split into plain word tokens,
so neither database's own tokenizer or dictionary decides what matches: a Kazakh word typed with
or without its Kazakh letters, in any case, finds the same rows on both. SQLite keeps an FTS5
table per kind; PostgreSQL keeps tsvectors in search_parts, a long text cut into several parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import Connection, Integer, TextClause, column, text
from sqlalchemy.sql.selectable import TextualSelect

Kind = Literal["document", "event"]
T = TypeVar("T")
# Results kept per database connection until the data changes (see cached_read).
READ_CACHE_SIZE = 64
# The most search hits of one kind kept (the search page asks for 50).
CACHED_HITS_MAX = 1000
# data_version moves when another connection (or process) commits, and holds still inside a
# read transaction, so it names the snapshot being read; total_changes moves with every row
# this connection writes, committed or not.
_SQLITE_VERSION = text("SELECT data_version, total_changes() FROM pragma_data_version()")

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

# SQLite: one FTS5 table per kind, whose rowids are the documents' and events' ids.
_TABLES: dict[str, str] = {"document": "documents_fts", "event": "events_fts"}
# PostgreSQL: rows of search_parts, each a tsvector of at most this much text. A tsvector may
# not exceed 1 MB, and text of unique Cyrillic words needs about 3.5 bytes of it per character.
_PART_CHARS = 100_000
# Tokens repeated at the start of the next part, so that a phrase across a cut still matches.
_PART_OVERLAP = 32
# Blind-token parts are numbered from here: plain parts would need 100 GB of text to get there.
_BLIND_PART_BASE = 1_000_000


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


def pg_terms(query: SearchQuery) -> list[str]:
    """Return one to_tsquery('simple', ...) expression per query term, every token single-quoted."""
    # Tokens hold only letters and digits, so quoting cannot be broken out of.
    terms = [f"'{word}':*" for word in query.words]
    return terms + ["(" + " <-> ".join(f"'{t}'" for t in phrase) + ")" for phrase in query.phrases]


def pg_tsquery(query: SearchQuery) -> str:
    """Return the to_tsquery('simple', ...) expression that needs every term."""
    return " & ".join(pg_terms(query))


def split_parts(body: str, *, part_chars: int = _PART_CHARS, overlap: int = _PART_OVERLAP) -> list[str]:
    """Cut folded text into parts of at most `part_chars`, each repeating the last `overlap` tokens."""
    tokens = body.split()
    parts: list[str] = []
    start = 0
    while start < len(tokens):
        end, size = start, 0
        while end < len(tokens) and (end == start or size + len(tokens[end]) + 1 <= part_chars):
            size += len(tokens[end]) + 1
            end += 1
        parts.append(" ".join(tokens[start:end]))
        if end == len(tokens):
            break
        start = max(end - overlap, start + 1)
    return parts


def add_search_row(conn: Connection, kind: Kind, row_id: int, *, body: str) -> None:
    """Index one document or event inside the caller's transaction."""
    if conn.dialect.name == "sqlite":
        fts = _TABLES[kind]
        conn.execute(text(f"INSERT INTO {fts}(rowid, body) VALUES (:id, :body)"), {"id": row_id, "body": body})
        return
    rows = [{"kind": kind, "id": row_id, "part": i, "body": part} for i, part in enumerate(split_parts(body))]
    if rows:
        conn.execute(
            text(
                "INSERT INTO search_parts (kind, ref_id, part, search_vector) "
                "VALUES (:kind, :id, :part, to_tsvector('simple', :body))"
            ),
            rows,
        )


def add_blind_rows(conn: Connection, kind: Kind, row_id: int, *, blind: str) -> None:
    """Index the blind tokens of a record's sealed fields (PostgreSQL; khronika.protect.fieldcrypt).

    They are stored as they are, never through the text parser, in parts numbered after the plain ones.
    """
    if conn.dialect.name == "sqlite" or not blind:
        return
    blind_rows = [
        {"kind": kind, "id": row_id, "part": _BLIND_PART_BASE + i, "vector": _literal_vector(part)}
        for i, part in enumerate(split_parts(blind))
    ]
    if blind_rows:
        conn.execute(
            text(
                "INSERT INTO search_parts (kind, ref_id, part, search_vector) "
                "VALUES (:kind, :id, :part, CAST(:vector AS tsvector))"
            ),
            blind_rows,
        )


def _literal_vector(part: str) -> str:
    # Positions keep phrases working; a tsvector position stops at 16383. Blind tokens are "_"
    # and hex digits, so nothing in them needs quoting.
    return " ".join(f"'{token}':{min(i + 1, 16383)}" for i, token in enumerate(part.split()))


def blind_terms(query: SearchQuery, blind_token: Callable[[str], str]) -> list[str]:
    """Return one tsquery per query term matching blind tokens: whole words only, phrases word by word."""
    terms = [f"'{blind_token(word)}'" for word in query.words]
    return terms + ["(" + " <-> ".join(f"'{blind_token(t)}'" for t in phrase) + ")" for phrase in query.phrases]


def _pg_match(conn: Connection, query: SearchQuery, *, name: str) -> tuple[str, str, dict[str, object]]:
    """Return SQL for "a part matches any term" and "each term matches some part", with parameters.

    With a field cipher, each term also matches the blind tokens of its whole words (sealed fields).
    """
    from khronika.protect.fieldcrypt import field_cipher

    terms = pg_terms(query)
    cipher = field_cipher(conn)
    blind = blind_terms(query, cipher.blind_token) if cipher is not None else []
    params: dict[str, object] = {f"{name}_any": " | ".join(terms)}
    params |= {f"{name}_t{i}": term for i, term in enumerate(terms)}

    def tsquery(key: str) -> str:
        return f"to_tsquery('simple', :{key})" + (f" || CAST(:{key}_blind AS tsquery)" if blind else "")

    if blind:
        params[f"{name}_any_blind"] = " | ".join(blind)
        params |= {f"{name}_t{i}_blind": term for i, term in enumerate(blind)}
    any_term = f"search_vector @@ ({tsquery(f'{name}_any')})"
    every_term = " AND ".join(f"bool_or(search_vector @@ ({tsquery(f'{name}_t{i}')}))" for i in range(len(terms)))
    return any_term, every_term, params


def delete_search_rows(conn: Connection, kind: Kind, row_ids: list[int]) -> None:
    """Remove documents or events from the index inside the caller's transaction."""
    if conn.dialect.name == "sqlite":
        fts = _TABLES[kind]
        for row_id in row_ids:
            conn.execute(text(f"DELETE FROM {fts} WHERE rowid = :id"), {"id": row_id})
        return
    conn.execute(
        text("DELETE FROM search_parts WHERE kind = :kind AND ref_id = ANY(:ids)"), {"kind": kind, "ids": row_ids}
    )


def cached_read(conn: Connection, key: Any, compute: Callable[[], T]) -> T:
    """Return compute(), kept per connection and reused until anyone writes to the database (SQLite only).

    `key` must name everything the result depends on, the viewer's scope included (an
    EventFilter does). PostgreSQL has no equally cheap version of the data, so there every
    call computes.
    """
    if conn.dialect.name != "sqlite":
        return compute()
    version = tuple(conn.execute(_SQLITE_VERSION).one())
    cache: dict[Any, Any] = conn.info.setdefault("khronika.read_cache", {})
    if cache.get("version") != version or len(cache) > READ_CACHE_SIZE:
        cache.clear()
        cache["version"] = version
    if ("value", key) not in cache:
        cache["value", key] = compute()
    found: T = cache["value", key]
    return found


def find_ids(conn: Connection, kind: Kind, query: SearchQuery, *, limit: int) -> list[tuple[int, float]]:
    """Return (id, rank) of the best matches of one kind, best first (reused until the data changes).

    The ids are every match, before any viewer's scope: callers filter them per viewer.
    """
    if limit > CACHED_HITS_MAX:
        return _find_ids(conn, kind, query, limit=limit)  # too many to keep in every connection's cache
    return list(cached_read(conn, ("find_ids", kind, query, limit), lambda: _find_ids(conn, kind, query, limit=limit)))


def _find_ids(conn: Connection, kind: Kind, query: SearchQuery, *, limit: int) -> list[tuple[int, float]]:
    if conn.dialect.name == "sqlite":
        fts = _TABLES[kind]
        sql = text(
            f"SELECT rowid, -bm25({fts}) AS rank FROM {fts} WHERE {fts} MATCH :q ORDER BY rank DESC, rowid LIMIT :n"
        )
        return [(int(i), float(rank)) for i, rank in conn.execute(sql, {"q": fts5_match(query), "n": limit})]
    # A long text is indexed in parts, so a match needs each term in some part, not all in one.
    any_term, every_term, params = _pg_match(conn, query, name="q")
    params |= {"kind": kind, "n": limit}
    rank = any_term.removeprefix("search_vector @@ ")
    sql = text(
        f"SELECT ref_id, max(ts_rank(search_vector, {rank})) AS rank FROM search_parts "
        f"WHERE kind = :kind AND {any_term} "
        f"GROUP BY ref_id HAVING {every_term} ORDER BY rank DESC, ref_id LIMIT :n"
    )
    return [(int(i), float(rank)) for i, rank in conn.execute(sql, params)]


def match_select(conn: Connection, kind: Kind, query: SearchQuery) -> TextualSelect:
    """Return a SELECT of the ids of every match of one kind (unranked, unlimited) to nest in a larger query.

    The database joins it into the event filter itself, so no list of ids passes through Python.
    """
    sql: TextClause
    if conn.dialect.name == "sqlite":
        fts = _TABLES[kind]
        sql = text(f"SELECT rowid AS id FROM {fts} WHERE {fts} MATCH :match_{kind}")
        sql = sql.bindparams(**{f"match_{kind}": fts5_match(query)})
    else:
        # As find_ids: each term in some part of the text, not necessarily all in one part.
        any_term, every_term, params = _pg_match(conn, query, name=kind)
        params[f"{kind}_kind"] = kind
        sql = text(
            f"SELECT ref_id AS id FROM search_parts WHERE kind = :{kind}_kind "
            f"AND {any_term} GROUP BY ref_id HAVING {every_term}"
        ).bindparams(**params)
    return sql.columns(column("id", Integer))


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
