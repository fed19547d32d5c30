"""The one place that decides what a viewer sees of a document, an event or a person.

A record above the viewer's levels is not shown at all (None). A person the viewer may not see
(protected, or of a level above theirs) is replaced everywhere by a label: their pseudonym
("Witness A-17") or "[withheld]". Names are found in free text whatever the script or case:
every word is folded to a Latin skeleton (Иванов, IVANOV and Ivanov read the same), and a name
word may carry a short inflected ending (Иванова, Иванову).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from anyascii import anyascii

from khronika.protect.roles import Viewer

if TYPE_CHECKING:
    from khronika.store import Store
from khronika.records import Actor, Document, Event
from khronika.store.search import fold_text

WITHHELD = "[withheld]"
_WORD_RE = re.compile(r"[^\W_]+")
# Transliteration differences that one person's name shows across reports (Ерлан/Yerlan,
# Сергеев/Sergeyev, Хасен/Khasen/Hasen, Жанар/Zhanar/Janar in the Kazakh Latin alphabet): folded
# the same way on both sides of a comparison.
_SKELETON_STEPS = (("kh", "h"), ("zh", "j"), ("y", "i"), ("j", "i"), ("ie", "e"), ("ii", "i"), ("ts", "c"))
_DOUBLE_RE = re.compile(r"(.)\1+")
_MAX_ENDING = 3  # Russian and Kazakh case endings on a name: -а, -у, -ым, -ой, -ого, -ому
# Surname-like words stand for the whole person when met alone ("Иванов заявил"). Any other word
# of the name is hidden too when it stands alone, but not right before another capitalised word:
# "Айгерим пришла" may be the witness, "Айгерим Нурланова" is someone else.
_SURNAME_RE = re.compile(r"(ov|ev|in|ova|eva|ina|ski|skaia|enko|uk|ian|dze|shvili|uli|ulu|kizi|baev)$")
_MAX_NAME_WORDS = 4


class NamedPerson(Protocol):
    """What redaction needs to know of a person: an Actor or a khronika.store.people.PersonName."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def variants(self) -> Sequence[str]: ...
    @property
    def level(self) -> str: ...
    @property
    def protected(self) -> bool: ...
    @property
    def pseudonym(self) -> str | None: ...


def visible_levels(viewer: Viewer) -> frozenset[str]:
    """Return the levels (public, internal, confidential) this viewer may read."""
    return viewer.levels


def can_see_level(viewer: Viewer, level: str) -> bool:
    """Return True when the viewer may read a record of this level; an unknown level is refused."""
    return level in viewer.levels


def hides(person: NamedPerson, viewer: Viewer) -> bool:
    """Return True when this person's name must not be shown to this viewer."""
    if person.protected and not viewer.can_see_protected:
        return True
    return not can_see_level(viewer, person.level)


def label_of(person: NamedPerson) -> str:
    """Return what is shown instead of a hidden person's name."""
    return person.pseudonym if person.protected and person.pseudonym else WITHHELD


def display_name(actor: NamedPerson, viewer: Viewer) -> str:
    """Return the actor's name, or their pseudonym (or [withheld]) for a viewer not cleared."""
    return label_of(actor) if hides(actor, viewer) else actor.name


def name_key(word: str) -> str:
    """Return the script-free skeleton of one word: Нұрлан, NURLAN and Nurlan give 'nurlan'."""
    key = "".join(ch for ch in anyascii(fold_text(word)).lower() if ch.isalnum())
    for old, new in _SKELETON_STEPS:
        key = key.replace(old, new)
    return _DOUBLE_RE.sub(r"\1", key)


def _stem(key: str) -> str:
    # Иванова -> Ивановой: a final vowel of the name is itself a case ending.
    return key[:-1] if len(key) >= 5 and key[-1] in "aeiou" else key


def _word_matches(text_key: str, stem: str) -> bool:
    if len(stem) < 4:
        return text_key == stem
    return text_key.startswith(stem) and len(text_key) - len(stem) <= _MAX_ENDING


def _name_forms(person: NamedPerson) -> tuple[set[tuple[str, ...]], set[str]]:
    """Return the person's word sequences, and the lone words that count only when no name follows."""
    forms: set[tuple[str, ...]] = set()
    lone: set[str] = set()
    for spelling in (person.name, *person.variants):
        keys = tuple(k for k in (name_key(w) for w in _WORD_RE.findall(spelling)) if k)
        if not keys:
            continue
        forms.add(tuple(_stem(k) for k in keys))
        if person.kind != "person" or len(keys) > _MAX_NAME_WORDS:
            continue
        # Word order changes between languages (Иванов Иван / Ivan Ivanov) and a patronymic comes
        # and goes: any two or more of the name's words, in any order, are the person.
        for size in range(2, len(keys) + 1):
            forms.update(tuple(_stem(k) for k in p) for p in itertools.permutations(keys, size))
        surnames = {k for k in keys if len(k) >= 5 and _SURNAME_RE.search(k)}
        forms.update((_stem(k),) for k in surnames)
        lone.update(_stem(k) for k in keys if len(k) >= 4 and k not in surnames and len(keys) > 1)
    return forms, lone - {form[0] for form in forms if len(form) == 1}


@dataclass(frozen=True)
class _Form:
    stems: tuple[str, ...]
    label: str
    lone: bool = False  # a given name: counts only when no other capitalised word follows


class TextRedactor:
    """Replaces in free text every spelling of the names a viewer may not see."""

    def __init__(self, viewer: Viewer, people: Iterable[NamedPerson]) -> None:
        self.viewer = viewer
        self.people: list[NamedPerson] = []  # those hidden from this viewer
        self._by_prefix: dict[str, list[_Form]] = {}
        for person in people:
            if not hides(person, viewer):
                continue
            self.people.append(person)
            forms, lone = _name_forms(person)
            for stems in forms:
                self._by_prefix.setdefault(stems[0][:4], []).append(_Form(stems, label_of(person)))
            for stem in lone:
                self._by_prefix.setdefault(stem[:4], []).append(_Form((stem,), label_of(person), lone=True))

    def __call__(self, text: str) -> str:
        """Return `text` with every hidden name replaced by its label."""
        if not self._by_prefix or not text:
            return text
        words = [(m.start(), m.end(), name_key(m.group())) for m in _WORD_RE.finditer(text)]
        pieces: list[str] = []
        done = i = 0
        while i < len(words):
            best = self._longest_match(text, words, i)
            if best is None:
                i += 1
                continue
            size, label = best
            pieces += [text[done : words[i][0]], label]
            done = words[i + size - 1][1]
            i += size
        return "".join(pieces) + text[done:]

    def finds(self, text: str) -> bool:
        """Return True when `text` mentions a hidden name."""
        return self(text) != text

    def _longest_match(self, text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        for form in self._by_prefix.get(words[i][2][:4], ()):
            size = len(form.stems)
            if i + size > len(words) or (best is not None and size <= best[0]):
                continue
            if form.lone and _name_follows(text, words, i):
                continue
            if all(_word_matches(words[i + j][2], stem) for j, stem in enumerate(form.stems)):
                best = (size, form.label)
        return best


def _name_follows(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    if i + 1 >= len(words):
        return False
    gap = text[words[i][1] : words[i + 1][0]]
    following = text[words[i + 1][0] : words[i + 1][1]]
    return (gap.isspace() or gap == "-") and len(following) >= 2 and following[0].isupper()


def redact_text(text: str, viewer: Viewer, protected: Iterable[NamedPerson]) -> str:
    """Return `text` with every spelling of each person hidden from this viewer replaced by their label."""
    return TextRedactor(viewer, protected)(text)


def redact_actor(actor: Actor, viewer: Viewer) -> Actor:
    """Return the actor as this viewer may see it: a hidden one carries only their label."""
    if not hides(actor, viewer):
        return actor
    return replace(actor, name=label_of(actor), variants=[])


def redact_event(
    event: Event,
    viewer: Viewer,
    *,
    people: Iterable[NamedPerson] | TextRedactor = (),
    document_levels: Mapping[int, str] | None = None,
) -> Event | None:
    """Return the event as this viewer may see it, or None when its level is above theirs.

    `people`: every person who may be hidden (khronika.store.people), since evidence can name
    someone who is not one of the event's actors; for many events, pass `redaction_for(store,
    viewer)` built once. `document_levels`: document id -> level; with it, evidence quoted from a
    document the viewer may not read is left out.
    """
    if not can_see_level(viewer, event.level):
        return None
    redactor = _redactor(viewer, people, extra=event.actors)
    evidence = [
        replace(e, text=redactor(e.text))
        for e in event.evidence
        if document_levels is None
        or e.document_id is None
        or can_see_level(viewer, document_levels.get(e.document_id, "confidential"))
    ]
    details = event.details
    if document_levels is not None:
        details = _without_unreadable_reports(details, viewer, document_levels)
    return replace(
        event,
        actors=[_shown_actor(a, viewer, redactor) for a in event.actors],
        details=_redact_value(details, redactor),
        evidence=evidence,
    )


def _without_unreadable_reports(details: dict[str, Any], viewer: Viewer, levels: Mapping[int, str]) -> dict[str, Any]:
    """Drop values a merged event keeps from documents the viewer may not read (details["reported"])."""
    reported = details.get("reported")
    if not isinstance(reported, dict):
        return details

    def readable(entry: Any) -> bool:
        doc_id = entry.get("document_id") if isinstance(entry, dict) else None
        return doc_id is None or can_see_level(viewer, levels.get(doc_id, "confidential"))

    kept = {
        name: [e for e in entries if readable(e)] for name, entries in reported.items() if isinstance(entries, list)
    }
    kept = {name: entries for name, entries in kept.items() if entries}
    rest = {k: v for k, v in details.items() if k != "reported"}
    return {**rest, "reported": kept} if kept else rest


def _shown_actor(actor: Actor, viewer: Viewer, redactor: TextRedactor) -> Actor:
    if hides(actor, viewer):
        return redact_actor(actor, viewer)
    # The extractor may have stored a hidden person a second time under another spelling
    # ("Сарсенбаев" beside "Yerlan Sarsenbayev"): that actor's name is hidden like any text.
    name = redactor(actor.name)
    if name != actor.name:
        return replace(actor, name=name, variants=[])
    return replace(actor, variants=[v for v in actor.variants if redactor(v) == v])


def redact_document(
    doc: Document, viewer: Viewer, *, people: Iterable[NamedPerson] | TextRedactor = ()
) -> Document | None:
    """Return the document as this viewer may see it, or None when its level is above theirs.

    The original bytes are kept only when they cannot hold a hidden name: nobody is hidden from
    this viewer, or they are text in which no hidden name is found.
    """
    if not can_see_level(viewer, doc.level):
        return None
    redactor = _redactor(viewer, people, extra=())
    original = doc.original
    if original is not None and redactor.people and not _clean_text_bytes(original, doc.media_type, redactor):
        original = None
    return replace(
        doc,
        text=redactor(doc.text),
        title=None if doc.title is None else redactor(doc.title),
        uri=redactor(doc.uri),
        meta=_redact_value(doc.meta, redactor),
        original=original,
    )


def redacting(viewer: Viewer, people: Iterable[NamedPerson]) -> TextRedactor:
    """Return a redactor of many texts for one viewer (builds the name table once); callable on a text."""
    return TextRedactor(viewer, people)


def redaction_for(store: Store, viewer: Viewer) -> TextRedactor:
    """Return the redactor for every name in the store hidden from this viewer; pass it as `people=`."""
    return TextRedactor(viewer, store.people.hidden_from(viewer.levels, can_see_protected=viewer.can_see_protected))


def _redactor(
    viewer: Viewer, people: Iterable[NamedPerson] | TextRedactor, *, extra: Sequence[NamedPerson]
) -> TextRedactor:
    if isinstance(people, TextRedactor) and people.viewer == viewer:
        # Reuse the table unless the record brings a hidden person it does not know.
        known = {(p.name, p.kind) for p in people.people}
        missing = [p for p in extra if hides(p, viewer) and (p.name, p.kind) not in known]
        return TextRedactor(viewer, [*people.people, *missing]) if missing else people
    listed = people.people if isinstance(people, TextRedactor) else people
    return TextRedactor(viewer, [*extra, *listed])


def _clean_text_bytes(original: bytes, media_type: str | None, redactor: TextRedactor) -> bool:
    # A PDF or Word file can hide a name in compressed streams or its metadata: never shown.
    if not (media_type or "").startswith("text/"):
        return False
    return not redactor.finds(original.decode("utf-8", errors="replace"))


def _redact_value(value: Any, redactor: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redactor(value)
    if isinstance(value, dict):
        return {key: _redact_value(item, redactor) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(item, redactor) for item in value]
    return value
