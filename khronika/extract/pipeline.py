"""Document -> events: sentences, triggers, then date, place, size, actors and details for each."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise
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
    r"дейін бас бостандығынан айыру қарастырылған)\b",
    re.IGNORECASE,
)
_LEAD_CHARS = 300
_CONTEXT_CHARS = 1000  # about two paragraphs: the narrative's time carries on until a new date
# Words telling that the undated event happened close to the publication date.
_RECENT = re.compile(
    r"\b(?:today|yesterday|this (?:week|month|morning)|last (?:week|night)|recently|currently|ongoing|still|"
    r"now|is|are|has been|have been|сегодня|вчера|накануне|на этой неделе|недавно|в настоящее время|"
    r"продолжа\w+|уже|сейчас|на днях|бүгін|кеше|қазір|UPD|update|обновлено)\b",
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
    ctx.places = [p for p in _find_places(text, lang=lang) if not _is_dateline(text, p)]
    ctx.main_place = _main_place(ctx.places, title=title, lang=lang)
    find_actors = _load(ACTOR_FINDERS, lang)
    find_document_actors = _load(DOCUMENT_ACTOR_FINDERS, lang)
    document_actors: list[ActorMention] | None = None
    found: list[_Found] = []
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
        claimants = every + _reporting(sent, text)
        for trig in triggers:
            found.extend(_events(ctx, sent, trig, mentions=mentions, others=claimants, counts=counts))
    return _merge(found)


_STATED, _IN_SENTENCE, _IN_PARAGRAPH, _PUBLISHED = 3, 2, 1, 0


@dataclass
class _Found:
    """An event from one mention, and whether its date and place were only inferred from the document."""

    event: Event
    date_strength: int  # 3 stated for it, 2 stated in its sentence, 1 earlier in its paragraph, 0 publication
    weak_place: bool

    @property
    def weak_date(self) -> bool:
        """True when the date was not stated for this event itself."""
        return self.date_strength < _STATED


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
_SUBSUMED = {"assault": ("torture",), "protest": ("hunger_strike", "ban")}


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


def _find_places(text: str, *, lang: str) -> list[Any]:
    try:
        from khronika.extract.places import find_places
    except ImportError:
        return []
    return list(find_places(text, lang=lang))


_DATELINE_TAIL = re.compile(r"[^\n]{0,30}?\s(?:—|--|–|-)\s")


def _is_dateline(text: str, mention: Any) -> bool:
    """ "ALMATY, Kazakhstan — ...": where the report was filed, not where its events happened."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    return not text[line_start : mention.start].strip() and bool(_DATELINE_TAIL.match(text, mention.end))


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


def _events(
    ctx: _Context,
    sent: Sentence,
    trig: Trigger,
    *,
    mentions: list[ActorMention],
    others: list[Trigger],
    counts: list[sizes.SizeMention],
) -> list[_Found]:
    """One event for the trigger, or one per day when it owns a list of days ("held on 7, 8 and 20 December")."""
    days = _listed_days(ctx, sent, trig, others=others)
    if len(days) > 1:
        return [
            _event(
                ctx, sent, trig, mentions=mentions, counts=counts, when=(_iso(d.value), None, _STATED), others=others
            )
            for d in days
        ]
    when = _date_for(ctx, sent, trig, others=others)
    return [_event(ctx, sent, trig, mentions=mentions, counts=counts, when=when, others=others)]


_LIST_GLUE = re.compile(r"^\s*(?:,|and|и|және|,\s*and|,\s*и)?\s*$", re.IGNORECASE)


def _listed_days(ctx: _Context, sent: Sentence, trig: Trigger, *, others: list[Trigger]) -> list[Any]:
    claimants = others
    own = [d for d in ctx.dates if sent.start <= d.start < sent.end and _owner(d, claimants, trig, ctx.text) is trig]
    days = [d for d in own if len(_iso(d.value) or "") == 10 and not d.value_end]
    if len(days) < 2 or len(days) != len(own):
        return []
    joined = all(_LIST_GLUE.match(ctx.text[a.end : b.start]) for a, b in pairwise(days))
    return days if joined else []


def _event(
    ctx: _Context,
    sent: Sentence,
    trig: Trigger,
    *,
    mentions: list[ActorMention],
    counts: list[sizes.SizeMention],
    when: tuple[str | None, str | None, int],
    others: list[Trigger],
) -> _Found:
    date_value, date_end, strength = when
    size = min(counts, key=lambda s: abs(s.start - trig.start)).value if counts else None
    place, weak_place = _place_for(ctx, sent, trig, others=others)
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
    return _Found(event, strength, weak_place)


def _year(published: date | None) -> int | None:
    return published.year if published else None


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _date_for(
    ctx: _Context, sent: Sentence, trig: Trigger, *, others: list[Trigger]
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
        return _iso(best.value), _iso(best.value_end) or _end_from_duration(best), _STATED
    heading = _heading_date(ctx, sent)
    if heading is not None:
        return _iso(heading.value), _iso(heading.value_end), _STATED
    if inside:
        best = min(inside, key=lambda d: _distance(d, trig))
        return _iso(best.value), _iso(best.value_end), _IN_SENTENCE
    # Undated sentences continue the story of the last date before them, in the paragraph or just above it.
    paragraph_start = ctx.text.rfind("\n\n", 0, sent.start)
    window_start = min(paragraph_start, max(0, sent.start - _CONTEXT_CHARS))
    before = [d for d in ctx.dates if window_start <= d.start < sent.start]
    if before:
        return _iso(before[-1].value), None, _IN_PARAGRAPH
    if ctx.published is None:
        return None, None, _PUBLISHED
    if sent.start < _LEAD_CHARS:
        # A report's lead tells the news of its day: "Police detained six activists in Almaty".
        return ctx.published.isoformat(), None, _PUBLISHED
    if _RECENT.search(sent.text):
        return ctx.published.strftime("%Y-%m"), None, _PUBLISHED
    return str(ctx.published.year), None, _PUBLISHED


# Saying and reporting verbs: a date next to them dates the report ("today condemned"), not the event.
_REPORTING = re.compile(
    r"\b(?:said|says|told|reported|reports|stated|condemned|wrote|published|announced|declared|"
    r"сообщил\w*|заявил\w*|рассказал\w*|сообщает|пишет|отметил\w*|деді|хабарлады|мәлімдеді)\b",
    re.IGNORECASE,
)


def _reporting(sent: Sentence, text: str) -> list[Trigger]:
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


def _heading_date(ctx: _Context, sent: Sentence) -> Any:
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


def _gap(a: Trigger | None, b: Trigger) -> int:
    if a is None:
        return 0
    return max(a.start - b.end, b.start - a.end, 0)


def _end_from_duration(d: Any) -> str | None:
    """Last day of an event whose length is stated next to its start ("a 19-day strike from 3 May")."""
    days = getattr(d, "duration_days", None)
    if not days or len(str(d.value)) != 10:
        return None
    start = date.fromisoformat(str(d.value))
    return (start + timedelta(days=days - 1)).isoformat()


def _place_for(ctx: _Context, sent: Sentence, trig: Trigger, *, others: list[Trigger]) -> tuple[Place | None, bool]:
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


def _compatible(a: _Found, b: _Found) -> bool:
    """Two mentions of one occurrence: same type and nothing that tells them apart."""
    x, y = a.event, b.event
    if x.type != y.type:
        return False
    strong_dates = not (a.weak_date or b.weak_date) and bool(x.date and y.date)
    if strong_dates and not (str(x.date).startswith(str(y.date)) or str(y.date).startswith(str(x.date))):
        return False
    if not (a.weak_place or b.weak_place) and x.place and y.place and not _same_area(x.place, y.place):
        return False
    people_a = {p.name for p in x.actors if p.role == "target" and p.kind == "person"}
    people_b = {p.name for p in y.actors if p.role == "target" and p.kind == "person"}
    return not (people_a and people_b and not _names_overlap(people_a, people_b))


def _same_area(a: Place, b: Place) -> bool:
    """The same place, or a settlement and the region it lies in."""
    return a.name == b.name or a.admin1 == b.name or b.admin1 == a.name


def _names_overlap(a: set[str], b: set[str]) -> bool:
    words_a = {w.lower() for name in a for w in name.split()}
    return any(w.lower() in words_a for name in b for w in name.split())


def _merge(found: list[_Found]) -> list[Event]:
    """Fold repeated mentions of the same occurrence into one event with several evidence spans."""
    merged: list[_Found] = []
    for item in found:
        home = next((m for m in merged if _compatible(m, item)), None)
        if home is None:
            merged.append(item)
        else:
            _absorb(home, item)
    return [m.event for m in merged]


def _absorb(home: _Found, item: _Found) -> None:
    """Add a further mention to an event: stated facts win over inferred ones, precise dates over vague."""
    h, e = home.event, item.event
    if e.date and (not h.date or (item.date_strength, len(e.date)) > (home.date_strength, len(h.date))):
        h.date, h.date_end, home.date_strength = e.date, e.date_end or h.date_end, item.date_strength
    if e.place and ((home.weak_place and not item.weak_place) or not h.place):
        h.place, home.weak_place = e.place, item.weak_place
    h.size = max(filter(None, (h.size, e.size)), default=None)
    names = {(a.name, a.role) for a in h.actors}
    h.actors += [a for a in e.actors if (a.name, a.role) not in names]
    h.details = e.details | h.details
    if all(ev.start != e.evidence[0].start for ev in h.evidence):
        h.evidence += e.evidence
        h.confidence = min(0.95, max(h.confidence, e.confidence) + 0.05)
