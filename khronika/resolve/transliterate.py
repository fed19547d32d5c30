"""Fold a name in any of our scripts to one Latin skeleton (issue 6, "One person across spellings").

Kazakh and Russian names reach us in Cyrillic, in the 2021 Kazakh Latin alphabet, in passport
romanisation, BGN/PCGN, GOST and in whatever a newspaper chose (Назарбаев, Nazarbayev, Nazarbaev,
Toqaev, Noursoultan). anyascii turns every script into ASCII; the rules here then fold the
differences that remain between those systems, so that two spellings of one name give one key.

Two levels: `_fine_token` keeps the vowels as written (a key match at this level is as good as an
identical spelling); `name_key` also folds e into a, because newspapers slip between them
(Nazerbayev). The coarse key is for blocking and for "probably the same, ask a person".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["coarse_token", "fine_token", "name_key", "name_tokens"]

# Kazakh 2021 Latin letters that anyascii flattens to a plain letter which then means something
# else (ş would become s, but it is ш); spell them the way the Cyrillic letter comes out.
_KAZAKH_LATIN = str.maketrans({"ş": "sh", "ç": "ch", "ğ": "gh", "ñ": "ng", "ı": "y"})

# Order matters: longer clusters first, so "shch" is not read as "sh" + "ch".
_CLUSTERS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),  # щ: Shcherbakov, Scherbakov, Sherbakov are one name in the press
    ("sch", "sh"),
    ("dzh", "j"),  # Джакишев: Dzhakishev (BGN), Djakishev (French), Zhakishev (Kazakh ж)
    ("dj", "j"),
    ("zh", "j"),  # ж: zh (passport, BGN) and j (2021 Kazakh Latin)
    ("tch", "ch"),
    ("kh", "h"),  # х and һ: kh (BGN, passport), h (GOST 2006, Kazakh Latin)
    ("gh", "g"),  # ғ
    ("ck", "k"),  # Western spellings: Victor for Виктор
    ("ct", "kt"),
    ("ts", "c"),  # ц: ts, tc (GOST 2000), c (GOST 7.79-B)
    ("tc", "c"),
    ("ph", "f"),
    ("ou", "u"),  # French press: Noursoultan
    ("x", "ks"),
    ("w", "v"),  # German press: Nasarbajew keeps the w
    ("q", "k"),  # қ: q (Kazakh Latin, anyascii) and k (Russian spelling of Kazakh names)
    ("y", "i"),  # ы, й, і, и: y, i, ı in the various systems
)
_VOWELS = "aeiou"
_ONE_I_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])i(?=[aeiou])")  # Tokayev/Tokaev, Kaliyev
_CONSONANT_IO = re.compile(r"(?<=[b-df-hj-np-tv-z])io")  # ё: Pyotr/Petr, Alyona/Alena
_REPEATS = re.compile(r"(.)\1+")  # Kassym/Kasym, Mukhammed/Mukhamed, Yuriy/Yuri
_NOT_LETTER = re.compile(r"[^a-z]+")


def _ascii(text: str) -> str:
    """Return lower-case ASCII for text in any script, Kazakh Latin letters spelt out."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_KAZAKH_LATIN)
    return anyascii(text).lower()


@lru_cache(maxsize=65536)  # names repeat: the same words are folded again and again
def fine_token(word: str) -> str:
    """Fold one word to its Latin skeleton, vowels kept as written ("" for no letters)."""
    # Apostrophes and hyphens join: ь/ъ come out as ', Qasym-Jomart is one given name.
    text = _NOT_LETTER.sub("", _ascii(word).replace("'", ""))
    for cluster, folded in _CLUSTERS:
        text = text.replace(cluster, folded)
    if text.startswith("ie"):  # Yerlan/Erlan, Yevgeny/Evgeny: Е at the start of a word
        text = text[1:]
    text = _CONSONANT_IO.sub("e", text)
    text = _REPEATS.sub(r"\1", text)
    text = _ONE_I_BETWEEN_VOWELS.sub("", text)
    return _REPEATS.sub(r"\1", text)


@lru_cache(maxsize=65536)
def coarse_token(word: str) -> str:
    """Fold one word like `fine_token`, with e and a made one letter (Nazerbayev slips)."""
    fine = fine_token(word)
    if not fine:
        return fine
    return _REPEATS.sub(r"\1", fine[0] + fine[1:].replace("e", "a"))


def name_tokens(name: str) -> list[str]:
    """Split a name into its words; dots end a word, so "Н.А." gives two initials."""
    return [word for word in re.split(r"[\s.,;/()]+", name) if fine_token(word)]


def name_key(name: str) -> str:
    """Return the folded Latin skeleton of a name, words in their written order."""
    return " ".join(coarse_token(word) for word in name_tokens(name))
