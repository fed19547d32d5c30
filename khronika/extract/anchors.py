"""When and where an event word happened: the dates and places of its sentence and document it owns.

A date or place in a sentence belongs to the event word nearest to it ("the hearing on the riots of
16 December": the date is the riots'); coordinated words share one ("detained and fined on 5 May").
An event word with no date of its own takes, in this order, a chronology heading, a date stated
elsewhere in its sentence, the last date of the two paragraphs before it, and the publication date
(the day itself in the report's lead, the month when the text says it is recent, else the year).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from khronika.extract.sentences import Sentence
from khronika.extract.triggers import Trigger
from khronika.records import Place

_LEAD_CHARS = 300


_CONTEXT_CHARS = 1000  # about two paragraphs: the narrative's time carries on until a new date


# Words telling that the undated event happened close to the publication date.
_RECENT = re.compile(
    r"\b(?:today|yesterday|this (?:week|month|morning)|last (?:week|night)|recently|currently|ongoing|still|"
    r"now|is|are|has been|have been|сегодня|вчера|накануне|на этой неделе|недавно|в настоящее время|"
    r"продолжа\w+|уже|сейчас|на днях|бүгін|кеше|қазір|UPD|update|обновлено)\b",
    re.IGNORECASE,
)


@dataclass
class Context:
    """What the pipeline knows about a document while it walks the sentences."""

    text: str
    lang: str
    published: date | None
    dates: list[Any] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)
    durations: list[Any] = field(default_factory=list)
    main_place: Place | None = None


STATED, IN_SENTENCE, IN_PARAGRAPH, PUBLISHED = 3, 2, 1, 0


_DATELINE_TAIL = re.compile(r"[^\n]{0,30}?\s(?:—|--|–|-)\s")


def is_dateline(text: str, mention: Any) -> bool:
    """ "ALMATY, Kazakhstan — ...": where the report was filed, not where its events happened."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    return not text[line_start : mention.start].strip() and bool(_DATELINE_TAIL.match(text, mention.end))


def main_place(places: list[Any], *, title_places: list[Any]) -> Place | None:
    """The settlement a report is about: one named in its title, else the one named most often (first on ties)."""
    in_title = [p for p in title_places if p.kind == "city"]
    if in_title:
        return in_title[0].place
    cities = [p for p in places if p.kind == "city" and p.place.country == "KZ"] or [
        p for p in places if p.kind == "city"
    ]
    if not cities:
        return None
    counts = Counter(p.place.name for p in cities)
    best = max(counts.values())
    return next(p.place for p in cities if counts[p.place.name] == best)


_LIST_GLUE = re.compile(r"^\s*(?:,|and|и|және|,\s*and|,\s*и)?\s*$", re.IGNORECASE)


def listed_days(ctx: Context, sent: Sentence, trig: Trigger, *, others: list[Trigger]) -> list[Any]:
    """The days of a list the event word owns ("on 7, 8 and 20 December"); empty when it owns no such list."""
    claimants = others
    own = [d for d in ctx.dates if sent.start <= d.start < sent.end and _owner(d, claimants, trig, ctx.text) is trig]
    days = [d for d in own if len(iso(d.value) or "") == 10 and not d.value_end]
    # "Вчера, 21 июля" names one day twice: a list needs days that differ.
    if len({iso(d.value) for d in days}) < 2 or len(days) != len(own):
        return []
    joined = all(_LIST_GLUE.match(ctx.text[a.end : b.start]) for a, b in pairwise(days))
    return days if joined else []


def iso(value: Any) -> str | None:
    """A date value as the record's text ("2024-05-03", "2024-05", "2024"), whatever type the finder gave."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def date_for(
    ctx: Context, sent: Sentence, trig: Trigger, *, others: list[Trigger]
) -> tuple[str | None, str | None, int]:
    """The date of the event word: its own in the sentence, else the paragraph's last, else the publication's."""
    inside = [d for d in ctx.dates if sent.start <= d.start < sent.end]
    # A date belongs to the event word nearest to it: in "the hearing on the riots of 16 December"
    # the date is the riots', not the hearing's. Words joined closely ("detained and fined on 5 May")
    # share one.
    claimants = others
    own = [d for d in inside if _owner(d, claimants, trig, ctx.text) is trig]
    if own:
        best = min(own, key=lambda d: _distance(d, trig))
        start, end = iso(best.value), iso(best.value_end)
        if trig.type in _LASTING and (end is None or getattr(best, "duration_days", None)):
            start, end = _span_from_length(ctx, sent, best)
        return start, end, STATED
    heading = _heading_date(ctx, sent)
    if heading is not None:
        return iso(heading.value), iso(heading.value_end), STATED
    if inside:
        best = min(inside, key=lambda d: _distance(d, trig))
        return iso(best.value), iso(best.value_end), IN_SENTENCE
    # Undated sentences continue the story of the last date before them, in the paragraph or just above it.
    paragraph_start = ctx.text.rfind("\n\n", 0, sent.start)
    window_start = min(paragraph_start, max(0, sent.start - _CONTEXT_CHARS))
    before = [d for d in ctx.dates if window_start <= d.start < sent.start]
    if before:
        return iso(before[-1].value), None, IN_PARAGRAPH
    if ctx.published is None:
        return None, None, PUBLISHED
    if sent.start < _LEAD_CHARS:
        # A report's lead tells the news of its day: "Police detained six activists in Almaty".
        return ctx.published.isoformat(), None, PUBLISHED
    if _RECENT.search(sent.text):
        return ctx.published.strftime("%Y-%m"), None, PUBLISHED
    return str(ctx.published.year), None, PUBLISHED


# Saying and reporting verbs: a date next to them dates the report ("today condemned"), not the event.
_REPORTING = re.compile(
    r"\b(?:said|says|told|reported|reports|stated|condemned|wrote|published|announced|declared|"
    r"сообщил\w*|заявил\w*|рассказал\w*|сообщает|пишет|отметил\w*|деді|хабарлады|мәлімдеді)\b",
    re.IGNORECASE,
)


def reporting_verbs(sent: Sentence, text: str) -> list[Trigger]:
    """The saying verbs of a sentence, as pseudo-triggers that claim the dates next to them."""
    return [
        Trigger(type="report", start=m.start(), end=m.end(), text=m.group())
        for m in _REPORTING.finditer(text, sent.start, sent.end)
    ]


def _owner(d: Any, claimants: list[Trigger], trig: Trigger, text: str) -> Trigger | None:
    """The event word a date belongs to: the nearest, shared by words joined closely ("detained and fined")."""
    nearest = min(claimants, key=lambda t: _distance(d, t))
    if nearest is trig or (nearest.type != "report" and _coordinated(nearest, trig, text)):
        return trig
    return nearest


# What may stand between two event words that share their date and place: "detained and fined",
# "arrested, charged", "задержали и оштрафовали", "ұстап, айыппұл салды".
_COORDINATION = re.compile(
    r"^[\s,]*(?:(?:and|or|then|later|were|was|и|а|затем|потом|позже|также|және|мен|да|де)\b[\s,]*){1,3}$|^[\s,]+$",
    re.IGNORECASE,
)


def _coordinated(a: Trigger, b: Trigger, text: str) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(_COORDINATION.match(text[first.end : second.start]))


def _heading_date(ctx: Context, sent: Sentence) -> Any:
    """The date of a chronology entry: a previous 'sentence' that is only a date ("27.03.2012.")."""
    before = ctx.text[max(0, sent.start - 40) : sent.start]
    for d in ctx.dates:
        if d.end <= sent.start and d.end >= sent.start - 40:
            rest = before[len(before) - (sent.start - d.end) :]
            line_start = ctx.text.rfind("\n", 0, d.start) + 1
            if rest.strip(" .:-–\n") == "" and ctx.text[line_start : d.start].strip() == "":
                return d
    return None


def _distance(d: Any, trig: Trigger) -> int:
    return max(d.start - trig.end, trig.start - d.end, 0)


# Events that last: a stated length gives their last day ("the strike, which lasted 19 days, ended
# yesterday, 21 July" -> 3 to 21 July; "a 5-day hunger strike from 13 May" -> 13 to 17 May).
_LASTING = frozenset({"strike", "hunger_strike", "protest", "detention"})
_ENDED = re.compile(
    r"\b(?:ended|end|finished|called off|suspended|over|stopped|прекратил\w*|завершил\w*|закончил\w*|"
    r"остановил\w*|аяқта\w*|тоқтат\w*)\b",
    re.IGNORECASE,
)


def _span_from_length(ctx: Context, sent: Sentence, mention: Any) -> tuple[str | None, str | None]:
    day = iso(mention.value)
    days = getattr(mention, "duration_days", None) or next(
        (d.days for d in ctx.durations if sent.start <= d.start < sent.end and d.days > 1), None
    )
    if day is None or len(day) != 10 or not days:
        return day, iso(mention.value_end)
    known = date.fromisoformat(day)
    if _ENDED.search(sent.text):
        return (known - timedelta(days=days - 1)).isoformat(), day
    return day, (known + timedelta(days=days - 1)).isoformat()


def place_for(ctx: Context, sent: Sentence, trig: Trigger, *, others: list[Trigger]) -> tuple[Place | None, bool]:
    """The settlement or region nearest the event word, else the document's main place; countries say too little."""
    inside = [
        p
        for p in ctx.places
        if sent.start <= p.start < sent.end and p.kind != "country" and not ctx.text.startswith("-based", p.end)
    ]
    # As with dates, a place belongs to the nearest event word: "the hearing on the riots in Zhanaozen".
    events_only = [t for t in others if t.type != "report"]  # "told reporters in Almaty" still places the event
    own = [p for p in inside if _owner(p, events_only, trig, ctx.text) is trig]
    if own:
        cities = [p for p in own if p.kind == "city"] or own
        return min(cities, key=lambda p: _distance(p, trig)).place, False
    if ctx.main_place is not None or not inside:
        return ctx.main_place, True
    return min(inside, key=lambda p: _distance(p, trig)).place, True
