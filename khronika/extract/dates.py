"""Find date expressions in English, Russian and Kazakh text and resolve them against the publication date.

Bare dates are read as the most recent such date not after publication ("on 24 December" in a January
article is last December) unless their clause announces them ("will strike on 3 August"), and every
value keeps the precision the text gives: "YYYY-MM-DD", "YYYY-MM" or "YYYY". Everything runs on
precompiled regexes; no date library is called per match.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from khronika.extract import dates_lexicon as lx


@dataclass(frozen=True)
class DateMention:
    """A date expression: offsets into the text given, the resolved value and, for a range, its last day."""

    start: int
    end: int
    text: str
    value: str  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    value_end: str | None = None  # last day/month/year of a range ("с 13 по 15 июля")
    duration_days: int | None = None  # a length stated next to the date ("a 19-day strike that began on 3 May")


@dataclass(frozen=True)
class Duration:
    """A stated length of time with no anchor of its own: "a 19-day strike", "в течение 19 дней", "19 күн бойы"."""

    start: int
    end: int
    text: str
    days: int


_Value = tuple[str, str | None]
_Cand = tuple[int, int, str, str | None, bool, bool]  # start, end, value, value_end, is a weekday, year guessed
_Handler = Callable[[re.Match[str], dt.date | None, str], _Value | None]


@dataclass(frozen=True)
class _Rule:
    lang: str  # the language whose month and weekday names the pattern holds ("num": digits only)
    pattern: re.Pattern[str]
    handler: _Handler
    anchors: tuple[str, ...]  # folded words one of which every match holds
    weekday: bool = False
    guessable: bool = False  # may take its year (or week) from the publication date


def _lookup(token: str, table: list[tuple[str, int]]) -> int | None:
    folded = lx.fold(token)
    return next((number for prefix, number in table if folded.startswith(prefix)), None)


_MONTHS = {lang: [(lx.fold(p), n) for p, n in table] for lang, table in lx.MONTH_PREFIXES.items()}
_WEEKDAYS = {lang: [(lx.fold(p), n) for p, n in table] for lang, table in lx.WEEKDAY_PREFIXES.items()}


def _number(token: str | None) -> int:
    if not token:
        return 1  # "неделю назад", "a week ago"
    token = token.rstrip("-")
    return int(token) if token.isdigit() else lx.NUMBER_WORDS.get(lx.fold(token), 0)


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day).isoformat()
        return f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}"
    except ValueError:  # 31 June, 29 February 2011
        return None


def _past(published: dt.date, month: int, day: int | None) -> int | None:
    """The year of the latest (month, day) on or before published; None for a day no year has."""
    if day is None:
        return published.year if month <= published.month else published.year - 1
    for back in range(9):  # 29 February needs up to eight years back
        try:
            if dt.date(published.year - back, month, day) <= published:
                return published.year - back
        except ValueError:
            continue
    return None


def _parts(m: re.Match[str], i: str, lang: str) -> tuple[int | None, int | None, int | None]:
    found = m.groupdict()
    year, month, day = found.get(f"y{i}") or found.get(f"y{i}b"), found.get(f"m{i}"), found.get(f"d{i}")
    month_no = (int(month) if month.isdigit() else _lookup(month, _MONTHS[lang])) if month else None
    return (int(year) if year else None), month_no, (int(day) if day else None)


def _absolute(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
    year, month, day = _parts(m, "1", lang)
    relative = m.groupdict().get("yrel")
    if relative:
        if published is None:
            return None
        folded = lx.fold(relative)
        year = published.year + next((off for p, off in lx.YEAR_OFFSETS if folded.startswith(p)), 0)
    elif year is None:
        if published is None or month is None:
            return None  # "24 June" with no publication date has no year to take
        year = _past(published, month, day)
    value = _fmt(year, month, day) if year is not None else None
    return (value, None) if value else None


def _kk_month(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
    # "Қазанда" / "Қарашада" with a capital are the cities Kazan and Karasha far more often than months
    # ("Қазан айында" says "month" itself); "жылыту маусымында" is in the heating season, not in June.
    folded, before = lx.fold(m.group(0)), lx.fold(m.string[max(0, m.start() - 30) : m.start()]).split()
    city = m.group(0)[0].isupper() and folded.startswith(("каз", "кара")) and " ай" not in folded
    season = folded.startswith("маусым") and bool(before) and before[-1] in lx.KK_SEASON_WORDS
    return None if city or season else _absolute(m, published, lang)


def _range(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
    if " and " in m.group(0) and not m.groupdict().get("between"):
        return None  # "on 3 and 5 May" names two days, not the days between them
    y1, m1, d1 = _parts(m, "1", lang)
    y2, m2, d2 = _parts(m, "2", lang)
    m1, m2 = m1 or m2, m2 or m1
    if y2 is not None and y2 < 100 and y1 is not None:
        y2 += y1 // 100 * 100  # "2010–11"
    first, last = (m1 or 0, d1 or 0), (m2 or 0, d2 or 0)
    if y1 is None and y2 is None:
        if published is None or m1 is None:
            return None
        y1 = _past(published, m1, d1)
        y2 = None if y1 is None else (y1 if last >= first else y1 + 1)
    elif y1 is None:
        y1 = y2 if last >= first else y2 - 1  # type: ignore[operator]
    elif y2 is None:
        y2 = y1 if last >= first else y1 + 1
    if y1 is None or y2 is None:
        return None
    start, end = _fmt(y1, m1, d1), _fmt(y2, m2, d2)
    if not start or not end or (y1, *first) >= (y2, *last):
        return None
    return start, end


def _shift(days: int) -> _Handler:
    def handler(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
        return None if published is None else ((published + dt.timedelta(days=days)).isoformat(), None)

    return handler


def _month_of(day: dt.date, months_back: int = 0) -> str:
    index = day.year * 12 + day.month - 1 - months_back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _period(unit: str, offset: int) -> _Handler:
    # A week is finer than the contract's precisions, so a week reads as the month it falls in.
    def handler(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
        if published is None:
            return None
        if unit == "week":
            return _month_of(published + dt.timedelta(weeks=offset)), None
        if unit == "month":
            return _month_of(published, -offset), None
        return f"{published.year + offset:04d}", None

    return handler


def _ago(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
    count = _number(m.group("n"))
    unit = next((u for p, u in lx.UNIT_PREFIXES if lx.fold(m.group("u")).startswith(p)), None)
    if published is None or not count or unit is None:
        return None
    if unit == "day":
        return (published - dt.timedelta(days=count)).isoformat(), None
    if unit == "week":
        return _month_of(published - dt.timedelta(weeks=count)), None
    return _period(unit, -count)(m, published, lang)


def _weekday(m: re.Match[str], published: dt.date | None, lang: str) -> _Value | None:
    wanted = _lookup(m.group("wd"), _WEEKDAYS[lang])
    if published is None or wanted is None:
        return None
    found = m.groupdict()
    if found.get("next") is not None:
        return (published + dt.timedelta(days=(wanted - published.weekday()) % 7 or 7)).isoformat(), None
    back = (published.weekday() - wanted) % 7
    if back == 0 and found.get("last") is not None:
        back = 7  # "last Tuesday" written on a Tuesday is a week ago
    return (published - dt.timedelta(days=back)).isoformat(), None


def _handler(name: str) -> _Handler:
    kind, _, args = name.partition(":")
    if kind == "shift":
        return _shift(int(args))
    if kind == "period":
        unit, _, offset = args.partition(":")
        return _period(unit, int(offset))
    return {"absolute": _absolute, "range": _range, "kk_month": _kk_month, "ago": _ago, "weekday": _weekday}[kind]


def _anchor_kind(lang: str, name: str, pattern: re.Pattern[str]) -> str:
    """The class of anchor word every match of this pattern holds (see dates_lexicon.ANCHORS)."""
    if name == "weekday" or name.partition(":")[0] in ("shift", "period", "ago"):
        return "weekday" if name == "weekday" else "rel"
    return "month" if any(mark in pattern.pattern for mark in lx.MONTH_NAME_MARKS) else "year"


def _compile(lang: str) -> list[_Rule]:
    rules = []
    for name, regex in lx.PATTERNS[lang]:
        pattern = re.compile(regex, re.IGNORECASE)
        kind = _anchor_kind(lang, name, pattern)
        words = lx.REL_ANCHORS[lang][name] if kind == "rel" else lx.ANCHORS[lang][kind]
        anchors = tuple(lx.fold(w) for w in words)
        guessable = name in ("absolute", "range", "kk_month", "weekday")
        rules.append(_Rule(lang, pattern, _handler(name), anchors, weekday=name == "weekday", guessable=guessable))
    return rules


_DURATION_ANCHORS = {code: tuple(lx.fold(w) for w in lx.ANCHORS[code]["dur"]) for code in ("en", "ru", "kk")}
RULES: dict[str, list[_Rule]] = {lang: _compile(lang) for lang in lx.PATTERNS}
_DURATIONS: dict[str, list[re.Pattern[str]]] = {
    lang: [re.compile(regex, re.IGNORECASE) for regex in regexes] for lang, regexes in lx.DURATION_PATTERNS.items()
}


def _duration_days(m: re.Match[str]) -> int:
    if m.groupdict().get("sep", "-") != "-" and not m.group("n").isdigit():
        return 0  # "one day, police came" is not a length
    unit = next((u for p, u in lx.UNIT_PREFIXES if lx.fold(m.group("u")).startswith(p)), "day")
    return _number(m.group("n")) * (7 if unit == "week" else 1)


_LANGS = ("en", "ru", "kk")
_NAMED_TIME = ("y1", "y1b", "y2", "y2b", "yrel", "last", "next")  # groups that fix the year or week
_GAP_WEEKDAY = re.compile(r"[\s,()]{0,4}")  # "Tuesday, 3 May", "3 мая (пятница)"
_DAY = re.compile(lx.NB + r"(" + lx.DAY + r")(?:st|nd|rd|th)?")
_DAY_LIST = re.compile(lx.DAY_LIST, re.IGNORECASE)
_GAP_PAIR = re.compile(r"[^.!?;\n]{0,80}")  # a duration and a date in the same clause
_END_WORDS = re.compile(lx.END_WORDS, re.IGNORECASE)


def _lang_codes(lang: str) -> tuple[str, ...]:
    code = (lang or "").lower()[:2]
    code = "kk" if code == "kz" else code
    return (code,) if code in _LANGS else _LANGS  # unknown language: try all three


def _candidates(text: str, folded: str, published: dt.date | None, lang: str) -> list[_Cand]:
    found = []
    windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for rule in (rule for code in (*_lang_codes(lang), "num") for rule in RULES[code]):
        if rule.anchors not in windows:
            windows[rule.anchors] = lx.anchor_windows(folded, rule.anchors)
        for window_start, window_end in windows[rule.anchors]:
            for match in rule.pattern.finditer(text, window_start, window_end):
                resolved = rule.handler(match, published, rule.lang)
                if resolved is None:
                    continue
                found_groups = match.groupdict()
                start, end = match.span("x" if found_groups.get("x") is not None else 0)
                guessed = rule.guessable and not any(found_groups.get(k) is not None for k in _NAMED_TIME)
                found.append((start, end, resolved[0], resolved[1], rule.weekday, guessed))
    return found


def _select(candidates: list[_Cand]) -> list[_Cand]:
    """Keep the longest expressions that do not overlap, in text order."""
    chosen: list[_Cand] = []
    taken = bytearray(max((c[1] for c in candidates), default=0))
    for cand in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if taken.find(1, cand[0], cand[1]) == -1:
            chosen.append(cand)
            taken[cand[0] : cand[1]] = b"\x01" * (cand[1] - cand[0])
    return sorted(chosen)


def _drop_weekdays_beside_dates(text: str, chosen: list[_Cand]) -> list[_Cand]:
    # "on Tuesday, 3 May" names one day twice; the date is exact, the weekday guess may be a week off.
    days = [c for c in chosen if not c[4] and len(c[2]) == 10]

    def beside(cand: _Cand) -> bool:
        gaps = (text[cand[1] : d[0]] if cand[1] <= d[0] else text[d[1] : cand[0]] for d in days)
        return any(_GAP_WEEKDAY.fullmatch(gap) for gap in gaps)

    return [cand for cand in chosen if not (cand[4] and beside(cand))]


def _forward(value: str | None, weekday: bool) -> str | None:
    """The same weekday a week later, or the same day or month a year later."""
    if value is None:
        return None
    if weekday:
        return (dt.date.fromisoformat(value) + dt.timedelta(days=7)).isoformat()
    year = int(value[:4]) + 1
    if len(value) == 10:
        return _fmt(year, int(value[5:7]), int(value[8:])) or value  # 29 February stays where it was
    return f"{year:04d}{value[4:]}"


def _prefer_future(text: str, chosen: list[_Cand], published: dt.date | None, lang: str) -> list[_Cand]:
    """Move a guessed year (or week) forward when the clause announces the date as still to come."""
    if published is None:
        return chosen
    today = published.isoformat()
    result = []
    for cand in chosen:
        last = cand[3] or cand[2]  # a range that runs past publication is already under way
        if cand[5] and last < today[: len(last)] and lx.announces_future(text, cand[0], cand[1], _lang_codes(lang)):
            value, value_end = _forward(cand[2], cand[4]) or cand[2], _forward(cand[3], cand[4])
            cand = (cand[0], cand[1], value, value_end, cand[4], cand[5])
        result.append(cand)
    return result


def _listed_days(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Add the days listed before a full date: "7, 8, 20 и 21 декабря", "on 3 and 5 May"."""
    extra = []
    for men in mentions:
        if len(men.value) != 10 or men.value_end is not None:
            continue
        listed = _DAY_LIST.search(text, max(0, men.start - 60), men.start)
        numbers = list(_DAY.finditer(text, listed.start(), listed.end())) if listed else []
        if len(numbers) == 1 and text[numbers[0].end() : men.start].strip() == ",":
            continue  # "статья 5, 21 декабря": a lone number and a comma are not a list
        for number in numbers:
            value = _fmt(int(men.value[:4]), int(men.value[5:7]), int(number.group(1)))
            if value:
                extra.append(DateMention(number.start(1), number.end(1), number.group(1), value))
    return sorted(mentions + extra, key=lambda m: m.start)


def _pair_durations(text: str, mentions: list[DateMention], durations: list[Duration]) -> list[DateMention]:
    """Give a start day its end day when a length is stated in the same clause."""
    result = list(mentions)
    for dur in durations:
        for i, men in enumerate(result):
            if len(men.value) != 10 or men.value_end is not None:
                continue
            gap = text[dur.end : men.start] if dur.end <= men.start else text[men.end : dur.start]
            after = _GAP_PAIR.match(text, men.end, men.end + 25)  # "21 мамырда аяқталды": the day it ended
            near = text[max(0, men.start - 12) : men.start] + " " + (after.group(0) if after else "")
            if not _GAP_PAIR.fullmatch(gap) or _END_WORDS.search(gap) or _END_WORDS.search(near):
                continue
            last = dt.date.fromisoformat(men.value) + dt.timedelta(days=dur.days - 1)
            result[i] = DateMention(men.start, men.end, men.text, men.value, last.isoformat(), dur.days)
            break
    return result


def find_dates(text: str, *, published: dt.date | None, lang: str) -> list[DateMention]:
    """Find every date expression in text, resolved against published, in text order."""
    # A datetime is a date subclass; comparing the two raises, so keep only the day.
    published = published.date() if isinstance(published, dt.datetime) else published
    folded = lx.folded_text(text)
    chosen = _drop_weekdays_beside_dates(text, _select(_candidates(text, folded, published, lang)))
    chosen = _prefer_future(text, chosen, published, lang)
    mentions = [DateMention(s, e, text[s:e], value, value_end) for s, e, value, value_end, _, _ in chosen]
    return _pair_durations(text, _listed_days(text, mentions), _durations(text, folded, lang))


def resolve_date(expression: str, *, published: dt.date | None, lang: str) -> DateMention | None:
    """Resolve one date expression ("24 июня", "өткен жұмада"); the longest one found wins, None if none."""
    mentions = find_dates(expression, published=published, lang=lang)
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, -m.start))


def find_durations(text: str, *, lang: str) -> list[Duration]:
    """Find stated lengths of time in days ("a 19-day strike", "19-дневная", "19 күндік"), in text order."""
    return _durations(text, lx.folded_text(text), lang)


def _durations(text: str, folded: str, lang: str) -> list[Duration]:
    found: list[Duration] = []
    for code in _lang_codes(lang):
        windows = lx.anchor_windows(folded, _DURATION_ANCHORS[code])
        for (window_start, window_end), pattern in itertools.product(windows, _DURATIONS[code]):
            for match in pattern.finditer(text, window_start, window_end):
                days = _duration_days(match)
                if days and all(match.end() <= d.start or match.start() >= d.end for d in found):
                    found.append(Duration(match.start(), match.end(), match.group(0), days))
    return sorted(found, key=lambda d: d.start)
