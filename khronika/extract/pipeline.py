"""Document -> events: sentences, triggers, then date, place, size, actors and details for each."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khronika.extract import sizes
from khronika.extract.actors import ActorMention, assign_roles
from khronika.extract.sentences import Sentence, split_sentences
from khronika.extract.triggers import Trigger
from khronika.records import Event, Evidence, Place

EXTRACTOR_VERSION = 1

TriggerFinder = Callable[[str, int, int], list[Trigger]]
ActorFinder = Callable[[str, int, int], list[ActorMention]]

# The language registry: built-in rules are named here exactly as a plugin would add its own
# (register_language), and imported only when a document in that language first arrives.
TRIGGER_FINDERS: dict[str, str | TriggerFinder] = {
    "en": "khronika.extract.rules.en:find_triggers",
    "ru": "khronika.extract.rules.ru:find_triggers",
    "kk": "khronika.extract.rules.kk:find_triggers",
}
ACTOR_FINDERS: dict[str, str | ActorFinder] = {
    "en": "khronika.extract.actors:find_actors_en",
    "ru": "khronika.extract.rules.ru_actors:find_actors_ru",
    "kk": "khronika.extract.rules.ru_actors:find_actors_ru",  # Kazakh reports name people as Russian ones do
}

# Statements about what the law allows or what might happen, not about an occurrence.
_GENERAL = re.compile(
    r"\b(?:you (?:can|could|may|will)|anyone who|whoever|punishable by|faces? up to|carries? (?:a penalty|up to)|"
    r"грозит до|может грозить|может быть|могут быть|грозит наказание|предусматривает|"
    r"дейін бас бостандығынан айыру қарастырылған)\b",
    re.IGNORECASE,
)
# Words telling that the undated event happened close to the publication date.
_RECENT = re.compile(
    r"\b(?:today|yesterday|this (?:week|month|morning)|last (?:week|night)|recently|currently|ongoing|still|"
    r"now|is|are|has been|have been|сегодня|вчера|накануне|на этой неделе|недавно|в настоящее время|"
    r"продолжа\w+|бүгін|кеше|қазір)\b",
    re.IGNORECASE,
)


def extractor_name(lang: str) -> str:
    """Return the versioned name recorded on every event, e.g. "khronika.rules.en/1"."""
    return f"khronika.rules.{lang}/{EXTRACTOR_VERSION}"


def register_language(lang: str, *, triggers: TriggerFinder, actors: ActorFinder | None = None) -> None:
    """Add or replace the rules for a language, as a plugin would."""
    TRIGGER_FINDERS[lang] = triggers
    if actors is not None:
        ACTOR_FINDERS[lang] = actors


@dataclass
class _Context:
    """What the pipeline knows about a document while it walks the sentences."""

    text: str
    lang: str
    published: date | None
    dates: list[Any] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)
    main_place: Place | None = None


def extract_events(
    text: str, *, published: date | None = None, lang: str | None = None, title: str | None = None
) -> list[Event]:
    """Return the events a document states, with evidence spans into `text`."""
    if lang is None:
        from khronika.extract.language import detect_language

        lang = detect_language(text) or "en"
    find_triggers = _load(TRIGGER_FINDERS, lang)
    if find_triggers is None:
        return []
    ctx = _Context(text=text, lang=lang, published=published)
    ctx.dates = _find_dates(text, published=published, lang=lang)
    ctx.places = _find_places(text, lang=lang)
    ctx.main_place = _main_place(ctx.places, title=title, lang=lang)
    find_actors = _load(ACTOR_FINDERS, lang)
    events: list[Event] = []
    for index, sent in enumerate(split_sentences(text, lang=lang)):
        if _GENERAL.search(sent.text):
            continue
        triggers = [t for t in find_triggers(text, sent.start, sent.end) if not (t.negated or t.hypothetical)]
        if not triggers:
            continue
        mentions = find_actors(text, sent.start, sent.end) if find_actors else []
        for trig in triggers:
            events.append(_event(ctx, sent, trig, mentions=mentions, sentence_index=index))
    return _merge(events)


def _load(registry: dict[str, Any], lang: str) -> Any:
    """Resolve a registry entry "module:function" once; a missing module means no rules yet."""
    entry = registry.get(lang)
    if entry is None or callable(entry):
        return entry
    module_name, _, attr = entry.partition(":")
    try:
        func = getattr(importlib.import_module(module_name), attr)
    except ImportError:
        return None
    registry[lang] = func
    return func


def _find_dates(text: str, *, published: date | None, lang: str) -> list[Any]:
    try:
        from khronika.extract.dates import find_dates
    except ImportError:
        return []
    return [d for d in find_dates(text, published=published, lang=lang) if d.value]


def _find_places(text: str, *, lang: str) -> list[Any]:
    try:
        from khronika.extract.places import find_places
    except ImportError:
        return []
    return list(find_places(text, lang=lang))


def _main_place(places: list[Any], *, title: str | None, lang: str) -> Place | None:
    """The settlement a report is about: the one named most often (first on ties), a title's place first."""
    if title:
        in_title = [p for p in _find_places(title, lang=lang) if p.kind == "city"]
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


def _event(ctx: _Context, sent: Sentence, trig: Trigger, *, mentions: list[ActorMention], sentence_index: int) -> Event:
    when, when_end = _date_for(ctx, sent, trig)
    sentence_sizes = [
        s
        for s in sizes.find_sizes(ctx.text, sent.start, sent.end)
        if not any(d.start < s.end and s.start < d.end for d in ctx.dates)  # "14 December" is no crowd
    ]
    size = min(sentence_sizes, key=lambda s: abs(s.start - trig.start)).value if sentence_sizes else None
    return Event(
        type=trig.type,
        date=when,
        date_end=when_end,
        place=_place_for(ctx, sent, trig),
        size=size,
        actors=assign_roles(mentions, event_type=trig.type),
        details=_details(trig.type, sent.text, year=int(when[:4]) if when else _year(ctx.published)),
        evidence=[Evidence(start=sent.start, end=sent.end, text=sent.text)],
        confidence=trig.confidence,
        extractor=extractor_name(ctx.lang),
    )


def _year(published: date | None) -> int | None:
    return published.year if published else None


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _date_for(ctx: _Context, sent: Sentence, trig: Trigger) -> tuple[str | None, str | None]:
    """Nearest date in the sentence, else the last one before it in the paragraph, else the publication date."""
    inside = [d for d in ctx.dates if sent.start <= d.start < sent.end]
    if inside:
        best = min(inside, key=lambda d: abs(d.start - trig.start))
        return _iso(best.value), _iso(best.value_end)
    paragraph_start = ctx.text.rfind("\n\n", 0, sent.start)
    before = [d for d in ctx.dates if paragraph_start <= d.start < sent.start]
    if before:
        return _iso(before[-1].value), None
    if ctx.published is None:
        return None, None
    if _RECENT.search(sent.text):
        return ctx.published.strftime("%Y-%m"), None
    return str(ctx.published.year), None


def _place_for(ctx: _Context, sent: Sentence, trig: Trigger) -> Place | None:
    inside = [p for p in ctx.places if sent.start <= p.start < sent.end]
    if inside:
        cities = [p for p in inside if p.kind == "city"] or inside
        return min(cities, key=lambda p: abs(p.start - trig.start)).place
    return ctx.main_place


_CHARGE_PHRASE = re.compile(
    r"(?:charged with|accused of|charges? of|convicted of|guilty of|on suspicion of|probe on|for)\s+[“\"«]?"
    r"(?P<c>(?:inciting|organi[sz]ing|spreading|calling|participating|extortion|embezzl|fraud|misuse|propagat|"
    r"disrupting|insulting|hooliganism|abuse|financing|separatism|treason|unlawful|illegal)[^,.;:”\"»()]{0,80})",
    re.IGNORECASE,
)


def _details(event_type: str, sentence: str, *, year: int | None) -> dict[str, Any]:
    """The numbers and charge an event of this type carries, read from its sentence."""
    details: dict[str, Any] = {}
    if event_type in ("sentence", "detention"):
        term = sizes.find_prison_term(sentence)
        if term and (event_type == "sentence" or term.endswith("days")):
            details["sentence"] = term
    if event_type == "fine":
        fine = sizes.find_fine(sentence, year=year)
        if fine:
            details["fine"] = fine
    if event_type == "killing":
        dead = sizes.find_fatalities(sentence)
        if dead:
            details["fatalities"] = dead
    if event_type in ("charge", "sentence", "trial", "detention"):
        phrase = _CHARGE_PHRASE.search(sentence)
        article = sizes.find_charge_article(sentence)
        if phrase:
            details["charge"] = phrase.group("c").strip()
        elif article:
            details["charge"] = article
    return details


def _compatible(a: Event, b: Event) -> bool:
    """Two mentions of one occurrence: same type and nothing that tells them apart."""
    if a.type != b.type:
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if a.place and b.place and a.place.name != b.place.name:
        return False
    people_a = {x.name for x in a.actors if x.role == "target" and x.kind == "person"}
    people_b = {x.name for x in b.actors if x.role == "target" and x.kind == "person"}
    return not (people_a and people_b and not _names_overlap(people_a, people_b))


def _names_overlap(a: set[str], b: set[str]) -> bool:
    words_a = {w.lower() for name in a for w in name.split()}
    return any(w.lower() in words_a for name in b for w in name.split())


def _merge(events: list[Event]) -> list[Event]:
    """Fold repeated mentions of the same occurrence into one event with several evidence spans."""
    merged: list[Event] = []
    for event in events:
        home = next((m for m in merged if _compatible(m, event)), None)
        if home is None:
            merged.append(event)
            continue
        if event.date and (not home.date or len(event.date) > len(home.date)):
            home.date, home.date_end = event.date, event.date_end or home.date_end
        home.place = home.place or event.place
        home.size = max(filter(None, (home.size, event.size)), default=None)
        names = {(a.name, a.role) for a in home.actors}
        home.actors += [a for a in event.actors if (a.name, a.role) not in names]
        home.details = event.details | home.details
        if all(e.start != event.evidence[0].start for e in home.evidence):
            home.evidence += event.evidence
            home.confidence = min(0.95, max(home.confidence, event.confidence) + 0.05)
    return merged
