"""Kazakh event triggers: our suffix-stripping stems matched against the lexicon, with negation and hypotheticals."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from khronika.extract.rules import lexicon_kk as lex
from khronika.extract.stem_kk import fold_kk, stem_kk_folded
from khronika.extract.triggers import Trigger

# The versioned name events record, so results can be traced and re-run; bump it when the rules change.
RULES_VERSION = "khronika.rules.kk/1"

_WORD = re.compile(r"\w+")
_MONTHS = "кантар|акпан|наурыз|сауир|мамыр|маусым|шилде|тамыз|кыркуйек|казан|караша|желтоксан"
_DATE = re.compile(rf"\b\d{{1,2}}\s*-?\s*(?:{_MONTHS})|\bертен|\b\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}\b")
# After the stem: an optional voice suffix, the negative -ма/-ме/-ба/-бе/-па/-пе, then a tense or form.
_NEGATIVE_TAIL = re.compile(
    r"^(?:ыл|ил|л|ын|ин|н|ыс|ис|с|т|дыр|дир|тыр|тир|гыз|гиз|кыз|киз|ла|ле|да|де|та|те)?"
    r"(?:ма|ме|ба|бе|па|пе)(?:ды|ди|й|ган|ген|с|са|се|сын|син|у|йды|йди|йтын|йтин)"
)
# Conditional -са/-се, intention -мақ/-мек, future participle -атын, wish -ғысы келеді: not happened (yet).
_HYPOTHETICAL_TAIL = re.compile(
    r"(?:атын|етин|йтын|йтин|мак|мек|пак|пек|бак|бек|гысы|гиси|кысы|киси)|(?:са|се|сам|сан|сак|сек|саныз)$"
)
_CONDITIONAL_TAIL = re.compile(r"(?:са|се|сам|сан|сак|сек|саныз|сениз)$")
_FIRST_PERSON = re.compile(r"(?:[аеыийу]мын|[аеыийу]мин|[аеыийу]мыз|[аеыийу]миз|[ау]быз|[еи]биз)$")
_VERBAL_NOUN = re.compile(r"..(?:у|уы|уи|уды|уди|уга|уге|уын|уин|уына|уине|уда|уде|удан|уден)$")
_MAX_GAP = 2
_CUE_AFTER = 3


@dataclass(frozen=True)
class _Word:
    folded: str
    stem: str
    negative: bool  # a negative verb form: "ұсталмады", "өтпеді"
    hypothetical: bool  # a conditional or intention form: "ұсталса", "шықпақ"
    conditional: bool  # "-са/-се": "жалақы төленбесе, ереуіл бастаймыз" makes what follows conditional
    first_person: bool  # "бастаймыз деп қорқытты": a quoted vow, not an act


@lru_cache(maxsize=100_000)
def _analyse(word: str) -> _Word:
    folded = fold_kk(word)
    stem = stem_kk_folded(word)
    tail = folded[len(stem) :] if folded.startswith(stem) else ""
    negative = bool(_NEGATIVE_TAIL.match(tail))
    conditional = bool(_CONDITIONAL_TAIL.search(tail))
    first_person = bool(_FIRST_PERSON.search(folded)) and len(folded) > 5
    return _Word(folded, stem, negative, bool(_HYPOTHETICAL_TAIL.search(tail)), conditional, first_person)


@dataclass(frozen=True)
class _Slot:
    stems: frozenset[str]
    forms: frozenset[str]
    starts: tuple[str, ...]
    must_be_negative: bool

    def matches(self, word: _Word) -> bool:
        if self.must_be_negative and not word.negative:
            return False
        return word.stem in self.stems or word.folded in self.forms or word.folded.startswith(self.starts)


@dataclass(frozen=True)
class _Pattern:
    type: str
    slots: tuple[_Slot, ...]
    confidence: float


def _parse_slot(text: str) -> _Slot:
    negative = text.startswith("!")
    alts = text.removeprefix("!").split("|")
    stems = frozenset(a for a in alts if a[0] not in "=^")
    forms = frozenset(a[1:] for a in alts if a[0] == "=")
    return _Slot(stems, forms, tuple(a[1:] for a in alts if a[0] == "^"), negative)


def _compile(rows: list[tuple[str, str, float]]) -> tuple[_Pattern, ...]:
    pats = [_Pattern(t, tuple(_parse_slot(s) for s in text.split()), c) for t, text, c in rows]
    return tuple(sorted(pats, key=lambda p: -len(p.slots)))  # stable: file order among equals


_PATTERNS = _compile(lex.PATTERNS)


@lru_cache(maxsize=100_000)
def _candidates(word: _Word) -> tuple[int, ...]:
    """Numbers of the patterns whose first slot this word fills, in priority order."""
    return tuple(n for n, pat in enumerate(_PATTERNS) if pat.slots[0].matches(word))


def _match_at(pat: _Pattern, words: list[_Word], i: int, used: set[int]) -> list[int] | None:
    if i in used or not pat.slots[0].matches(words[i]):
        return None
    got = [i]
    for slot in pat.slots[1:]:
        hi = min(len(words), got[-1] + _MAX_GAP + 2)
        nxt = next((j for j in range(got[-1] + 1, hi) if j not in used and slot.matches(words[j])), None)
        if nxt is None:
            return None
        got.append(nxt)
    return got


def _negated(pat: _Pattern, words: list[_Word], got: list[int]) -> bool:
    """'ұсталған жоқ', 'ұсталмады', 'митинг өтпеді' (a negative taken into the pattern does not count)."""
    own = [words[k] for k, slot in zip(got, pat.slots, strict=True) if not slot.must_be_negative]
    if any(w.negative for w in own):
        return True
    after = words[got[-1] + 1 : got[-1] + 3]
    if after and after[0].folded in lex.NEGATION_FORMS:
        return True
    if len(after) == 2 and after[1].folded in lex.NEGATION_FORMS and after[0].stem in lex.HAPPEN_STEMS:
        return True
    if len(after) == 2 and after[0].stem == "бас" and after[1].stem == "тарт":
        return True  # "босатудан бас тартты": refused to release
    return bool(after) and after[0].negative and after[0].stem in lex.HAPPEN_STEMS


def _hypothetical(pat: _Pattern, words: list[_Word], got: list[int], *, dated: bool) -> bool:
    """Conditions, intentions, plans, demands and possibilities are no occurrence."""
    last = got[-1]
    announced = dated and pat.type in lex.DATED_TYPES
    after = words[last + 1 : last + 2]
    if any(words[k].hypothetical for k in got) or (after and after[0].hypothetical):
        return not announced
    if any(w.stem in lex.LEGAL_STEMS for w in words[max(0, got[0] - 2) : got[0]]):
        return True
    if any(w.stem == "егер" for w in words[: got[0]]) or any(w.conditional for w in words[max(0, got[0] - 3) : got[0]]):
        return True
    vow = words[last + 1 : last + 4]
    if any(w.folded == "деп" and k > 0 and vow[k - 1].first_person for k, w in enumerate(vow)):
        return True
    # Kazakh puts the modal after the act it governs, past verbal nouns only: "ұсталуы мүмкін",
    # "митинг өткізуді жоспарлап отыр"; in "жиналып, тергеуді талап етті" the demand is the inquiry's
    j = last + 1
    while j < min(len(words), last + 1 + _CUE_AFTER) and _VERBAL_NOUN.search(words[j].folded):
        j += 1
    cue = words[j].stem if j < len(words) else ""
    return cue in lex.HYPOTHETICAL_STEMS or (cue in lex.PLAN_STEMS and not announced)


def _match_all(words: list[_Word]) -> list[tuple[_Pattern, list[int]]]:
    """Every pattern match, patterns in priority order, each over the sentence from left to right."""
    used: set[int] = set()
    found: list[tuple[_Pattern, list[int]]] = []
    for n, i in sorted((n, i) for i, w in enumerate(words) for n in _candidates(w)):
        pat = _PATTERNS[n]
        got = _match_at(pat, words, i, used)
        if got is not None:
            used.update(got)  # the words between slots stay free for other events
            found.append((pat, got))
    return sorted(found, key=lambda f: f[1][0])


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Event triggers of the Kazakh sentence text[start:end], offsets into the whole text."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    words = [_analyse(text[a:b].lower()) for a, b in spans]
    dated = _DATE.search(fold_kk(text[start:end])) is not None
    out: list[Trigger] = []
    last_of_type: dict[str, int] = {}
    for pat, got in _match_all(words):
        if pat.type == "-":
            continue
        t0, t1 = spans[got[0]][0], spans[got[-1]][1]
        if got[0] - last_of_type.get(pat.type, -99) <= _MAX_GAP + 1:
            # one event stated twice in a row ("бас бостандығын шектеуге сотталды"): widen the first trigger
            k = max(i for i, t in enumerate(out) if t.type == pat.type)
            t1 = max(out[k].end, t1)
            out[k] = replace(
                out[k], end=t1, text=text[out[k].start : t1], confidence=max(out[k].confidence, pat.confidence)
            )
            last_of_type[pat.type] = max(last_of_type[pat.type], got[-1])
            continue
        last_of_type[pat.type] = got[-1]
        neg = _negated(pat, words, got)
        hyp = _hypothetical(pat, words, got, dated=dated)
        out.append(Trigger(pat.type, t0, t1, text[t0:t1], negated=neg, hypothetical=hyp, confidence=pat.confidence))
    return out
