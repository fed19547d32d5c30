"""Russian actor mentions: natasha NER once per document, names put in the nominative, groups and bodies by lexicon."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from khronika.extract.actors import ActorMention, drop_nested
from khronika.extract.rules import lexicon_ru_actors as lex
from khronika.extract.rules import ru
from khronika.extract.stem_kk import fold_kk, stem_kk_folded

_WORD = re.compile(r"\w+(?:-\w+)*")
_ADJ_POS = frozenset({"ADJF"})

_models: dict[str, Any] = {}


def _ner() -> Any:
    """natasha's NER tagger, loaded once per process on first use (about 1.5 s)."""
    if "ner" not in _models:
        from natasha import NewsEmbedding, NewsNERTagger

        _models["ner"] = NewsNERTagger(NewsEmbedding())
    return _models["ner"]


def find_actors_ru(text: str, start: int, end: int) -> list[ActorMention]:
    """Actors named in the sentence text[start:end], offsets into the whole text.

    Filters the document's actors when find_actors_ru_document(text) has run; otherwise tags only this
    sentence, because NER time grows with the text and most sentences state no event (issue "Event extraction").
    """
    doc = _documents.get(text)
    if doc is None:
        doc = _actors_in(text, start, end)
    return [m for m in doc if start <= m.start and m.end <= end]


def find_actors_ru_document(text: str) -> list[ActorMention]:
    """People and organisations (natasha NER), groups and official bodies (lexicon) of a Russian document."""
    found = _actors_in(text, 0, len(text))
    _documents[text] = found
    while len(_documents) > 8:
        del _documents[next(iter(_documents))]
    return list(found)


_documents: dict[str, tuple[ActorMention, ...]] = {}


@lru_cache(maxsize=512)
def _actors_in(text: str, start: int, end: int) -> tuple[ActorMention, ...]:
    found: list[ActorMention] = []
    for span in _ner()(text[start:end]).spans:
        span_start, stop = start + span.start, start + span.stop
        cut = text.find("\n", span_start, stop)
        stop = cut if cut != -1 else stop  # NER sometimes runs a name into the next line
        raw = text[span_start:stop]
        if _common_word(raw, text, span_start):
            continue  # "Люди", "Голодовка": NER took a capitalised common noun for a name
        if span.type == "PER":
            found.append(ActorMention(span_start, stop, raw, normalise_person(raw), "person"))
        elif span.type == "ORG":
            found.append(ActorMention(span_start, stop, raw, normalise_organisation(raw), "organisation"))
    found.extend(_lexicon_actors(text, start, end))
    return tuple(drop_nested(found))


def _common_word(raw: str, text: str, start: int) -> bool:
    if " " not in raw and (fold_kk(raw) in lex.KK_COUNTS or stem_kk_folded(raw.lower()) in lex.KK_NOT_NAMES):
        return True  # a Kazakh count or group noun ("Жиырма", "Белсенді"): no name
    if " " in raw or text[start - 1 : start] == "«" or raw.isupper():
        return False
    p = _first_parse(raw.lower())
    known = p is not None and p.methods_stack[0][0].__class__.__name__ == "DictionaryAnalyzer"
    return known and not (
        {"Name", "Surn", "Patr", "Orgn", "Geox", "Abbr"} & set(str(p.tag).replace(" ", ",").split(","))
    )


def _lexicon_actors(text: str, start: int, end: int) -> list[ActorMention]:
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    out = []
    for i, (s, e, w) in enumerate(words):
        counted = i > 0 and (words[i - 1][2].isdigit() or fold_kk(words[i - 1][2]) in lex.KK_COUNTS)
        kk_group = _kazakh_group(w, counted=counted)
        if kk_group and i > 0 and lex.KK_STAFF.match(kk_group) and _is_body_word(words[i - 1][2]):
            continue  # "полиция қызметкерлері" are the police, already found as the body
        if kk_group:
            out.append(ActorMention(s, e, text[s:e], kk_group, "group"))
            continue
        group = _group_parse(w.lower())
        noun_next = i + 1 < len(words) and _group_parse(words[i + 1][2].lower()) is not None
        if group is not None and not (group.tag.POS == "PRTF" and noun_next):  # "бастующих рабочих": one group
            lemma = group.normal_form.replace("ё", "е")
            if lemma in lex.STAFF_LEMMAS and i + 1 < len(words) and _is_body_word(words[i + 1][2]):
                continue  # "сотрудники полиции" are the police, found as the body
            name = lex.OFFICIAL_GROUPS.get(lemma) or _inflect(group, {"nomn", "plur"}) or w.lower()
            kind = "organisation" if lemma in lex.OFFICIAL_GROUPS else "group"  # the police act, they are no targets
            out.append(ActorMention(s, e, text[s:e], name, kind))
            continue
        parse = _first_parse(w.lower())
        if parse is not None and parse.normal_form in lex.BODY_LEMMAS and parse.tag.POS == "NOUN":
            j = i
            while j > 0 and words[j - 1][1] + 1 >= words[j][0] and _agrees(words[j - 1][2], parse):
                j -= 1
            # a common noun phrase is written in lower case, also at the start of a sentence
            phrase = [x[2] if x[2][:1].islower() or _proper(x[2]) else x[2].lower() for x in words[j : i + 1]]
            out.append(ActorMention(words[j][0], e, text[words[j][0] : e], _nominative_phrase(phrase), "organisation"))
            continue
        body = _kazakh_body(w)
        if body:
            j = i - 1 if i > 0 and lex.KK_ADJECTIVE.search(fold_kk(words[i - 1][2])) else i
            name = " ".join([*(x[2].lower() for x in words[j:i]), body])
            out.append(ActorMention(words[j][0], e, text[words[j][0] : e], name, "organisation"))
    return out


def _is_body_word(word: str) -> bool:
    """A word naming an official body: "полиции", "КНБ", "колонии", "полиция", "әкімдігі"."""
    if word.isupper() and len(word) >= 2:
        return True
    p = _first_parse(word.lower())
    lemma = p.normal_form if p is not None else ""
    return lemma in lex.BODY_LEMMAS or lemma in lex.STAFF_PLACES or bool(_kazakh_body(word))


@lru_cache(maxsize=50_000)
def _kazakh_body(word: str) -> str:
    """A Kazakh official body in the nominative ("соты", "әкімдігі", "полицияға" -> "сот", "әкімдік", "полиция")."""
    lower = word.lower()
    stem = stem_kk_folded(lower)
    if stem not in lex.KK_BODY_STEMS or not fold_kk(lower).startswith(stem):
        return ""
    head = lower[: len(stem)]
    return head.upper() if word[: len(stem)].isupper() and len(stem) <= 4 else head


@lru_cache(maxsize=50_000)
def _group_parse(word: str) -> Any:
    """The plural parse of a group noun, or of a participle used as one ("заключённые"), or None."""
    for p in ru._analyzer().parse(word):
        if "plur" not in p.tag:
            continue
        if p.tag.POS == "NOUN" and p.normal_form.replace("ё", "е") in lex.GROUP_LEMMAS:
            return p
        if p.tag.POS == "PRTF" and p.normal_form in lex.GROUP_PARTICIPLES:
            return p
    return None


@lru_cache(maxsize=50_000)
def _kazakh_group(word: str, *, counted: bool = False) -> str:
    """A Kazakh group noun as a nominative plural ("белсенділерді", "бес белсендіні" -> "белсенділер"), or ""."""
    lower = word.lower()
    stem = stem_kk_folded(lower)
    folded = fold_kk(lower)
    if stem not in lex.KK_GROUP_STEMS or not folded.startswith(stem):
        return ""
    if folded[len(stem) : len(stem) + 3] in lex.KK_PLURAL:
        return lower[: len(stem) + 3]
    return _kazakh_plural(lower[: len(stem)]) if counted else ""


def _kazakh_plural(stem: str) -> str:
    """The plural by vowel harmony and the stem's last sound: белсенді-лер, тұрғын-дар, журналис-тер."""
    vowels = [c for c in stem if c in "аоұыәеөүіиуэюя"]
    front = bool(vowels) and vowels[-1] in "әеөүіиэ"
    last = stem[-1:]
    if stem.endswith("ст"):
        stem = stem[:-1]  # журналист-тер is written журналистер
    head = "л" if last in "аоұыәеөүіиуэюярйл" else ("д" if last in "мнңзж" else "т")
    return stem + head + ("ер" if front else "ар")


def _proper(word: str) -> bool:
    p = _first_parse(word.lower())
    return p is None or p.methods_stack[0][0].__class__.__name__ != "DictionaryAnalyzer" or "Geox" in p.tag


@lru_cache(maxsize=50_000)
def _first_parse(word: str) -> Any:
    parses = ru._analyzer().parse(word)
    return parses[0] if parses else None


def _is_adjective(word: str, *, capitalised: bool = False) -> bool:
    p = _first_parse(word.lower())
    return p is not None and p.tag.POS in _ADJ_POS and (capitalised or word[:1].islower())


def _agrees(word: str, head: Any) -> bool:
    """An adjective of the body's name: "районный суд", "Медеуского районного суда" (not "других", "вынесенные")."""
    p = _first_parse(word.lower())
    return p is not None and p.tag.POS == "ADJF" and "Apro" not in p.tag and p.tag.case == head.tag.case


def _inflect(parse: Any, grams: set[str]) -> str | None:
    got = parse.inflect(grams)
    return got.word if got is not None else None


def _nominative_phrase(words: list[str]) -> str:
    """Adjectives and head noun in the nominative: "Медеуского районного суда" -> "Медеуский районный суд"."""
    head = _first_parse(words[-1].lower())
    number = "plur" if head is not None and "plur" in head.tag else "sing"
    out = []
    for k, w in enumerate(words):
        p = _first_parse(w.lower())
        grams = {"nomn", number}
        if p is not None and k < len(words) - 1 and head is not None and number == "sing" and head.tag.gender:
            grams.add(head.tag.gender)
        new = _inflect(p, grams) if p is not None else None
        out.append(_same_case(w, new or w))
    return " ".join(out)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _strip_quotes(raw: str) -> str:
    """Drop quotes around a name, and a quote NER left without its pair."""
    raw = raw.strip(" .,;:")
    if raw[:1] in '«"“' and raw[-1:] in '»"”':
        return raw[1:-1]
    if raw.count("«") > raw.count("»"):
        return raw + "»" if raw[:1] != "«" else raw[1:]
    return raw.removesuffix("»") if raw.count("»") > raw.count("«") else raw


_ABBR_CASE = re.compile(r"^([A-ZА-ЯЁ]{2,})(?:а|у|ом|е|ы|ов)$")


def normalise_organisation(raw: str) -> str:
    """An organisation's name in the nominative: "Верховного суда" -> "Верховный суд", "ОМОНа" -> "ОМОН"."""
    raw = _strip_quotes(raw)
    m = _ABBR_CASE.match(raw)
    if m:
        return m.group(1)
    words = raw.split()
    # inflect the leading adjectives and the first noun; the rest is a genitive or a quoted name
    head = 0
    while head < len(words) - 1 and _is_adjective(words[head], capitalised=True):
        head += 1
    p = _first_parse(words[head].lower()) if words else None
    if p is None or p.tag.POS != "NOUN" or not words[head].isalpha() or "nomn" in p.tag:
        return raw
    return " ".join([_nominative_phrase(words[: head + 1]), *words[head + 1 :]])


# --- person names -------------------------------------------------------------------------


def normalise_person(raw: str) -> str:
    """A person's name in the nominative: "Ерлана Калиева" -> "Ерлан Калиев", "Анастасию" -> "Анастасия"."""
    words = raw.strip(' .,;:«»"“”').split()
    if not words:
        return raw
    kazakh = _kazakh_case_stripped(words)
    if kazakh is not None:
        return " ".join(kazakh)
    reading = _reading(words)
    if reading is None:
        return " ".join(words)
    gender, case, last_nom = reading
    first = [_first_name_nominative(w, gender, case) for w in words[:-1]]
    surname = len(words) > 1 or bool(_surname_readings(words[0]))
    last = last_nom if surname else _first_name_nominative(words[0], gender, case)
    return " ".join([*first, last])


def _kazakh_case_stripped(words: list[str]) -> list[str] | None:
    """A name in a Kazakh case put back in the nominative ("Ерланды Сәрсенбаевты" -> "Ерлан Сәрсенбаев"), or None."""
    m = lex.KK_NAME_CASE.match(words[-1])
    if m is None:
        return None
    first = []
    for w in words[:-1]:
        fm = lex.KK_FIRST_CASE.match(w)
        first.append(fm.group("stem") if fm and not w.lower().endswith(("ов", "ев", "ин")) else w)
    return [*first, m.group("stem")]


def _reading(words: list[str]) -> tuple[str, str, str] | None:
    """(gender, case, nominative of the last word) that the name is in, or None to keep it as written."""
    last = words[-1]
    options = _surname_readings(last)
    first = words[0] if len(words) > 1 else None
    if options and first is not None and len(options) > 1:
        if lex.KAZAKH_MALE_END.search(first.lower()) and options[0][0] == "masc":
            return options[0]
        return max(options, key=lambda o: _name_score(first, o[0], o[1]))
    if options:
        return options[0]
    adjective = _first_parse(last.lower())
    if len(words) > 1 and adjective is not None and adjective.tag.POS == "ADJF" and "sing" in adjective.tag:
        # "Алексея Окопного", "Елену Толстую": a surname declined as an adjective
        g, c = adjective.tag.gender or "masc", adjective.tag.case
        return g, c, _same_case(last, _inflect(adjective, {"nomn", "sing", g}) or last)
    # a surname that does not show its case (Kazakh "Ескабыл", "Илиясулы"): the first name tells
    best = max(
        ((p.tag.gender, p.tag.case, p.score) for p in ru._analyzer().parse(words[0].lower()) if "Name" in p.tag),
        key=lambda x: x[2],
        default=None,
    )
    if best is None or best[1] == "nomn" or len(words) == 1:
        return None if best is None or best[1] == "nomn" else (best[0], best[1], words[0])
    return best[0], best[1], _strip_case(last, best[0], best[1])


def _surname_readings(last: str) -> list[tuple[str, str, str]]:
    """The (gender, case, nominative) readings a surname's ending allows ("Калиеву": masc dative, fem accusative)."""
    for end, opts in lex.SURNAME_ENDINGS:
        if last.lower().endswith(end) and len(last) > len(end) + 1:
            return [(g, c, last[: len(last) - len(end)] + nom) for g, c, nom in opts]
    return []


def _name_score(word: str, gender: str, case: str) -> float:
    cases = {case, "gent", "accs"} if case in ("gent", "accs") else {case}
    return sum(
        p.score
        for p in ru._analyzer().parse(word.lower())
        if "Name" in p.tag and p.tag.gender == gender and p.tag.case in cases
    )


def _first_name_nominative(word: str, gender: str, case: str) -> str:
    if case == "nomn":
        return word
    for p in ru._analyzer().parse(word.lower()):
        if ("Name" in p.tag or "Patr" in p.tag) and p.tag.gender == gender and p.tag.case == case:
            return _same_case(word, p.normal_form)
    return _strip_case(word, gender, case)


def _strip_case(word: str, gender: str, case: str) -> str:
    """Drop a masculine noun case ending from a name pymorphy3 does not know: "Тлеужана" -> "Тлеужан"."""
    if gender != "masc":
        return word
    for end in lex.NOUN_CASE_ENDINGS.get(case, ()):
        if word.lower().endswith(end) and len(word) > len(end) + 2:
            stem = word[: -len(end)]
            return stem + "й" if end in ("я", "ю", "ем") and stem[-1].lower() in "аеиоуыэюя" else stem
    return word
