"""The place index: every spelling and case form of our places, keyed by a folded token sequence.

Built once, lazily, from data/kz_places.tsv and data/world_places.tsv (see scripts/build_gazetteer.py)
plus pycountry's country names. Russian and Kazakh case forms are generated from the stems by rule.
"""

from __future__ import annotations

import csv
import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from khronika.records import Place

WORD_RE = re.compile(r"\w+")

# Kazakh letters fold to their nearest Russian ones, so that "Жаңаөзен" and "Жанаозен" (Kazakh typed
# without its own letters) meet; Latin diacritics of the Kazakh Latin alphabets fold to plain letters.
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ū": "u",
        "ğ": "g",
        "ñ": "n",
        "ı": "i",
        "\u0307": None,
        "é": "e",
        "ş": "sh",
        "ç": "ch",
        "’": "'",
    }
)

CUE_NONE, CUE_TOWN, CUE_PREP = "", "town", "prep"

_RU_REGION_ADJ = ("ая", "ой", "ую", "ою", "ий", "ый", "ого", "ому", "им", "ым", "ом", "ое", "ие", "ые", "их", "ых")
_RU_REGION_NOUN = (
    "область",
    "области",
    "областью",
    "областей",
    "областях",
    "обл",
    "областной",
    "областного",
    "областному",
    "областным",
    "областном",
    "областная",
    "областную",
    "областное",
    "областные",
    "областных",
)
_KK_REGION_NOUN = (
    "облысы",
    "облысын",
    "облысының",
    "облысына",
    "облысында",
    "облысынан",
    "облысындағы",
    "облысымен",
    "облыстық",
)
_KK_REGION_LOCATED = frozenset({"облысына", "облысында", "облысынан", "облысындағы"})
_RU_CITY_NOUN = ("городской", "городского", "городскому", "городским", "городском", "городская", "городскую")
_EN_REGION_NOUN = ("region", "oblast", "province", "oblys", "oblysy", "regional")
GENERIC_WORDS = frozenset(
    fold_word
    for word in (*_RU_REGION_NOUN, *_RU_CITY_NOUN, *_KK_REGION_NOUN, *_EN_REGION_NOUN, "of", "the")
    for fold_word in (word.lower().translate(_FOLD),)
)

# Dependent territories and tiny islands whose names are ordinary words in news text ("Jersey").
_SKIP_COUNTRIES = frozenset(
    "AQ AX BL BQ BV CC CW CX EH FK FO GG GS HM IM IO JE MF NF NU PM PN SH SJ SX TF TK UM VG VI WF".split()
)
_SKIP_FORMS = frozenset({"того"})  # Russian "Togo" is the pronoun "того"


@dataclass(frozen=True, slots=True)
class Entry:
    """What one folded key stands for."""

    place: Place
    kind: str
    cue: str = CUE_NONE
    located: bool = False  # a Kazakh locative, dative or ablative form: a cue in itself
    acronym: bool = False  # "ЮКО", "US": only in capitals, never the word "око" or "us"


@dataclass(frozen=True)
class Index:
    """Folded key -> entry, plus the key prefixes that let the matcher stop early."""

    entries: dict[str, Entry]
    prefixes: frozenset[str]
    max_tokens: int


def fold(text: str) -> str:
    """Lower-case `text` and fold Kazakh and Latin diacritic letters to plain Russian/Latin ones."""
    return text.lower().translate(_FOLD)


# Kazakh typed on a Russian keyboard often borrows Latin "i" for "і", and pasted text mixes look-alike
# letters; inside a word that is otherwise Cyrillic, a Latin look-alike is read as its Cyrillic twin.
_CYRILLIC_TWIN = str.maketrans("aceiopxykmtbh", "асеиорхукмтвн")
_CYRILLIC_RE = re.compile("[а-я]")


def unmix(word: str) -> str:
    """Read Latin look-alike letters in a folded, otherwise Cyrillic word as Cyrillic ("темiртау")."""
    if word.isascii() or not _CYRILLIC_RE.search(word) or not re.search("[a-z]", word):
        return word
    return word.translate(_CYRILLIC_TWIN)


def gap_key(gap: str) -> str | None:
    """Normalise what lies between two tokens of a name; None if a name cannot span it."""
    if len(gap) > 3 or "\n\n" in gap:
        return None
    stripped = "".join(gap.split())
    if not stripped:
        return " "
    return stripped if stripped in ("-", "–", ".", "'", ".-") else None


_PLAIN_NAME = re.compile(r"\w+(?: \w+)*")
MIXED_SCRIPT = re.compile("[а-я][a-z]|[a-z][а-я]")


def key_of(text: str) -> str:
    """Folded key of a whole name as the matcher builds it token by token."""
    folded = fold(text)
    if _PLAIN_NAME.fullmatch(folded) and not MIXED_SCRIPT.search(folded):
        return folded  # most names: words and single spaces, one script each
    spans = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
    parts: list[str] = []
    for i, (start, end) in enumerate(spans):
        if i:
            parts.append(gap_key(text[spans[i - 1][1] : start]) or " ")
        parts.append(unmix(fold(text[start:end])))
    return "".join(parts).replace("–", "-")


def ru_forms(form: str) -> set[str]:
    """Russian case forms of a place name, declining its last word by its ending (over-generating is fine)."""
    head, _, last = form.rpartition(" ")
    head = head + " " if head else ""
    low = last.lower()
    endings: tuple[str, ...]
    if not low or low[-1] in "оеиуыэюёaeiou" or not "а" <= low[-1] <= "я":
        return {form}
    if low.endswith(("ый", "ий", "ой")) and len(low) > 4:
        stem = last[:-2]
        endings = ("ого", "ому", "ым", "ом", "его", "ему", "им", "ем")
    elif low[-1] in "айяь":
        stem = last[:-1]
        endings = {
            "а": ("ы", "и", "е", "у", "ой", "ою"),
            "я": ("и", "е", "ю", "ей", "ии"),
            "й": ("я", "ю", "ем", "е"),
            "ь": ("и", "ью", "я", "ю", "ем", "е"),
        }[low[-1]]
    elif low.endswith("ск"):  # "Уральском" would be the adjective "уральский" far more often than the town
        stem = last
        endings = ("а", "у", "е")
    else:
        stem = last
        endings = ("а", "у", "ом", "ем", "е")
    return {form} | {head + stem + ending for ending in endings}


def _is_front(word: str) -> bool:
    for char in reversed(word.lower()):
        if char in "әеөүіэ":
            return True
        if char in "аоұыяё":
            return False
    return False  # "у" and "и" alone say nothing; Kazakh loans default to back vowels


_KK_FRONT = str.maketrans({"а": "е", "ы": "і", "ғ": "г", "қ": "к"})
# (locative, dative, ablative, genitive, accusative, instrumental, "which is in", "of the place")
_KK_SUFFIXES = {
    "vowel": ("да", "ға", "дан", "ның", "ны", "мен", "дағы", "лық"),
    "sonorant": ("да", "ға", "дан", "дың", "ды", "мен", "дағы", "лық"),
    "nasal": ("да", "ға", "нан", "ның", "ды", "мен", "дағы", "дық"),
    "voiced": ("да", "ға", "дан", "дың", "ды", "бен", "дағы", "дық"),
    "voiceless": ("та", "қа", "тан", "тың", "ты", "пен", "тағы", "тық"),
}
_KK_LOCATED = (True, True, True, False, False, False, True, False)


def kk_forms(form: str) -> Iterator[tuple[str, bool]]:
    """Kazakh case forms of a place name with vowel harmony and consonant assimilation: (form, located)."""
    yield form, False
    last = form[-1].lower()
    if last in "аәеёіоөұүыэюя":
        group = "vowel"
    elif last in "лрйуи":
        group = "sonorant"
    elif last in "мнң":
        group = "nasal"
    elif last in "зж":
        group = "voiced"
    elif "а" <= last <= "я" or last in "қғһ":
        group = "voiceless"
    else:
        return
    front = _is_front(form)
    for suffix, located in zip(_KK_SUFFIXES[group], _KK_LOCATED, strict=True):
        if last == "л" and suffix == "лық":
            suffix = "дық"
        yield form + (suffix.translate(_KK_FRONT) if front else suffix), located


def kk_latin_forms(form: str) -> Iterator[str]:
    """Locative, dative, ablative and "which is in" forms of a Latin name as Kazakh Latin writes them."""
    low = fold(form)
    if not low or not low[-1].isalpha() or not low.isascii():
        return
    vowels = [c for c in low if c in "aeiouy"]
    front = bool(vowels) and vowels[-1] in "ei"
    if low[-1] in "aeiouy":
        hard, nasal = False, False
    else:
        hard, nasal = low[-1] in "kqptsfhcx", low[-1] in "mn"
    vowel = "e" if front else "a"
    loc = ("t" if hard else "d") + vowel
    dative = ("k",) if hard and front else ("q", "k") if hard else ("g",)
    ablative = "n" + vowel + "n" if nasal else loc + "n"
    for suffix in (loc, *(d + vowel for d in dative), ablative, loc + ("gi" if front else "gy")):
        yield form + suffix


def _split_flags(form: str) -> tuple[str, str]:
    flags = ""
    while form and form[0] in "=+!?~":
        flags, form = flags + form[0], form[1:]
    return flags, form


def _forms_of(row: dict[str, str], lang: str) -> Iterator[tuple[str, str, bool, bool]]:
    """(surface form, cue, located, inflected) for one language column of a TSV row."""
    region = row["kind"] == "region"
    for raw in filter(None, row[lang].split("|")):
        flags, form = _split_flags(raw)
        cue = CUE_TOWN if "!" in flags else CUE_PREP if "?" in flags else CUE_NONE
        if "~" in flags:
            yield from ((f"{form[:-2]}{adj} {n}", cue, False, False) for adj in _RU_REGION_ADJ for n in _RU_CITY_NOUN)
        elif "=" in flags or (lang == "en" and (not region or "+" in flags)):
            yield form, cue, False, False
            if lang == "en" and row["country"] == "KZ" and "=" not in flags:
                yield from ((f, cue, True, True) for f in kk_latin_forms(form))
        elif region and "+" not in flags:
            yield from _region_forms(form, lang)
        elif lang == "ru":
            yield from ((f, cue, False, f != form) for f in ru_forms(form))
        else:
            yield from ((f, cue, located, f != form) for f, located in kk_forms(form))


def _region_forms(stem: str, lang: str) -> Iterator[tuple[str, str, bool, bool]]:
    if lang == "en":
        yield from ((f"{stem} {noun}", CUE_NONE, False, False) for noun in _EN_REGION_NOUN)
        yield from ((f"{noun} of {stem}", CUE_NONE, False, False) for noun in ("region", "province", "oblast"))
    elif lang == "kk":
        yield from ((f"{stem} {n}", CUE_NONE, n in _KK_REGION_LOCATED, False) for n in _KK_REGION_NOUN)
    elif stem.startswith("область "):
        yield from ((f"{noun} {stem[8:]}", CUE_NONE, False, False) for noun in _RU_REGION_NOUN)
    else:  # an adjective: "Карагандинская" -> "Карагандинской области", "Карагандинский областной"
        base = stem[:-2]
        yield from ((f"{base}{adj} {n}", CUE_NONE, False, False) for adj in _RU_REGION_ADJ for n in _RU_REGION_NOUN)


def _read_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("khronika.extract").joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def _place_of(row: dict[str, str]) -> Place:
    lat, lon = row.get("lat") or "", row.get("lon") or ""
    return Place(
        name=row["name"],
        country=row["country"],
        admin1=row.get("admin1") or None,
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
    )


def _country_rows(curated: list[dict[str, str]]) -> list[dict[str, str]]:
    """Curated country rows, then every other country with pycountry's English, Russian and Kazakh names."""
    import pycountry  # only here: the index is built once

    def translator(lang: str) -> gettext.NullTranslations:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)

    ru, kk = translator("ru"), translator("kk")
    by_code = {row["country"]: row for row in curated}
    rows = list(curated)
    for country in pycountry.countries:
        if country.alpha_2 in _SKIP_COUNTRIES:
            continue
        names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        ok = [n for n in names if n and "," not in n and "(" not in n]
        row = by_code.get(country.alpha_2)
        if row is None:
            row = {"name": ok[0] if ok else country.name, "kind": "country", "admin1": "", "country": country.alpha_2}
            row.update(en="", ru="", kk="", lat="", lon="")
            rows.append(row)
        extra = {"en": ok, "ru": [ru.gettext(country.name)], "kk": [kk.gettext(country.name)]}
        for lang, more in extra.items():
            clean = [m for m in more if "," not in m and "(" not in m and m.lower() not in _SKIP_FORMS]
            row[lang] = "|".join(filter(None, [row[lang], *clean]))
    return rows


@cache
def load_index() -> Index:
    """Build the index once: base spellings first, so a generated case form never hides one."""
    rows = _read_rows("kz_places.tsv")
    world = _read_rows("world_places.tsv")
    rows += [r for r in world if r["kind"] != "country"]
    rows += _country_rows([r for r in world if r["kind"] == "country"])
    entries: dict[str, Entry] = {}
    canonical: list[tuple[str, Entry]] = []
    generated: list[tuple[str, Entry]] = []
    for row in rows:
        place = _place_of(row)
        # The canonical name goes in after every listed form, so that a cue on "!Abai" still holds.
        canonical.append((key_of(row["name"]), Entry(place, row["kind"])))
        for lang in ("en", "ru", "kk"):
            for form, cue, located, inflected in _forms_of(row, lang):
                acronym = form.replace(".", "").isupper() and len(form) <= 5
                item = (key_of(form), Entry(place, row["kind"], cue, located, acronym))
                if inflected:
                    generated.append(item)
                elif item[0] not in _SKIP_FORMS:
                    entries.setdefault(*item)
    for key, entry in canonical + generated:
        entries.setdefault(key, entry)
    prefixes: set[str] = set()
    max_tokens = 1
    for key in entries:
        words = list(re.finditer(r"[^ .'\-]+", key))
        max_tokens = max(max_tokens, len(words))
        prefixes.update(key[: m.end()] for m in words)
    return Index(entries=entries, prefixes=frozenset(prefixes), max_tokens=max_tokens)
