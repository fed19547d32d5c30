"""Decide whether two written names are one person or organisation (issue 6).

`compare_names` scores a pair; `find_matches` finds the matching pairs in a list without comparing
every pair. A "strong" match may be linked automatically, a "weak" one is only a merge suggestion
for a person to review, and a protected person is never linked automatically: every strong match
that involves a name in `protected` is lowered to weak. See docs/resolve.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Indel

from khronika.resolve.organisations import compare_organisations, looks_like_organisation
from khronika.resolve.transliterate import coarse_token, fine_token, name_tokens

__all__ = ["STRONG_AT", "WEAK_AT", "NameMatch", "compare_names", "find_matches"]

Strength = Literal["strong", "weak", "none"]
STRONG_AT = 0.93  # score from which a match is strong (linked without asking)
WEAK_AT = 0.85  # score from which a match is weak (a merge suggestion)
_SLIP_SCORE = 0.88  # same skeleton once e and a are folded: a vowel slip, or another name
_INITIAL_SCORE = 0.88  # "Е. Калиев" may be Ерлан or Ержан: never more than a suggestion
_PARTIAL_SCORE = 0.86  # a surname alone, or a word on one side the other lacks
# Below this similarity two words are different words. High on purpose: Ахметов/Ахмедов (0.86)
# and Serik/Serikbay are different people; one letter in ten is a typo, one in seven is a name.
_WORD_AT = 0.88
# A block bigger than this (a common given name) is not compared within: that would be quadratic.
BLOCK_LIMIT = 300
BLOCK_PREFIX = 4  # letters of a folded word that must agree for two names to be compared
_FUZZY_CAP = 0.9

_MALE_PATRONYMIC = ("ovich", "evich", "ich", "uli")
_FEMALE_PATRONYMIC = ("ovna", "evna", "ichna", "kizi")
_PATRONYMIC_WORDS = {"uli": "uli", "kizi": "kizi"}  # "Әбіш ұлы" written as two words


@dataclass(frozen=True)
class NameMatch:
    """How sure we are that two names are one entity, and why."""

    score: float
    strength: Strength
    reason: str


@dataclass(frozen=True)
class _Person:
    words: tuple[str, ...]  # fine keys of given names and surnames
    initials: tuple[str, ...]
    patronymic: str  # fine key, "" when absent


def _strength(score: float) -> Strength:
    if score >= STRONG_AT:
        return "strong"
    return "weak" if score >= WEAK_AT else "none"


@lru_cache(maxsize=65536)  # find_matches compares each name with many others
def _parse_person(name: str) -> _Person:
    words: list[str] = []
    initials: list[str] = []
    patronymic = ""
    for word in name_tokens(name):
        fine = fine_token(word)
        if fine in _PATRONYMIC_WORDS and words:
            patronymic = words.pop() + fine
        elif len(word.strip("-")) <= 2 and word.strip("-")[:1].isupper() and len(fine) <= 2:
            initials.append(fine)  # Е., Zh., Ю.
        elif len(fine) > 5 and fine.endswith(_MALE_PATRONYMIC + _FEMALE_PATRONYMIC):
            patronymic = fine
        else:
            words.append(fine)
    return _Person(words=tuple(words), initials=tuple(initials), patronymic=patronymic)


def _split_patronymic(fine: str) -> tuple[str, str]:
    """Return (stem, "m" or "f") of a patronymic: Бекмуханович and Бекмұханұлы share a stem."""
    for gender, endings in (("f", _FEMALE_PATRONYMIC), ("m", _MALE_PATRONYMIC)):
        for ending in endings:
            if fine.endswith(ending):
                return fine[: -len(ending)], gender
    return fine, ""


def _gender_pair(a: str, b: str) -> bool:
    """True when a and b are the male and female form of one name (Калиев/Калиева)."""
    short, long = sorted((a, b), key=len)
    if long == short + "a":
        return True
    return short.endswith("ski") and long == short[:-1] + "a"  # -ский/-ская


def _word_similarity(a: str, b: str) -> float:
    """Score two folded words 0..1: equal, equal but for e/a, or near enough to be a typo."""
    if a == b:
        return 1.0
    if _gender_pair(a, b):
        return 0.0
    if coarse_token(a) == coarse_token(b):
        return _SLIP_SCORE
    # Beyond the spelling rules a near spelling is a guess (Атабаев/Атамбаев are two people):
    # it may suggest a merge, never link one.
    ratio = Indel.normalized_similarity(a, b)
    return min(ratio, _FUZZY_CAP) if ratio >= _WORD_AT else 0.0


def _pair_words(left: tuple[str, ...], right: tuple[str, ...]) -> tuple[list[float], list[str], list[str]]:
    """Pair words across the two names best-first (word order is free); return the rest."""
    scored = sorted(
        ((_word_similarity(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        reverse=True,
    )
    scores: list[float] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for score, i, j in scored:
        if score > 0 and i not in used_left and j not in used_right:
            scores.append(score)
            used_left.add(i)
            used_right.add(j)
    rest_left = [w for i, w in enumerate(left) if i not in used_left]
    rest_right = [w for j, w in enumerate(right) if j not in used_right]
    return scores, rest_left, rest_right


def _match_initials(initials: tuple[str, ...], words: list[str], patronymic: str) -> bool | None:
    """Match initials to the other side's unpaired words, then its patronymic.

    False on a conflict, True when at least one initial fits, None when none could be checked.
    """
    targets = [*words, patronymic] if patronymic else list(words)
    checked = list(zip(initials, targets, strict=False))
    if not checked:
        return None
    return all(target.startswith(initial) for initial, target in checked)


def _compare_patronymics(a: str, b: str) -> tuple[float, str]:
    if not a or not b:
        return 1.0, ""
    stem_a, gender_a = _split_patronymic(a)
    stem_b, gender_b = _split_patronymic(b)
    if gender_a and gender_b and gender_a != gender_b:
        return 0.0, "patronymics of a son and a daughter"
    score = _word_similarity(stem_a, stem_b)
    return score, "" if score else "different patronymics"


def _score_initials(
    left: _Person,
    right: _Person,
    *,
    rest_left: list[str],
    rest_right: list[str],
    score: float,
    reasons: list[str],
) -> float:
    """Lower score for initials (0.0 when they contradict); clears the words they stand for."""
    shared = min(len(left.initials), len(right.initials))
    if left.initials[:shared] != right.initials[:shared]:
        reasons.append("different initials")
        return 0.0
    if shared:
        score = min(score, _INITIAL_SCORE)
        reasons.append("same initials")
    for mine, theirs, other in ((left, right, rest_right), (right, left, rest_left)):
        matched = _match_initials(mine.initials[shared:], other, theirs.patronymic)
        if matched is False:
            reasons.append("initials do not fit the other name")
            return 0.0
        if matched:
            score = min(score, _INITIAL_SCORE)
            reasons.append("initials fit")
            other.clear()
        elif len(mine.initials) > shared:
            score = min(score, _PARTIAL_SCORE)
            reasons.append("initials the other name cannot confirm")
    return score


def _compare_people(a: str, b: str) -> NameMatch:
    left, right = _parse_person(a), _parse_person(b)
    if not left.words or not right.words:
        return NameMatch(0.0, "none", "no name words to compare")
    scores, rest_left, rest_right = _pair_words(left.words, right.words)
    genders = [(x, y) for x in rest_left for y in rest_right if _gender_pair(x, y)]
    if genders:
        return NameMatch(0.0, "none", "male and female forms: {} / {}".format(*genders[0]))
    if not scores:
        return NameMatch(0.0, "none", "no word in common")
    joined = _word_similarity("".join(rest_left), "".join(rest_right)) if rest_left else 0.0
    if joined and rest_right:  # Kassym Jomart / Kassym-Jomart: one name written as two words
        scores.append(joined)
        rest_left, rest_right = [], []
    if rest_left and rest_right and not (left.initials or right.initials):
        return NameMatch(0.0, "none", f"different names: {rest_left[0]} / {rest_right[0]}")
    score = min(scores)
    reasons = ["same name" if score == 1.0 else "spelling variants"]
    patronymic_score, why = _compare_patronymics(left.patronymic, right.patronymic)
    if not patronymic_score:
        return NameMatch(0.0, "none", why)
    score = min(score, patronymic_score)
    score = _score_initials(left, right, rest_left=rest_left, rest_right=rest_right, score=score, reasons=reasons)
    if not score:
        return NameMatch(0.0, "none", reasons[-1])
    if rest_left or rest_right:
        score = min(score, _PARTIAL_SCORE)
        reasons.append("one name has words the other lacks")
    return NameMatch(round(score, 3), _strength(score), "; ".join(reasons))


def _protect(match: NameMatch) -> NameMatch:
    if match.strength != "strong":
        return match
    return NameMatch(match.score, "weak", match.reason + "; protected person, never linked alone")


def _is_protected(name: str, protected: Collection[str]) -> bool:
    return any(_compare(name, other).strength != "none" for other in protected)


def _compare(a: str, b: str) -> NameMatch:
    if looks_like_organisation(a) or looks_like_organisation(b):
        score, reason = compare_organisations(a, b)
        return NameMatch(round(score, 3), _strength(score), reason)
    return _compare_people(a, b)


def compare_names(a: str, b: str, *, protected: Collection[str] = ()) -> NameMatch:
    """Score whether two written names are one person or organisation."""
    match = _compare(a, b)
    if protected and (_is_protected(a, protected) or _is_protected(b, protected)):
        return _protect(match)
    return match


def _block_keys(name: str) -> set[str]:
    """Keys a name is filed under: the first letters of each folded word."""
    person = _parse_person(name)
    keys = {coarse_token(word)[:BLOCK_PREFIX] for word in person.words if len(word) >= 3}
    if looks_like_organisation(name):
        keys.add("#org")  # organisations are few; aliases (КНБ/KNB) share no letters
    return keys or {coarse_token(word)[:BLOCK_PREFIX] for word in name_tokens(name)}


def find_matches(names: list[str], *, protected: Collection[str] = ()) -> list[tuple[int, int, NameMatch]]:
    """Return (i, j, match) for every pair of names that match, comparing only within blocks."""
    keys = [_block_keys(name) for name in names]
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, name_keys in enumerate(keys):
        for key in name_keys:
            blocks[key].append(index)
    flagged = {i for i, name in enumerate(names) if protected and _is_protected(name, protected)}
    found: dict[tuple[int, int], NameMatch] = {}
    seen: set[tuple[int, int]] = set()
    for i, name_keys in enumerate(keys):
        for key in _usable_keys(name_keys, blocks):
            for j in blocks[key]:
                pair = (min(i, j), max(i, j))
                if i == j or pair in seen:
                    continue
                seen.add(pair)
                match = _compare(names[pair[0]], names[pair[1]])
                if match.strength != "none":
                    found[pair] = _protect(match) if flagged & set(pair) else match
    return [(i, j, found[(i, j)]) for i, j in sorted(found)]


def _usable_keys(name_keys: set[str], blocks: dict[str, list[int]]) -> list[str]:
    """Keys worth comparing under: a word shared by very many names (Ерлан) only as a last resort."""
    usable = [key for key in name_keys if len(blocks[key]) <= BLOCK_LIMIT]
    return usable or [min(name_keys, key=lambda key: len(blocks[key]))]
