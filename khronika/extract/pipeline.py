"""Document -> events: sentences, triggers, then date, place, size, actors and details for each."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from khronika.extract import sizes
from khronika.extract.actors import ActorMention, assign_roles
from khronika.extract.anchors import (
    STATED,
    Context,
    date_for,
    is_dateline,
    iso,
    listed_days,
    main_place,
    place_for,
    reporting_verbs,
)
from khronika.extract.merging import Found, merge_mentions
from khronika.extract.sentences import Sentence, split_sentences
from khronika.extract.triggers import Trigger
from khronika.records import Event, Evidence

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
    "kk": "khronika.extract.actors:find_actors_kk",
}
# Where a language's actor finder costs a model call, one call over the whole document is several
# times cheaper than one per sentence (natasha: about 20 ms against 45 ms for a 3 KB report).
DOCUMENT_ACTOR_FINDERS: dict[str, str | Callable[[str], list[ActorMention]]] = {
    "ru": "khronika.extract.rules.ru_actors:find_actors_ru_document",
}

# Statements about what the law allows, what might happen or what usually happens: no occurrence.
_GENERAL = re.compile(
    r"\b(?:usually|traditionally|as a rule|typically|sometimes|often|every time|on (?:all )?such occasions|"
    r"обычно|традиционно|как правило|иногда|часто|каждый раз|әдетте|кейде|жиі)\b|"
    r"\bwhen(?:ever)? (?:\w+ )?(?:are|is|get|gets) (?:\w+ )?(?:attacked|arrested|detained|jailed|beaten|fined)|"
    r"\b(?:you (?:can|could|may|will)|(?:can|could|(?-i:may)|might) be (?:\w+ ){0,3}(?:taken to court|jailed|arrested|"
    r"fined|imprisoned|sentenced|detained|punished)|anyone who|whoever|punishable by|faces? up to|"
    r"carries? (?:a penalty|up to)|"
    r"грозит до|может грозить|может быть|могут быть|грозит наказание|предусматривает|"
    r"дейін бас бостандығынан айыру қарастырылған)\b|"
    # "by law ... may / is provided / must": what the law allows, in Kazakh
    r"\bзаң(?:ға сәйкес| бойынша)\b[^.!?]*\b(?:мүмкін|қарастырылған|тиіс)\b",
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
    ctx = Context(text=text, lang=lang, published=published)
    ctx.dates = _find_dates(text, published=published, lang=lang)
    ctx.durations = _find_durations(text, lang=lang)
    ctx.places = [p for p in _find_places(text, lang=lang) if not is_dateline(text, p)]
    ctx.main_place = main_place(ctx.places, title_places=_find_places(title, lang=lang) if title else [])
    find_actors = _load(ACTOR_FINDERS, lang)
    find_document_actors = _load(DOCUMENT_ACTOR_FINDERS, lang)
    document_actors: list[ActorMention] | None = None
    found: list[Found] = []
    for sent in split_sentences(text, lang=lang):
        if _GENERAL.search(sent.text):
            continue
        every = [_in_custody(t, sent) for t in find_triggers(text, sent.start, sent.end)]
        slogans = _short_quotes(text, sent)
        real = [t for t in every if not (t.negated or t.hypothetical or _inside(t, slogans))]
        triggers = _drop_subsumed(real)
        if not triggers:
            continue
        if find_document_actors is not None:
            if document_actors is None:  # only documents that state an event pay for the model
                document_actors = find_document_actors(text)
            mentions = [m for m in document_actors if sent.start <= m.start and m.end <= sent.end]
        else:
            mentions = find_actors(text, sent.start, sent.end) if find_actors else []
        counts = [
            s
            for s in sizes.find_sizes(text, sent.start, sent.end)
            if not any(d.start < s.end and s.start < d.end for d in ctx.dates)  # "14 December" is no crowd
        ]
        # Every event word and saying verb of the sentence competes for its dates and places.
        claimants = every + reporting_verbs(sent, text)
        for trig in triggers:
            found.extend(_events(ctx, sent, trig, mentions=mentions, others=claimants, counts=counts))
    return merge_mentions(found)


# Short quoted phrases are names and slogans ("Strikes are not a crime", «Свободу Ерлану»): the
# words in them state no event. Longer quotes are testimony and are read like the rest.
_QUOTED = re.compile(r"«([^»]{1,80})»|“([^”]{1,80})”|\"([^\"]{1,80})\"")
_SLOGAN_WORDS = 6


def _short_quotes(text: str, sent: Sentence) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text, sent.start, sent.end) if len(m.group().split()) <= _SLOGAN_WORDS]


def _inside(trig: Trigger, spans: list[tuple[int, int]]) -> bool:
    return any(a <= trig.start and trig.end <= b for a, b in spans)


# Beatings by guards, in a cell or a police station are torture (spec: "mostly in custody or prison").
_CUSTODY = re.compile(
    r"\b(?:guards?|in custody|in detention|in (?:a |the )?(?:prison|cell|penal colony|police station)|"
    r"punishment cell|interrogat\w+|pre-trial|надзирател\w+|конвой\w*|в (?:ИВС|СИЗО|изоляторе|колонии|камере)|"
    r"в отделе(?:нии)? полиции|на допросе|изолятор\w*|камера\w*|колония\w*|күзетші\w*|полиция бөлім\w*|тергеу)",
    re.IGNORECASE,
)


def _in_custody(trig: Trigger, sent: Sentence) -> Trigger:
    if trig.type == "assault" and _CUSTODY.search(sent.text):
        return replace(trig, type="torture")
    return trig


# A beating in the same sentence as torture is the torture itself, not a second event.
# A hunger strike is the protest itself; a demonstration banned in the same breath did not take place.
# "Activists accused of organising protests have been sentenced": the charge is the verdict's
# background, carried in its details, not a new event.
_SUBSUMED = {"assault": ("torture",), "protest": ("hunger_strike", "ban"), "charge": ("sentence",)}


def _drop_subsumed(triggers: list[Trigger]) -> list[Trigger]:
    types = {t.type for t in triggers}
    return [t for t in triggers if not types.intersection(_SUBSUMED.get(t.type, ()))]


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


def _find_durations(text: str, *, lang: str) -> list[Any]:
    try:
        from khronika.extract.dates import find_durations
    except ImportError:
        return []
    return list(find_durations(text, lang=lang))


def _find_places(text: str, *, lang: str) -> list[Any]:
    try:
        from khronika.extract.places import find_places
    except ImportError:
        return []
    return list(find_places(text, lang=lang))


def _events(
    ctx: Context,
    sent: Sentence,
    trig: Trigger,
    *,
    mentions: list[ActorMention],
    others: list[Trigger],
    counts: list[sizes.SizeMention],
) -> list[Found]:
    """One event for the trigger, or one per day when it owns a list of days ("held on 7, 8 and 20 December")."""
    days = listed_days(ctx, sent, trig, others=others)
    if len(days) > 1:
        return [
            _event(ctx, sent, trig, mentions=mentions, counts=counts, when=(iso(d.value), None, STATED), others=others)
            for d in days
        ]
    when = date_for(ctx, sent, trig, others=others)
    return [_event(ctx, sent, trig, mentions=mentions, counts=counts, when=when, others=others)]


def _event(
    ctx: Context,
    sent: Sentence,
    trig: Trigger,
    *,
    mentions: list[ActorMention],
    counts: list[sizes.SizeMention],
    when: tuple[str | None, str | None, int],
    others: list[Trigger],
) -> Found:
    date_value, date_end, strength = when
    size = min(counts, key=lambda s: abs(s.start - trig.start)).value if counts else None
    place, weak_place = place_for(ctx, sent, trig, others=others)
    event = Event(
        type=trig.type,
        date=date_value,
        date_end=date_end,
        place=place,
        size=size,
        actors=assign_roles(mentions, event_type=trig.type, text=ctx.text),
        details=_details(trig.type, sent.text, year=int(date_value[:4]) if date_value else _year(ctx.published)),
        evidence=[Evidence(start=sent.start, end=sent.end, text=sent.text)],
        confidence=trig.confidence,
        extractor=extractor_name(ctx.lang),
    )
    return Found(event, strength, weak_place)


def _year(published: date | None) -> int | None:
    return published.year if published else None


_CHARGE_PHRASE = re.compile(
    r"(?:charged with|accused of|charges? of|convicted of|guilty of|on suspicion of|probe on|for)\s+[“\"«]?"
    r"(?P<c>(?:inciting|organi[sz]ing|spreading|calling|participating|extortion|embezzl|fraud|misuse|propagat|"
    r"disrupting|insulting|hooliganism|abuse|financing|separatism|treason|unlawful|illegal)[^,.;:”\"»()]{0,80}?)"
    # the charge ends where the clause goes on: "inciting discord | were sentenced to five years"
    r"(?=\s+(?:were|was|have|has|had|is|are|and|in|on|at|by|after|before|under|to|with)\b|[,.;:”\"»()]|$)",
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
