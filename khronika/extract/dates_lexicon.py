"""Words and regex fragments for dates in English, Russian and Kazakh, used by khronika.extract.dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

# Kazakh is often typed without its own letters (наурызда, кыркуйек, сейсенби), so every Kazakh
# word is matched through a character class that also accepts the Russian-keyboard letter.
_KK_LETTERS = {"ә": "[әа]", "ғ": "[ғг]", "қ": "[қк]", "ң": "[ңн]", "ө": "[өо]", "ұ": "[ұуү]", "ү": "[үуұ]"}
_KK_LETTERS |= {"һ": "[һх]", "і": "[іiи]"}
_FOLD = list(zip("әғқңөұүһіiё", "агкноуухиие", strict=True))


def fold(word: str) -> str:
    """Lower-case a word and map Kazakh-only letters to their Russian-keyboard stand-ins."""
    word = word.lower()
    for letter, stand_in in _FOLD:  # str.replace is many times faster than str.translate here
        if letter in word:
            word = word.replace(letter, stand_in)
    return word


def kk(word: str) -> str:
    """Regex for a Kazakh word that also matches it typed without Kazakh letters."""
    return "".join(_KK_LETTERS.get(ch, ch) for ch in word)


def _alt(words: list[str]) -> str:
    # Longest first so that "Sept" wins over "Sep" and "января" is not cut to "январ".
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


DAY = r"(?:[12]\d|3[01]|0?[1-9])"
YEAR = r"(?:19\d\d|20\d\d)(?!\d)"

# English month and weekday names must be capitalised: "may", "march" and "sat" are ordinary words.
_EN_MONTHS = "January February March April May June July August September October November December".split()
_EN_ABBR = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()
EN_MONTH_FULL = "(?-i:" + _alt(_EN_MONTHS) + r")\b"
EN_MONTH = "(?-i:(?:" + _alt(_EN_MONTHS) + r"\b|" + _alt(_EN_ABBR) + r"\b\.?))"
EN_WEEKDAY = "(?-i:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?)\\b"

_RU_STEMS = ["январ", "феврал", "апрел", "июн", "июл", "сентябр", "октябр", "ноябр", "декабр"]
# One branch per month, not per form: the regex engine tries every branch at every word start.
_RU_FORMS = "|".join(
    [s + "(?:ь|я|е|ю|ём|ем)" for s in _RU_STEMS] + ["март(?:а|е|у|ом)?", "август(?:а|е|у|ом)?", "ма(?:й|я|е|ю|ем)"]
)
RU_MONTH_FULL = "(?:" + _RU_FORMS + r")\b"
_RU_ABBR = ["янв", "фев", "февр", "мар", "апр", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек"]
RU_MONTH = "(?:" + RU_MONTH_FULL + "|" + _alt(_RU_ABBR) + r"\.)"
# Text that only a pattern reading a month name holds; such patterns run near month anchors.
MONTH_NAME_MARKS: tuple[str, ...] = (_alt(_EN_MONTHS), _RU_FORMS)
RU_WEEKDAY = r"(?:понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|воскресенье)\b"
# "2010 года", "2010 г.", "2010-го года", "2010-м году"
RU_YEAR_WORD = r"(?:-?(?:го|м))?\s*(?:гг?\.|(?:года|году|год|г)\b)"  # not "годовых"

KK_MONTH_NAMES = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
]
_KK_LETTER = "[а-яёәғқңөұүһіi]"
KK_MONTH_STEM = "(?:" + "|".join(kk(m) for m in KK_MONTH_NAMES) + ")"
MONTH_NAME_MARKS += (KK_MONTH_STEM,)
KK_MONTH = KK_MONTH_STEM + _KK_LETTER + "*"  # any case ending: наурызда, наурыздың, наурызынан
# Locative and attributive endings that let a month or weekday stand alone: наурызда, сейсенбіде.
KK_LOCATIVE = "(?:" + "|".join(map(kk, "ында інде нда нде дағы дегі тағы тегі да де та те".split())) + ")"
# A month standing alone takes a case ending: in (наурызда), from (наурыздан), to (наурызға), of (наурыздың).
_KK_CASES = "ынан інен ына іне ының інің дан ден тан тен нан нен ға ге қа ке на не дың дің тың тің ның нің"
KK_CASE = "(?:" + "|".join(map(kk, _KK_CASES.split())) + "|" + KK_LOCATIVE[3:-1] + ")"
KK_WEEKDAY = "(?:" + "|".join(map(kk, "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі".split())) + ")"
KK_YEAR_WORD = "(?:" + kk("жыл") + _KK_LETTER + r"*|ж\.)"

# Month and weekday prefixes, number words, units and anchor words live in data/date_words.json.
_WORDS = json.loads((Path(__file__).parent / "data" / "date_words.json").read_text(encoding="utf-8"))
MONTH_PREFIXES: dict[str, list[tuple[str, int]]] = {k: list(v.items()) for k, v in _WORDS["month_prefixes"].items()}
WEEKDAY_PREFIXES: dict[str, list[tuple[str, int]]] = {k: list(v.items()) for k, v in _WORDS["weekday_prefixes"].items()}
_NUMBERS: dict[str, dict[str, int]] = _WORDS["numbers"]
_RU_STEMS_N: dict[str, int] = _WORDS["ru_number_stems"]  # "в течение двух дней", "двухдневная"
NUMBER_WORDS = {fold(w): n for words in [*_NUMBERS.values(), _RU_STEMS_N] for w, n in words.items()}
EN_NUMBER = r"(?:\d{1,3}|" + _alt(list(_NUMBERS["en"])) + r")\b"
RU_NUMBER = r"(?:\d{1,3}|" + _alt(list(_NUMBERS["ru"]) + [w for w in _RU_STEMS_N if w != "одно"]) + r")\b"
RU_NUMBER_PREFIX = r"(?:\d{1,3}-?|" + _alt(list(_RU_STEMS_N)) + ")"
KK_NUMBER = r"(?:\d{1,3}|" + _alt(sorted({kk(w) for w in _NUMBERS["kk"]})) + r")\b"
UNIT_PREFIXES = [(prefix, unit) for unit, prefixes in _WORDS["unit_prefixes"].items() for prefix in prefixes]
# "жылыту маусымы" is the heating season, not June: words after which маусым means "season".
KK_SEASON_WORDS = frozenset(fold(w) for w in _WORDS["kk_season_words"])
YEAR_OFFSETS: list[tuple[str, int]] = list(_WORDS["year_offsets"].items())  # a year word not listed: this year
# Every expression holds one of these words or a 4-digit year. The finder looks for them (folded) with
# str.find and runs each pattern only in short windows around the words of its class; relative
# expressions run near their own words ("назад" for "3 дня назад").
ANCHORS: dict[str, dict[str, list[str]]] = _WORDS["anchors"]
REL_ANCHORS: dict[str, dict[str, list[str]]] = _WORDS["relative_anchors"]

# Words after a 4-digit number that show it is an amount, not a year ("in 2000 tenge").
# "In 2011 workers struck" is a year, "a strike by 2000 workers" is not: people count only after by/of/from.
NOT_YEAR_AFTER = (
    r"(?!\s*(?:tenge|KZT|dollars|USD|euros?|cases|times|km|"
    r"тенге|тг|руб|долл|человек|рабочих|раз|" + kk("теңге") + "|" + kk("адам") + r")\b|\s*%)"
)
NOT_PEOPLE_AFTER = r"(?!\s*(?:people|persons|workers|miners|protesters|members|employees)\b)"

# ---------------------------------------------------------------------------------------------
# Expression patterns. Each is (handler, regex); khronika.extract.dates compiles them once and
# maps the handler name to code. Groups: d1/m1/y1 (and d2/m2/y2 for the end of a range; a "b"
# suffix marks a second place the same part may stand), wd (weekday), n + u (count and unit),
# x (the span to report when the match also holds a preposition).
# ---------------------------------------------------------------------------------------------
NB = r"(?<![\w.,:/-])"  # a number starts here, not inside "10:30", "3.5" or "A-24"
_ORD = r"(?:st|nd|rd|th)?"
_TO = r"\s*(?:[-–—]|to|and|until|till|through)\s*"
_EN_TIME_WORDS = r"in|since|during|until|till|through|throughout|early|late|mid|spring|summer|autumn|fall|winter"
_EN_PREP = rf"\b(?:{_EN_TIME_WORDS}|by|from|of|(?:end|beginning|start|middle)\s+of)\s+"
_EN_YEAR_PREP = rf"(?:\b(?:{_EN_TIME_WORDS}|(?:end|beginning|start|middle)\s+of)\s+|\bmid-)"
_EN_AMOUNT_PREP = r"\b(?:by|from|of)\s+"  # these also take counts: "a strike by 2000 workers"
_RU_PREP = r"\b(?:в|во|с|со|до|к|по|начале|конце|середине|начала|конца|середины|половине|половины|числах|течение)\s+"
_RU_Y = rf"(?:\s+(?P<y{{i}}>{YEAR})(?:{RU_YEAR_WORD})?)?"
_KK_YG = "(?:" + kk("жылғы") + "|" + kk("жылдың") + "|жылы|ж\\.)"
_KK_L = _KK_LETTER
# A year named relative to publication: "21 декабря прошлого года", "in December last year", "өткен жылғы".
_EN_YREL = r"(?:,?\s+(?:of\s+)?(?P<yrel>last|this)\s+year\b)"
_RU_YREL = r"(?:\s+(?P<yrel>прошлого|позапрошлого|минувшего|этого|текущего|нынешнего|сего)\s+года\b)"
_KK_YREL = rf"(?P<yrel>(?:{kk('өткен')}|{kk('осы')})\s+(?:{kk('жылғы')}|{kk('жылдың')})|{kk('биылғы')})\s+"

PATTERNS: dict[str, list[tuple[str, str]]] = {
    "num": [
        ("absolute", rf"(?<![\w.-])(?P<y1>{YEAR})-(?P<m1>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12]\d|3[01])(?![\d-])"),
        ("absolute", rf"{NB}(?P<d1>{DAY})(?P<sep>[./])(?P<m1>0?[1-9]|1[0-2])(?P=sep)(?P<y1>{YEAR})(?!\.\d)"),
    ],
    "en": [
        (
            "absolute",
            rf"{NB}(?:the\s+)?(?P<d1>{DAY}){_ORD}(?:\s+of)?\s+(?P<m1>{EN_MONTH})(?:,?\s+(?P<y1>{YEAR})|{_EN_YREL})?",
        ),
        # "in June 15 workers" is a month and a count, never a date
        (
            "absolute",
            rf"(?<![Ii]n\s)(?P<m1>{EN_MONTH})\s+(?P<d1>{DAY}){_ORD}(?![\d:])(?:,?\s+(?P<y1>{YEAR})|{_EN_YREL})?",
        ),
        ("absolute", rf"(?P<m1>{EN_MONTH}),?\s+(?:of\s+)?(?P<y1>{YEAR})"),
        ("absolute", rf"(?:{_EN_PREP}|\bmid-)(?P<x>(?P<m1>{EN_MONTH_FULL}){_EN_YREL}?)"),
        ("absolute", rf"{_EN_YEAR_PREP}(?P<x>(?P<y1>{YEAR})){NOT_YEAR_AFTER}"),
        ("absolute", rf"{_EN_AMOUNT_PREP}(?P<x>(?P<y1>{YEAR})){NOT_YEAR_AFTER}{NOT_PEOPLE_AFTER}"),
        ("absolute", rf"(?<![\w.-])(?P<m1>0?[1-9]|1[0-2])/(?P<d1>1[3-9]|2\d|3[01])/(?P<y1>{YEAR})"),
        (
            "range",
            rf"{NB}(?:(?P<between>from|between)\s+)?(?:the\s+)?(?P<d1>{DAY}){_ORD}{_TO}(?:the\s+)?"
            rf"(?P<d2>{DAY}){_ORD}(?:\s+of)?\s+(?P<m2>{EN_MONTH})(?:,?\s+(?P<y2>{YEAR}))?",
        ),
        (
            "range",
            rf"{NB}(?:(?P<between>from|between)\s+)?(?:the\s+)?(?P<d1>{DAY}){_ORD}(?:\s+of)?\s+(?P<m1>{EN_MONTH})"
            rf"(?:,?\s+(?P<y1>{YEAR}))?{_TO}(?:the\s+)?(?P<d2>{DAY}){_ORD}(?:\s+of)?\s+(?P<m2>{EN_MONTH})(?:,?\s+(?P<y2>{YEAR}))?",
        ),
        (
            "range",
            rf"(?:\b(?P<between>from|between)\s+)?(?P<m1>{EN_MONTH})\s+(?P<d1>{DAY}){_ORD}{_TO}(?P<d2>{DAY}){_ORD}"
            rf"(?![\d:])(?:,?\s+(?P<y2>{YEAR}))?",
        ),
        (
            "range",
            rf"(?:\b(?P<between>from|between)\s+)?(?P<m1>{EN_MONTH})\s+(?P<d1>{DAY}){_ORD}(?:,?\s+(?P<y1>{YEAR}))?"
            rf"{_TO}(?P<m2>{EN_MONTH})\s+(?P<d2>{DAY}){_ORD}(?![\d:])(?:,?\s+(?P<y2>{YEAR}))?",
        ),
        ("range", rf"\b(?P<between>from|between)\s+(?P<y1>{YEAR})\s+(?:to|and|until|till|through)\s+(?P<y2>{YEAR})"),
        (
            "range",
            rf"\b(?P<between>from|between)\s+(?P<m1>{EN_MONTH_FULL})(?:,?\s+(?P<y1>{YEAR}))?\s+"
            rf"(?:to|and|until|till|through)\s+(?P<m2>{EN_MONTH_FULL})(?:,?\s+(?P<y2>{YEAR}))?",
        ),
        ("range", rf"{NB}(?P<y1>{YEAR})(?:\s*[-–—]\s*(?P<y2>{YEAR})|[–—](?P<y2b>\d\d)(?![\d-]))"),
        ("shift:0", r"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight)\b"),
        ("shift:-1", r"\b(?:yesterday|last\s+night)\b"),
        ("shift:-2", r"\bthe\s+day\s+before\s+yesterday\b"),
        ("shift:1", r"\btomorrow\b"),
        ("weekday", rf"(?:\b(?P<last>last|past)\s+|\b(?P<next>next|this\s+coming)\s+)?(?P<wd>{EN_WEEKDAY})"),
        ("period:week:-1", r"\blast\s+week(?:end)?\b"),
        ("period:week:0", r"\bthis\s+week(?:end)?\b"),
        ("period:month:-1", r"\blast\s+month\b"),
        ("period:month:0", r"\bthis\s+month\b"),
        ("period:year:-1", r"\blast\s+year\b"),
        ("period:year:0", r"\bthis\s+year\b"),
        ("ago", rf"\b(?P<n>{EN_NUMBER})\s+(?P<u>days?|weeks?|months?|years?)\s+ago\b"),
    ],
    "ru": [
        ("absolute", rf"{NB}(?P<d1>{DAY})(?:-?го)?\s+(?P<m1>{RU_MONTH})(?:{_RU_YREL}|" + _RU_Y.format(i=1) + ")"),
        ("absolute", rf"\b(?P<m1>{RU_MONTH_FULL})\s+(?P<y1>{YEAR})(?:{RU_YEAR_WORD})?"),
        ("absolute", rf"{_RU_PREP}(?P<x>(?P<m1>{RU_MONTH_FULL}){_RU_YREL}?)"),
        ("absolute", rf"{NB}(?P<y1>{YEAR}){RU_YEAR_WORD}"),
        ("absolute", rf"{_RU_PREP}(?P<x>(?P<y1>{YEAR})){NOT_YEAR_AFTER}"),
        (
            "range",
            rf"{NB}(?:(?:с|со|от)\s+)?(?P<d1>{DAY})(?:-?го)?\s*(?:[-–—]|по|до)\s*(?P<d2>{DAY})(?:-?го)?\s+"
            rf"(?P<m2>{RU_MONTH})" + _RU_Y.format(i=2),
        ),
        (
            "range",
            rf"{NB}(?:(?:с|со|от)\s+)?(?P<d1>{DAY})(?:-?го)?\s+(?P<m1>{RU_MONTH})"
            + _RU_Y.format(i=1)
            + rf"\s*(?:[-–—]|по|до)\s*(?P<d2>{DAY})(?:-?го)?\s+(?P<m2>{RU_MONTH})"
            + _RU_Y.format(i=2),
        ),
        (
            "range",
            rf"\b(?:с|со)\s+(?P<m1>{RU_MONTH_FULL})"
            + _RU_Y.format(i=1)
            + rf"\s+(?:по|до)\s+(?P<m2>{RU_MONTH_FULL})"
            + _RU_Y.format(i=2),
        ),
        (
            "range",
            rf"(?:\b(?:с|со)\s+)?{NB}(?P<y1>{YEAR})\s*(?:[-–—]|по|до)\s*(?P<y2>{YEAR})(?:-?(?:е|х|м))?"
            r"\s*(?:годах|годы|годов|года|год|гг\.|г\.)",
        ),
        ("shift:0", r"\bсегодня\b"),
        ("shift:-1", r"\bвчера\b"),
        ("shift:-2", r"\bпозавчера\b"),
        ("shift:1", r"\bзавтра\b"),
        (
            "weekday",
            rf"\bво?\s+(?:(?P<last>прошл(?:ый|ую|ое)|минувш(?:ий|ую|ее))\s+|"
            rf"(?P<next>следующ(?:ий|ую|ее)|ближайш(?:ий|ую|ее))\s+)?(?P<wd>{RU_WEEKDAY})",
        ),
        (
            "period:week:-1",
            r"\b(?:на\s+(?:прошлой|минувшей|предыдущей)\s+неделе|в\s+(?:прошлые|минувшие)\s+выходные)\b",
        ),
        ("period:week:0", r"\bна\s+(?:(?:этой|текущей)\s+неделе|(?:этих\s+)?выходных)\b"),
        ("period:month:-1", r"\bв\s+(?:прошлом|минувшем|предыдущем)\s+месяце\b"),
        ("period:month:0", r"\bв\s+(?:этом|текущем)\s+месяце\b"),
        ("period:year:-1", r"\bв\s+(?:прошлом|минувшем|предыдущем)\s+году\b"),
        ("period:year:-2", r"\bв\s+позапрошлом\s+году\b"),
        ("period:year:0", r"\bв\s+(?:этом|текущем|нынешнем)\s+году\b"),
        (
            "ago",
            rf"\b(?:(?P<n>{RU_NUMBER})\s+)?(?P<u>дн(?:я|ей)|день|сут(?:ок|ки)|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет)"
            r"\s+(?:тому\s+)?назад\b",
        ),
    ],
    "kk": [
        (
            "absolute",
            rf"(?:(?P<y1>{YEAR})\s*-?\s*{_KK_YG}\s*|\b{_KK_YREL})?{NB}(?P<d1>{DAY})\s*-?\s*(?P<m1>{KK_MONTH})"
            rf"(?:\s+(?P<y1b>{YEAR})(?:\s*{KK_YEAR_WORD})?)?",
        ),
        ("absolute", rf"(?P<y1>{YEAR})\s*-?\s*{_KK_YG}?\s*\b(?P<m1>{KK_MONTH})(?:\s+{kk('айы')}{_KK_L}*)?"),
        ("absolute", rf"\b(?P<m1>{KK_MONTH})\s+(?P<y1>{YEAR})(?:\s*{KK_YEAR_WORD})?"),
        ("absolute", rf"\b{_KK_YREL}(?P<m1>{KK_MONTH})(?:\s+{kk('айы')}{_KK_L}*)?"),
        ("kk_month", rf"\b(?P<m1>{KK_MONTH_STEM})(?:{KK_CASE}|\s+{kk('ай')}(?:ында|ы|ының|ынан|ына))\b"),
        # "наурыздың 15-і", "мамыр айының 10-ы": the genitive month, then the day as an ordinal
        (
            "absolute",
            rf"(?:(?P<y1>{YEAR})\s*-?\s*{_KK_YG}\s*)?\b(?P<m1>{KK_MONTH_STEM}(?:{_KK_L}*[ңн]|\s+{kk('айының')}))\s+(?P<d1>{DAY})\s*-\s*{_KK_L}+",
        ),
        (
            "range",
            rf"(?:(?P<y1>{YEAR})\s*-?\s*{_KK_YG}\s*)?\b(?P<m1>{KK_MONTH_STEM}){_KK_L}*\s+(?:{kk('бастап')}\s+)?"
            rf"(?P<m2>{KK_MONTH_STEM}){_KK_L}*\s+(?:{kk('дейін')}|{kk('аралығында')})",
        ),
        ("absolute", rf"{NB}(?P<y1>{YEAR})\s*-?\s*{KK_YEAR_WORD}(?!\s*{kk('бұрын')})"),
        (
            "range",
            rf"(?:(?P<y1>{YEAR})\s*-?\s*{_KK_YG}\s*)?{NB}(?P<d1>{DAY})\s*[-–—]\s*(?P<d2>{DAY})\s*-?\s*"
            rf"(?P<m2>{KK_MONTH})(?:\s+(?P<y2>{YEAR})(?:\s*{KK_YEAR_WORD})?)?",
        ),
        (
            "range",
            rf"(?:(?P<y1>{YEAR})\s*-?\s*{_KK_YG}\s*)?{NB}(?P<d1>{DAY})\s*-?\s*(?P<m1>{KK_MONTH})\s+"
            rf"(?:{kk('бастап')}\s+)?(?P<d2>{DAY})\s*-?\s*(?P<m2>{KK_MONTH})(?:\s+(?P<y2>{YEAR})(?:\s*{KK_YEAR_WORD})?)?"
            rf"\s+(?:{kk('дейін')}|{kk('аралығында')}|{kk('аралығы')})",
        ),
        ("range", rf"{NB}(?P<y1>{YEAR})\s*[-–—]\s*(?P<y2>{YEAR})\s*-?\s*{KK_YEAR_WORD}"),
        ("shift:0", rf"\b{kk('бүгін')}(?:{kk('гі')})?\b"),
        ("shift:-1", rf"\b{kk('кеше')}(?:{kk('гі')})?\b"),
        ("shift:-2", rf"\b{kk('алдыңғы')}\s+{kk('күні')}\b"),
        ("shift:1", rf"\b{kk('ертең')}\b"),
        ("weekday", rf"\b(?:(?P<last>{kk('өткен')})\s+)?(?P<wd>{KK_WEEKDAY})(?:\s+{kk('күні')}|{KK_LOCATIVE})\b"),
        ("weekday", rf"\b(?P<last>{kk('өткен')})\s+(?P<wd>{KK_WEEKDAY})\b"),
        ("period:week:-1", rf"\b{kk('өткен')}\s+{kk('апта')}(?:да|ның)?\b"),
        ("period:week:0", rf"\b{kk('осы')}\s+{kk('апта')}да\b"),
        ("period:month:-1", rf"\b{kk('өткен')}\s+{kk('ай')}(?:да|дың)?\b"),
        ("period:month:0", rf"\b{kk('осы')}\s+{kk('ай')}да\b"),
        ("period:year:-1", rf"\b(?:{kk('өткен')}\s+жыл(?:ы|{kk('ғы')}|дың)?|{kk('былтыр')}{_KK_L}*)\b"),
        ("period:year:0", rf"\b(?:{kk('биыл')}{_KK_L}*|{kk('осы')}\s+жылы)\b"),
        ("ago", rf"\b(?P<n>{KK_NUMBER})\s+(?P<u>{kk('күн')}|{kk('апта')}|ай|жыл)\s+{kk('бұрын')}\b"),
    ],
}

# Days listed before a full date: "7, 8, 20 и 21 декабря", "on 3 and 5 May", "7, 8 және 20 желтоқсанда".
DAY_LIST = (
    rf"(?:{NB}{DAY}{_ORD}(?:\s*,\s*(?:(?:and|и)\s+)?|\s+(?:and|и|"
    + "|".join(kk(w) for w in ("және", "мен", "бен", "пен"))
    + r")\s+))+$"
)
# A date after an end word is when the event ended, not when it began: no end day follows from it.
END_WORDS = (
    r"\b(?:end\w*|until|till|finish\w*|after|called\s+off|заверш\w*|законч\w*|прекрат\w*|оконч\w*|до|после|"
    + "|".join(kk(w) + r"\w*" for w in ("аяқта", "тоқта", "дейін", "кейін"))
    + r")\b"
)

# A bare date announced for the future is read forward, not as last year's date: "the strike will
# begin on 3 August", "суд состоится 5 мая", "ереуіл 3 тамызда өтеді". English and Russian say so
# before the date (Russian also right after it), Kazakh in the verb after it.
FUTURE_BEFORE = {
    "en": r"\b(?:will|shall|(?:is|are)\s+(?:set|scheduled|planned|due|expected|going)|plans?\s+to|intends?\s+to|"
    r"upcoming)\b",
    "ru": r"\b(?:будет|будут|состоит?ся|состоятся|пройд[её]т|пройдут|начн[её]тся|начнутся|планиру(?:ет|ют)|"
    r"намерен[аы]?|собира(?:ется|ются)|назначен[аоы]?|запланирован[аоы]?)\b",
}
FUTURE_AFTER = {
    "ru": r"[\s,]*(?:состоится|состоятся|пройд[её]т|пройдут|начн[её]тся|начнутся|будет|будут)\b",
    "kk": r"[^.!?;\n]{0,40}?\b(?:"
    + "|".join(map(kk, "өтеді өтпек басталады басталмақ болады болмақ жалғасады шығады шықпақ өткізіледі".split()))
    + "|"
    + kk("жоспарла")
    + r"\w*)\b",
}

# Durations: n is the count, u the unit (day or week); sep tells "19 day" from "one day".
DURATION_PATTERNS: dict[str, list[str]] = {
    "en": [
        rf"(?<![\w.,])(?P<n>{EN_NUMBER})(?P<sep>[-\s])(?P<u>day|week)(?:-long)?\b",
        rf"\b(?:for|lasted|lasting|over)\s+(?:(?:more\s+than|nearly|almost|about|some|the\s+past|the\s+last)\s+)?(?P<n>{EN_NUMBER})\s+"
        r"(?P<u>days?|weeks?)\b",
    ],
    "ru": [
        rf"(?<![\w.,])(?P<n>{RU_NUMBER_PREFIX})(?P<u>дневн|суточн|недельн)[а-яё]*",
        rf"\b(?:в\s+течение|на\s+протяжении|уже|длил[асиь]{{1,3}}|продолжал[асиь]{{1,3}})\s+"
        rf"(?:(?:более|почти|около|последних|первых)\s+)?(?P<n>{RU_NUMBER})\s+(?P<u>дн(?:ей|я)|день|сут(?:ок|ки)|недел[ьюи])\b",
    ],
    "kk": [
        rf"(?<![\w.,])(?P<n>{KK_NUMBER})\s*-?\s*(?P<u>{kk('күн')}|{kk('тәулік')}|{kk('апта')})"
        rf"(?:\s+{kk('бойы')}|{kk('дік')}|{kk('тік')}|{kk('лық')}|{kk('лік')}|(?:ге|ға|{kk('қа')})\s+{kk('созыл')}{_KK_L}*)",
    ],
}
_FUTURE_BEFORE = {code: re.compile(regex, re.IGNORECASE) for code, regex in FUTURE_BEFORE.items()}
_FUTURE_AFTER = {code: re.compile(regex, re.IGNORECASE) for code, regex in FUTURE_AFTER.items()}
_CLAUSE_END = re.compile(r".*[.!?;\n]", re.DOTALL)


def announces_future(text: str, start: int, end: int, langs: tuple[str, ...]) -> bool:
    """Whether the clause around text[start:end] says the date is still to come ("will strike on 3 August")."""
    before = text[max(0, start - 60) : start]
    boundary = _CLAUSE_END.match(before)
    before = before[boundary.end() :] if boundary else before
    return any(code in _FUTURE_BEFORE and _FUTURE_BEFORE[code].search(before) for code in langs) or any(
        code in _FUTURE_AFTER and _FUTURE_AFTER[code].match(text, end) for code in langs
    )


REACH = 45  # characters each side of an anchor; longer than any expression the patterns read

_YEAR_AT = re.compile(r"(?:^|\D)(?:19|20)\d\d(?!\d)")  # where "19"/"20" starts a year, not "200" or "1920s"


def folded_text(text: str) -> str:
    """The text folded (see fold) letter for letter, so offsets into it are offsets into the text."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    # A few letters ("İ") lower-case to two characters; keep such letters as they are so offsets hold.
    return "".join(fold(ch) if len(fold(ch)) == 1 else ch for ch in text)


def anchor_windows(folded: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Disjoint stretches of text around the anchor words of one class, in text order."""
    spans: list[tuple[int, int]] = []
    for word in words:
        at = folded.find(word)
        while at != -1:
            if not word.isdigit() or _YEAR_AT.match(folded, max(0, at - 1)):
                spans.append((max(0, at - REACH), min(len(folded), at + len(word) + REACH)))
            at = folded.find(word, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
