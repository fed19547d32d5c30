"""Split a text into sentences with character offsets, for English, Russian and Kazakh."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a full stop does not end a sentence. Lower-cased, without the dot.
_ABBREVIATIONS = frozenset(
    # English
    "mr mrs ms dr prof st mt jr sr gen col lt sgt capt gov sen rep no nos vs etc approx dept est fig inc ltd co "
    "corp jan feb mar apr jun jul aug sep sept oct nov dec art para p pp e.g i.e u.s u.k "
    # Russian
    "г гг ул пр просп пл д кв им т.е т.д т.п т.к т.н др пр см ст ч п рис тыс млн млрд руб коп тг "
    "обл р-н р-на пос с ген полк подп кап лейт проф доц акад янв фев февр мар апр авг сент окт нояб дек "
    # Kazakh
    "ж жж көш қ обл ауд".split()
)
_END = re.compile(r"[.!?…]+[»\"”’)\]]*|\n\s*\n|\n")
_NEXT_START = re.compile(r"\s*[«\"“„(\[—–-]?\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9]")
_LAST_WORD = re.compile(r"([^\s(«\"“]+)$")


@dataclass(frozen=True)
class Sentence:
    """A sentence: `text` is exactly the document's text[start:end]."""

    start: int
    end: int
    text: str


def split_sentences(text: str, *, lang: str | None = None) -> list[Sentence]:
    """Return the sentences of `text` in order, trimmed of surrounding white space."""
    del lang  # the rules below serve all three languages; kept for a per-language splitter later
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group() == "\n" and not _is_line_break(text, match.start()):
            continue  # a hard-wrapped line goes on with the same sentence
        if "\n" not in match.group() and not _is_boundary(text, match.start(), end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s is not None]


_LIST_MARK = re.compile(r"\s*(?:[#>*•·–—-]|\d+[.)]\s|UPD\b)")
_SHORT_LINE = 50  # headings, datelines and bylines are short; wrapped prose lines run to 60-80 characters


def _is_line_break(text: str, newline: int) -> bool:
    """A single newline ends a sentence after end punctuation, before a list or heading, or after a short line."""
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    if not line or line[-1] in '.!?…:;»"”)]' or len(line) < _SHORT_LINE:
        return True
    return bool(_LIST_MARK.match(text, newline + 1))


def _is_boundary(text: str, dot: int, end: int) -> bool:
    """A punctuation run ends a sentence if a capital follows and the word before is no abbreviation."""
    if end < len(text) and not text[end].isspace():
        return False  # "24.kg", "3.5", "т.е."
    if end < len(text) and not _NEXT_START.match(text, end):
        return False
    if text[dot] != ".":
        return True
    word_match = _LAST_WORD.search(text, max(0, dot - 30), dot)
    word = word_match.group(1) if word_match else ""
    if len(word) == 1 and word.isupper():
        return False  # an initial: "А. Иванов", "J. Smith"
    return word.lower().rstrip(".") not in _ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return Sentence(start, end, text[start:end])
