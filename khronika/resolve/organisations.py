"""Compare names of organisations: quotes, legal forms and a small table of known aliases.

"ТОО «Озенмунайгаз»", "Ozenmunaigas LLP" and "OzenMunaiGas" are one company; "КНБ" and "National
Security Committee" are one agency, which no spelling rule can see, so such pairs come only from
`ALIASES`. The table is short on purpose: add an entry when reports use a second name for a body.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from khronika.resolve.transliterate import coarse_token, name_tokens

__all__ = ["ALIASES", "compare_organisations", "looks_like_organisation"]

# Legal forms, folded, to one label each: Russian, Kazakh and English abbreviations and words.
_LEGAL_FORMS = {
    "too": "llp",
    "llp": "llp",
    "jshs": "llp",
    "llc": "llp",
    "ooo": "llp",
    "ao": "jsc",
    "jsc": "jsc",
    "ak": "jsc",
    "pao": "jsc",
    "oao": "jsc",
    "zao": "jsc",
    "oo": "pa",
    "ob": "pa",
    "kb": "pa",  # public association (общественное объединение)
    "of": "fund",
    "kf": "fund",  # общественный фонд / қоғамдық қор
    "ip": "ie",
    "ltd": "llp",
    "inc": "jsc",
    "plc": "jsc",
}
_FOLDED_FORMS = {coarse_token(form): label for form, label in _LEGAL_FORMS.items()}
_QUOTES = re.compile(r"[«»\"“”„‟'’]")
_ORG_WORDS = {
    coarse_token(word) for word in ("комитет", "министерство", "ministry", "committee", "union", "профсоюз", "компания")
}

# Each entry: the names reports use for one body. Written out here, not learnt.
ALIASES: tuple[tuple[str, ...], ...] = (
    ("КНБ", "KNB", "ҰҚК", "Комитет национальной безопасности", "National Security Committee"),
    ("МВД", "ІІМ", "Министерство внутренних дел", "Ministry of Internal Affairs"),
    ("Генпрокуратура", "Генеральная прокуратура", "Prosecutor General's Office"),
    (
        "КМБПЧиСЗ",
        "КМБПЧ",
        "KIBHR",
        "Казахстанское международное бюро по правам человека",
        "Kazakhstan International Bureau for Human Rights and Rule of Law",
    ),
    ("КазМунайГаз", "KazMunayGas", "KMG", "ҚазМұнайГаз"),
    ("Тенгизшевройл", "Tengizchevroil", "TCO"),
    ("ЦИК", "Центральная избирательная комиссия", "Central Election Commission"),
)


def _words(name: str) -> tuple[list[str], set[str]]:
    """Folded words of an organisation's name without quotes and legal forms, and its forms."""
    words, forms = [], set()
    for word in name_tokens(_QUOTES.sub(" ", name)):
        folded = coarse_token(word)
        if folded in _FOLDED_FORMS:
            forms.add(_FOLDED_FORMS[folded])
        else:
            words.append(folded)
    return words, forms


def _alias_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for number, names in enumerate(ALIASES):
        for name in names:
            index["".join(_words(name)[0])] = number
    return index


_ALIAS_INDEX = _alias_index()


@lru_cache(maxsize=65536)
def looks_like_organisation(name: str) -> bool:
    """Guess whether a written name is an organisation rather than a person."""
    words, forms = _words(name)
    if forms or _QUOTES.search(name) or "".join(words) in _ALIAS_INDEX:
        return True
    if any(word in _ORG_WORDS for word in words):
        return True
    # A lone capitalised abbreviation (КНБ, МВД); a surname in capitals is longer.
    return len(words) == 1 and 2 <= len(name.strip()) <= 5 and name.strip().isupper()


def compare_organisations(a: str, b: str) -> tuple[float, str]:
    """Score two organisation names 0..1 and say why."""
    words_a, forms_a = _words(a)
    words_b, forms_b = _words(b)
    joined_a, joined_b = "".join(words_a), "".join(words_b)
    alias_a, alias_b = _ALIAS_INDEX.get(joined_a), _ALIAS_INDEX.get(joined_b)
    if alias_a is not None and alias_a == alias_b:
        return 1.0, "known alias of one organisation"
    if alias_a is not None and alias_b is not None:
        return 0.0, "aliases of two different organisations"
    if joined_a == joined_b:
        score, reason = 1.0, "same name"
    else:
        # Word order and spacing vary (OzenMunaiGas / Ozen Munai Gas): compare the letters
        # joined, and the words sorted, and keep the better.
        joined = fuzz.ratio(joined_a, joined_b) / 100
        by_words = fuzz.token_sort_ratio(" ".join(words_a), " ".join(words_b)) / 100
        score, reason = max(joined, by_words), "similar names"
    if forms_a and forms_b and not forms_a & forms_b:
        score = min(score, 0.86)
        reason += "; different legal forms"
    return score, reason
