"""Russian event triggers: pymorphy3 lemmas matched against the lexicon, with negation and hypotheticals."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from khronika.extract.rules import lexicon_ru as lex
from khronika.extract.triggers import Trigger

# The versioned name events record, so results can be traced and re-run; bump it when the rules change.
RULES_VERSION = "khronika.rules.ru/1"

_WORD = re.compile(r"\w+(?:-\w+)*")
_DATE = re.compile(
    r"\b\d{1,2}(?:-?го)?\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
    r"|\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\b|\bзавтра\b|\bпослезавтра\b"
    r"|\b(?:в|во|с)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—–]|\.\s")
_MAX_GAP = 3
_CUE_WINDOW = 6

_morph: Any = None


def _analyzer() -> Any:
    """The one pymorphy3 analyser of the process, loaded on first use (loading takes ~0.1 s)."""
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


@dataclass(frozen=True)
class _Word:
    form: str  # lower case
    lemmas: frozenset[str]
    verb_mode: str  # "inf", "futr", "impr", "prts" or ""
    subject: bool  # a noun in the nominative: "снос произойдёт" speaks of the future


@lru_cache(maxsize=100_000)
def _analyse(form: str) -> _Word:
    parses = _analyzer().parse(form)
    lemmas = frozenset(p.normal_form.replace("ё", "е") for p in parses) | {form.replace("ё", "е")}
    tag = parses[0].tag if parses else None
    mode = ""
    if tag is not None:
        if tag.POS == "INFN":
            mode = "inf"
        elif tag.POS == "VERB" and "impr" in tag:
            mode = "impr"
        elif tag.POS == "VERB" and "futr" in tag:
            mode = "futr"
        elif tag.POS in ("PRTS", "PRTF"):
            mode = "prts"
    subject = tag is not None and tag.POS == "NOUN" and tag.case == "nomn"
    return _Word(form, lemmas, mode, subject)


@dataclass(frozen=True)
class _Slot:
    lemmas: frozenset[str]
    forms: frozenset[str]

    def matches(self, word: _Word) -> bool:
        return word.form in self.forms or not self.lemmas.isdisjoint(word.lemmas)


@dataclass(frozen=True)
class _Pattern:
    type: str
    slots: tuple[_Slot, ...]
    unordered: bool
    confidence: float


def _parse_slot(text: str) -> _Slot:
    alts = [a.replace("ё", "е") for a in text.split("|")]
    return _Slot(frozenset(a for a in alts if not a.startswith("=")), frozenset(a[1:] for a in alts if a[0] == "="))


def _compile(rows: list[tuple[str, str, float]]) -> tuple[_Pattern, ...]:
    pats = []
    for type_, text, conf in rows:
        unordered = text.startswith("~ ")
        slots = tuple(_parse_slot(s) for s in text.removeprefix("~ ").split())
        pats.append(_Pattern(type_, slots, unordered, conf))
    # Longer patterns first so that "оправдательный приговор" wins over "приговор"; stable sort keeps file order.
    return tuple(sorted(pats, key=lambda p: -len(p.slots)))


_PATTERNS = _compile(lex.PATTERNS)


def _index(patterns: tuple[_Pattern, ...]) -> dict[str, list[int]]:
    """Pattern numbers by the lemmas ("=form"s) of their first slot, so a word is tried only against its own."""
    index: dict[str, list[int]] = {}
    for n, pat in enumerate(patterns):
        for key in [*pat.slots[0].lemmas, *("=" + f for f in pat.slots[0].forms)]:
            index.setdefault(key, []).append(n)
    return index


_FIRST_SLOT = _index(_PATTERNS)


@lru_cache(maxsize=100_000)
def _candidates(form: str) -> tuple[int, ...]:
    word = _analyse(form)
    keys = [*word.lemmas, "=" + word.form]
    return tuple(sorted({n for k in keys for n in _FIRST_SLOT.get(k, ())}))


def _match_at(pat: _Pattern, words: list[_Word], i: int, used: set[int]) -> list[int] | None:
    """Token indices of pat matched with its first slot at word i, or None."""
    if i in used or not pat.slots[0].matches(words[i]):
        return None
    got = [i]
    for slot in pat.slots[1:]:
        last = got[-1]
        lo = max(0, i - _MAX_GAP - 1) if pat.unordered else last + 1
        hi = min(len(words), last + _MAX_GAP + 2)
        nxt = next((j for j in range(lo, hi) if j not in used and j not in got and slot.matches(words[j])), None)
        if nxt is None:
            return None
        got.append(nxt)
    return sorted(got)


def _tokens(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[_Word]]:
    spans, words = [], []
    for m in _WORD.finditer(text, start, end):
        spans.append((m.start(), m.end()))
        words.append(_analyse(m.group().lower()))
    return spans, words


def _negated(words: list[_Word], first: int, last: int) -> bool:
    """'не был задержан', 'без задержаний', 'митинг не состоялся', 'забастовку отменили'."""
    before = [j for j in (first - 1, first - 2) if j >= 0]
    if before and words[before[0]].form in lex.NEGATION_FORMS | {"без"}:
        return True
    if len(before) == 2 and words[before[0]].form in lex.AUX_FORMS and words[before[1]].form in lex.NEGATION_FORMS:
        return True
    if len(before) == 2 and words[before[0]].form == "в" and not words[before[1]].lemmas.isdisjoint(lex.REFUSAL_LEMMAS):
        return True  # "суд отказал в освобождении"
    if any(not w.lemmas.isdisjoint(lex.REJECT_LEMMAS) for w in words[max(0, first - 3) : first]):
        return True  # "отклонил ходатайство об освобождении"
    after = words[last + 1 : last + 4]
    if (
        len(after) >= 2
        and after[0].form in lex.NEGATION_FORMS
        and not after[1].lemmas.isdisjoint(lex.AFTER_NEGATION_LEMMAS)
    ):
        # "митинг не был согласован" negates the approval, not the rally
        return not (len(after) == 3 and after[1].form in lex.AUX_FORMS and after[2].verb_mode == "prts")
    near = words[max(0, first - 2) : last + 3]
    return any(not w.lemmas.isdisjoint(lex.CANCEL_LEMMAS) for w in near)


def _hypothetical(pat: _Pattern, words: list[_Word], span: tuple[int, int], *, dated: bool, starts: set[int]) -> bool:
    """Plans, demands, threats, conditions and statements of law are no occurrence."""
    first, last = span
    head = words[first]
    announced = dated and pat.type in lex.DATED_TYPES
    if head.verb_mode in ("futr", "impr") and not announced:
        return True
    if head.verb_mode == "inf":
        # a bare infinitive is a demand, plan or possibility: "- освободить его из-под стражи;", but
        # "начали задерживать" happened, and so did what a court "постановил арестовать"
        lead = words[first - 1].lemmas if first > 0 else frozenset()
        decided = not lead.isdisjoint(lex.DECISION_LEMMAS) and pat.type not in lex.DATED_TYPES
        if lead.isdisjoint(lex.PHASE_LEMMAS) and not decided:
            return not announced
    if any(w.form in ("бы", "б") for w in words[max(0, first - 2) : last + 3]):
        return True  # "его бы арестовали"; a "бы" further away is often concessive ("что бы ни было")
    after = words[first + 1 : last + 4]
    if head.subject and any(w.verb_mode == "futr" or w.form in lex.FUTURE_AUX_FORMS for w in after):
        return not announced  # "снос произойдёт", "суд продолжится"
    for j in range(first - 1, max(-1, first - _CUE_WINDOW - 1), -1):
        w = words[j]
        if w.form in lex.CONDITIONAL_FORMS or w.form in lex.FUTURE_AUX_FORMS:
            return not (announced and w.form in lex.FUTURE_AUX_FORMS)
        if j >= first - 4 and not w.lemmas.isdisjoint(lex.LEGAL_CONTEXT_LEMMAS):
            return True
        if not w.lemmas.isdisjoint(lex.PLAN_CUES):
            return not announced
        if not w.lemmas.isdisjoint(lex.HYPOTHETICAL_CUES):
            # a demand governs the next act only: "потребовали освободить задержанных" keeps the detention
            return head.verb_mode == "inf" or not any(k in starts for k in range(j + 1, first))
    return False


def _clause_start(text: str, start: int, pos: int) -> int:
    """Where the clause holding pos begins: cues before a ';', ':' or dash govern another clause."""
    last = start
    for m in _CLAUSE_BREAK.finditer(text, start, pos):
        last = m.end()
    return last


def _match_all(words: list[_Word]) -> list[tuple[_Pattern, list[int]]]:
    """Every pattern match, patterns in priority order, each over the sentence from left to right."""
    used: set[int] = set()
    found: list[tuple[_Pattern, list[int]]] = []
    for n, i in sorted((n, i) for i, w in enumerate(words) for n in _candidates(w.form)):
        pat = _PATTERNS[n]
        got = _match_at(pat, words, i, used)
        if got is not None:
            # words between the slots stay free: "затащили пикетчиков в автозак" also names a picket
            used.update(got)
            found.append((pat, got))
    return sorted(found, key=lambda f: f[1][0])


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Event triggers of the Russian sentence text[start:end], offsets into the whole text."""
    spans, words = _tokens(text, start, end)
    found = _match_all(words)
    dated = _DATE.search(text, start, end) is not None
    starts = {got[0] for pat, got in found if pat.type != "-"}
    out: list[Trigger] = []
    last_of_type: dict[str, int] = {}
    for pat, got in found:
        if pat.type == "-":
            continue
        if got[0] - last_of_type.get(pat.type, -99) <= _MAX_GAP + 1:
            # "протестующие собрались на площади": one event stated twice; widen the first trigger
            k = max(i for i, t in enumerate(out) if t.type == pat.type)
            t1 = max(out[k].end, spans[got[-1]][1])  # "оставил приговор в силе" holds "приговор"
            out[k] = replace(
                out[k], end=t1, text=text[out[k].start : t1], confidence=max(out[k].confidence, pat.confidence)
            )
            last_of_type[pat.type] = max(last_of_type[pat.type], got[-1])
            continue
        last_of_type[pat.type] = got[-1]
        first, last = got[0], got[-1]
        lo = _clause_start(text, start, spans[first][0])
        in_clause = [k for k in range(first) if spans[k][0] >= lo]
        cue_from = in_clause[0] if in_clause else first
        shifted = {s - cue_from for s in starts}
        hyp = _hypothetical(pat, words[cue_from:], (first - cue_from, last - cue_from), dated=dated, starts=shifted)
        t0, t1 = spans[first][0], spans[last][1]
        out.append(
            Trigger(
                type=pat.type,
                start=t0,
                end=t1,
                text=text[t0:t1],
                negated=_negated(words, first, last),
                hypothetical=hyp,
                confidence=pat.confidence,
            )
        )
    return out
