"""Numbers an event record carries: crowd sizes, prison terms, fines, deaths and the article charged."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kazakhstan's monthly calculation index (MCI, МРП, АЕК) in tenge, as set by each year's
# republican budget law; a fine "in 100 MCI" is 100 times the index of the year it was given.
# Where the index changed inside a year (2020: 2651 then 2778 from 1 April; 2022: 3063 then
# 3180 from 1 April) the value from 1 January is kept: most fines cite the January figure.
MCI_KZT: dict[int, int] = {
    2005: 971, 2006: 1030, 2007: 1092, 2008: 1168, 2009: 1273, 2010: 1413, 2011: 1512,
    2012: 1618, 2013: 1731, 2014: 1852, 2015: 1982, 2016: 2121, 2017: 2269, 2018: 2405,
    2019: 2525, 2020: 2651, 2021: 2917, 2022: 3063, 2023: 3450, 2024: 3692, 2025: 3932,
    2026: 4325,
}  # fmt: skip

# Vague quantities are lower bounds: "dozens" means at least two dozen; "десятки" and "ондаған"
# ("tens") are read the same way, so one event counted in two languages gets one size.
_VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
    "десятки": 24, "десятков": 24, "сотни": 200, "сотен": 200, "тысячи": 2000, "тысяч": 2000,
    "несколько десятков": 24, "несколько сотен": 200, "несколько тысяч": 2000,
    "ондаған": 24, "жүздеген": 200, "мыңдаған": 2000,
}  # fmt: skip
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "a dozen": 12, "dozen": 12, "a hundred": 100, "several": 3, "a few": 3,
    "один": 1, "одна": 1, "два": 2, "две": 2, "двое": 2, "три": 3, "трое": 3, "четыре": 4, "четверо": 4,
    "пять": 5, "пятеро": 5, "шесть": 6, "шестеро": 6, "семь": 7, "семеро": 7, "восемь": 8, "девять": 9,
    "десять": 10, "двадцать": 20, "тридцать": 30, "сто": 100, "несколько": 3,
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
    "он": 10, "жиырма": 20, "отыз": 30, "жүз": 100, "бірнеше": 3,
    "шести": 6, "семи": 7, "пяти": 5, "четырём": 4, "трём": 3, "двум": 2, "пятью": 5,
    "двоих": 2, "троих": 3, "четверых": 4, "пятерых": 5, "шестерых": 6, "семерых": 7, "восьмерых": 8,
}  # fmt: skip
_NUM = r"(?:\d{1,3}(?:[ ,\u00a0]\d{3})+|\d+(?:[.,]\d+)?)"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_PEOPLE = (
    r"(?:people|persons|individuals|women|men|workers|oil[- ]workers|miners|activists|protesters|demonstrators|"
    r"residents|journalists|employees|prisoners|inmates|citizens|supporters|participants|students|members|"
    r"detainees|strikers|leaders|of them|of their number|of the leaders|officers|drivers|teachers|doctors|farmers|"
    r"villagers|defendants|"
    r"человек|людей|люди|активист\w*|рабоч\w+|шахт[её]р\w*|жител\w+|участник\w*|протестующ\w+|демонстрант\w*|"
    r"журналист\w*|женщин\w*|нефтяник\w*|сторонник\w*|задержанн\w+|граждан\w*|сотрудник\w*|заключ[её]нн\w+|"
    r"голодающ\w+|бастующ\w+|из них|"
    r"адам\w*|жұмысшы\w*|белсенді\w*|тұрғын\w*|азамат\w*|кенші\w*|мұнайшы\w*)"
)
_APPROX = r"(?:over|more than|at least|some|about|around|nearly|almost|up to|approximately|roughly|" \
    r"более|больше|свыше|около|порядка|не менее|почти|до|около|шамамен|кем дегенде)"  # fmt: skip
# Kazakh says "more than", "nearly" and "about" after the number, with case endings in harmony:
# "300-ден астам", "50-ге жуық", "100-дей", "200 шамасында".
_KK_APPROX_AFTER = (
    r"(?:\s*-?(?:(?:ден|тен|нан|нен|дан|тан)\s+(?:астам|аса|артық)|(?:ге|ға|ке|қа)\s+жуық|дей|дай|тей|тай)"
    r"|\s+(?:шамасында|шамасы|шақты))?"
)
# A number followed by a month name is a date ("9 June workers"), not a count.
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек|"
    r"қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
)
_UNITS = (
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|times|km|kilomet\w*|met\w*|percent|per cent|tenge|MCI|rubles|"
    r"roubles|dollars|euros|thousand|million|billion|tonnes?|tons?|barrels?|дн\w*|сут\w*|недел\w*|месяц\w*|лет|год\w*|"
    r"час\w*|"
    r"минут\w*|км|километр\w*|метр\w*|процент\w*|тенге|теңге|МРП|АЕК|рубл\w*|долл\w*|евро|тыс\w*|млн|млрд|"
    r"тонн\w*|раз\w*|жыл\w*|күн\w*|ай\w*|сағат\w*|мың\w*|пайыз\w*)\b"
)
_VAGUE_ALT = "|".join(sorted(_VAGUE, key=len, reverse=True))
_SIZE_RE = re.compile(
    # vague quantities first: "несколько десятков человек" is dozens, not "несколько" (several)
    rf"(?<!\d\s)\b(?P<vague>{_VAGUE_ALT})\b"
    rf"|\b(?:{_APPROX}\s+)?(?P<num>{_NUM}|{_WORDNUM})(?!\s*(?:-?(?:th|st|nd|rd)\b|{_MONTHS}|{_UNITS}))"
    rf"{_KK_APPROX_AFTER}"
    rf"\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\b"
    # "более 300 операторов", "over 40 teachers": an approximate count before a noun counts people
    # unless the noun is a unit of time, money or measure.
    rf"|\b{_APPROX}\s+(?P<approx>{_NUM})\s+(?!{_UNITS})[^\W\d_]{{3,}}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SizeMention:
    """A count of people in a text: offsets into the whole document, `value` a lower bound."""

    start: int
    end: int
    text: str
    value: int


# First words of every number word and vague quantity: a sentence without a digit or one of
# these has no count, and skipping it saves the full pattern's cost on most sentences.
_FIRST_WORDS = frozenset(w.split()[0] for w in (*_WORD_NUMBERS, *_VAGUE))
_WORDS = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


def find_sizes(text: str, start: int = 0, end: int | None = None) -> list[SizeMention]:
    """Return the counts of people stated in text[start:end] ("over 100 women" -> 100, "сотни" -> 200)."""
    end = len(text) if end is None else end
    if not _DIGIT.search(text, start, end) and _FIRST_WORDS.isdisjoint(_WORDS.findall(text[start:end].lower())):
        return []
    found = []
    for m in _SIZE_RE.finditer(text, start, end):
        number = m.group("num") or m.group("approx")
        value = _VAGUE[m.group("vague").lower()] if m.group("vague") else _to_number(number)
        if value is not None and 1 <= value < 10_000_000 and not _is_year(number):
            found.append(SizeMention(m.start(), m.end(), m.group(), int(value)))
    return found


def _is_year(num: str | None) -> bool:
    return bool(num and re.fullmatch(r"(19|20)\d\d", num))


def _to_number(raw: str | None) -> float | None:
    """Read "1 200", "1,200", "2.5", "six" as a number."""
    if not raw:
        return None
    word = raw.lower()
    if word in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[word])
    digits = re.sub(r"[ ,\u00a0](?=\d{3}\b)", "", raw).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


_HALF = r"(?:\s+(?:and a half|с половиной|жарым))?"
_TERM_UNITS = {
    "year": "years", "years": "years", "лет": "years", "года": "years", "год": "years", "годам": "years",
    "жыл": "years", "жылға": "years", "month": "months", "months": "months", "месяцев": "months",
    "месяца": "months", "месяцам": "months", "ай": "months", "айға": "months", "day": "days", "days": "days",
    "суток": "days", "сутки": "days", "суткам": "days", "тәулік": "days", "тәулікке": "days",
}  # fmt: skip
_TERM_RE = re.compile(
    rf"(?P<num>{_NUM}|{_WORDNUM}){_HALF}[\s-]+(?P<unit>{'|'.join(sorted(_TERM_UNITS, key=len, reverse=True))})\b"
    r"(?P<half>\s+(?:and a half|с половиной))?",
    re.IGNORECASE,
)
_CURRENCIES = {
    "tenge": "KZT", "тенге": "KZT", "теңге": "KZT", "kzt": "KZT", "тг": "KZT", "rubles": "RUB", "roubles": "RUB",
    "рублей": "RUB", "руб": "RUB", "dollars": "USD", "usd": "USD", "$": "USD", "euros": "EUR", "евро": "EUR",
    "som": "KGS", "сомов": "KGS",
}  # fmt: skip
_MCI_UNITS = r"(?:MCIs?|monthly calculation indices|monthly calculation index|МРП|МРЗП|АЕК|АЕК-ке)"
_FINE_RE = re.compile(
    rf"(?P<num>{_NUM})(?:\s*(?P<mult>thousand|million|тыс\.?|тысяч|млн|мың))?\s*"
    rf"(?:(?P<mci>{_MCI_UNITS})|(?P<cur>{'|'.join(re.escape(c) for c in _CURRENCIES)}))"
    rf"|\$\s?(?P<usd>{_NUM})",
    re.IGNORECASE,
)
_MULTIPLIERS = {"thousand": 1000, "тыс": 1000, "тыс.": 1000, "тысяч": 1000, "мың": 1000, "million": 10**6, "млн": 10**6}
_FATAL_RE = re.compile(
    rf"(?P<num>{_NUM}|{_WORDNUM})\s+(?:\w+\s+){{0,2}}?(?:people|persons|protesters|civilians|workers|of them)?\s*"
    r"(?:were|was|have been|had been)?\s*(?:killed|dead|died|shot dead|lost their lives)"
    r"|deaths of (?:over |more than |at least )?(?P<num2>\d+)"
    r"|(?P<num3>\d+)\s+(?:человек\w*\s+)?(?:погиб\w*|убит\w*|скончал\w*)",
    re.IGNORECASE,
)
_ARTICLE_RE = re.compile(
    r"(?:under\s+)?(?:Article|Art\.)\s+(?P<a>\d+(?:[.-]\d+)?)(?:\s+(?:part|Part)\s+\d+)?"
    r"(?:\s+of the (?:Criminal|Administrative) Code)?"
    r"|(?:по\s+)?(?:статье|статьи|ст\.)\s*(?P<b>\d+(?:[.-]\d+)?)(?:\s+(?:ч\.|части)\s*\d+)?(?:\s+(?:УК|"
    r"КоАП)(?:\s+РК)?)?"
    r"|(?P<c>\d+(?:[.-]\d+)?)-(?:бабы|бабының|бабымен)",
)


def find_prison_term(text: str) -> str | None:
    """Return the term in `text` in English words ("на 7 лет" -> "7 years", "two and a half years" -> "2.5 years")."""
    for m in _TERM_RE.finditer(text):
        value = _to_number(m.group("num"))
        if value is None:
            continue
        if "half" in m.group().lower() or "половин" in m.group().lower() or "жарым" in m.group().lower():
            value += 0.5
        unit = _TERM_UNITS[m.group("unit").lower()]
        number = f"{value:g}"
        return f"{number} {unit[:-1] if number == '1' else unit}"
    return None


def find_fine(text: str, *, year: int | None = None) -> dict[str, object] | None:
    """Return {"amount", "currency"} of the first fine in `text`; MCI amounts become tenge at `year`'s index."""
    m = _FINE_RE.search(text)
    if not m:
        return None
    if m.group("usd"):
        amount = _to_number(m.group("usd"))
        return {"amount": amount, "currency": "USD"} if amount is not None else None
    amount = _to_number(m.group("num"))
    if amount is None:
        return None
    amount *= _MULTIPLIERS.get((m.group("mult") or "").lower(), 1)
    if m.group("mci"):
        index = MCI_KZT.get(year) if year is not None else None
        fine: dict[str, object] = {"original": m.group().strip(), "mci": amount}
        if index is not None:
            fine |= {"amount": amount * index, "currency": "KZT"}
        return fine
    currency = _CURRENCIES[m.group("cur").lower()]
    return {"amount": amount, "currency": currency}


def find_fatalities(text: str) -> int | None:
    """Return the number of people stated killed in `text` ("241 people died" -> 241)."""
    for m in _FATAL_RE.finditer(text):
        value = _to_number(m.group("num") or m.group("num2") or m.group("num3"))
        if value is not None and not _is_year(m.group("num")):
            return int(value)
    return None


def find_charge_article(text: str) -> str | None:
    """Return the criminal or administrative code article cited in `text` ("по статье 174 УК" -> "Article 174")."""
    m = _ARTICLE_RE.search(text)
    if not m:
        return None
    return f"Article {m.group('a') or m.group('b') or m.group('c')}"
