"""Find places in English, Russian and Kazakh text: Kazakhstan in full detail, the world by country.

`find_places` walks the word tokens once and looks token sequences up in a dict of folded
spellings and case forms (see gazetteer.py), taking the longest name at each point, so that
"Karaganda region" is the region and not the city.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from khronika.extract.gazetteer import (
    CUE_PREP,
    CUE_TOWN,
    GENERIC_WORDS,
    MIXED_SCRIPT,
    WORD_RE,
    Entry,
    fold,
    gap_key,
    key_of,
    load_index,
    unmix,
)
from khronika.records import Place

__all__ = ["PlaceMention", "find_places", "lookup_place"]

# Folded cue words. A town word beside a name makes even an ambiguous one a place ("г. Абай").
_TOWN_BEFORE = frozenset(
    "town city village settlement г гор город города городе городу городом пос поселок поселка поселке "
    "поселку посёлок село селе села моногород моногороде".split()
)
_TOWN_AFTER = frozenset(
    fold(w)
    for w in "town city village қаласы қаласында қаласының қаласына қаласынан қаласындағы қаласын "
    "кенті кентінде ауылы ауылында".split()
)
_PREP_BEFORE = frozenset("in at near from to into outside в во из под около возле".split())
# A name after a street word or before one is an address or a namesake, not the place.
_BLOCK_BEFORE = frozenset(
    "улица улицы улице улицу ул проспект проспекта проспекте пр площадь площади имени им мкр".split()
)
_MONEY = frozenset("$€£¥₸")
_BLOCK_AFTER = frozenset(
    fold(w)
    for w in "street st avenue ave prospect square boulevard university post times journal "
    "көшесі көшесінде даңғылы даңғылында".split()
)


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a text: offsets into that text and the place it names."""

    start: int
    end: int
    text: str
    place: Place
    kind: str  # "city" | "region" | "country"


def find_places(text: str, *, lang: str) -> list[PlaceMention]:
    """Return the places named in `text`, longest name first at each point, in text order."""
    del lang  # names of all three languages are matched: reports mix scripts and languages
    index = load_index()
    spans = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
    whole = fold(text)
    # Folding the whole text at once is faster; a few letters ("İ", "ş") change length, then go word by word.
    folded = [whole[s:e] for s, e in spans] if len(whole) == len(text) else [fold(text[s:e]) for s, e in spans]
    if MIXED_SCRIPT.search(whole):  # rare, so the common text pays one scan for it
        folded = [unmix(w) for w in folded]
    prefixes = index.prefixes
    mentions: list[PlaceMention] = []
    i = 0
    while i < len(spans):
        if folded[i] not in prefixes:
            i += 1
            continue
        found = _longest_at(text, spans, folded, i, index.entries, prefixes, index.max_tokens)
        if found is None:
            i += 1
            continue
        last, entry = found
        start, end = spans[i][0], spans[last][1]
        place = dataclasses.replace(entry.place)  # callers may edit their copy
        mentions.append(PlaceMention(start=start, end=end, text=text[start:end], place=place, kind=entry.kind))
        i = last + 1
    return mentions


def lookup_place(name: str, *, lang: str | None = None) -> Place | None:
    """Return the place that any spelling or case form `name` stands for, or None."""
    del lang  # one index serves all languages
    entry = load_index().entries.get(key_of(name.strip()))
    return dataclasses.replace(entry.place) if entry else None


def _longest_at(
    text: str,
    spans: list[tuple[int, int]],
    folded: list[str],
    i: int,
    entries: dict[str, Entry],
    prefixes: frozenset[str],
    max_tokens: int,
) -> tuple[int, Entry] | None:
    """The last token and entry of the longest acceptable name starting at token i."""
    key = folded[i]
    if key not in prefixes:
        return None
    candidates: list[tuple[int, Entry]] = []
    j = i
    while True:
        entry = entries.get(key)
        if entry is not None:
            candidates.append((j, entry))
        j += 1
        if j >= len(spans) or j - i >= max_tokens:
            break
        gap = gap_key(text[spans[j - 1][1] : spans[j][0]])
        if gap is None:
            break
        key = f"{key}{gap.replace('–', '-')}{folded[j]}"
        if key not in prefixes:
            break
    for last, entry in reversed(candidates):
        if _acceptable(text, spans, folded, i, last, entry):
            return last, entry
    return None


def _acceptable(text: str, spans: list[tuple[int, int]], folded: list[str], i: int, last: int, entry: Entry) -> bool:
    """Capitalised, not part of a longer hyphenated name or an address, and cued where it must be."""
    words = [text[s:e] for s, e in spans[i : last + 1]]
    if not any(w[0].isupper() for w in words) or not (words[0][0].isupper() or folded[i] in GENERIC_WORDS):
        return False
    if text[spans[last][1] : spans[last][1] + 1] in _MONEY:  # "US$300"
        return False
    if entry.acronym and not all(w.isupper() for w in words):
        return False
    before = folded[i - 1] if i > 0 and _joined(text, spans, i - 1) else ""
    if before == "of" and i > 1 and _joined(text, spans, i - 2):  # "the town of Abai"
        before = folded[i - 2]
    after = folded[last + 1] if last + 1 < len(spans) and _joined(text, spans, last) else ""
    if before in _BLOCK_BEFORE or after in _BLOCK_AFTER:
        return False
    # "Петропавловск-Камчатский" is not Petropavlovsk; "Almaty-based" still names Almaty.
    if after and text[spans[last][1] : spans[last + 1][0]].strip() == "-" and text[spans[last + 1][0]].isupper():
        return False
    if entry.cue == CUE_TOWN:
        return before in _TOWN_BEFORE or after in _TOWN_AFTER
    if entry.cue == CUE_PREP:
        return entry.located or before in _TOWN_BEFORE or before in _PREP_BEFORE or after in _TOWN_AFTER
    return True


def _joined(text: str, spans: list[tuple[int, int]], k: int) -> bool:
    """Whether tokens k and k+1 sit next to each other with at most a space, dot or hyphen between."""
    return gap_key(text[spans[k][1] : spans[k + 1][0]]) is not None
