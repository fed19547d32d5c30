"""Fold repeated mentions of one occurrence into one event with several evidence spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from khronika.extract.anchors import STATED
from khronika.records import Event, Place


@dataclass
class Found:
    """An event from one mention, and whether its date and place were only inferred from the document."""

    event: Event
    date_strength: int  # 3 stated for it, 2 stated in its sentence, 1 earlier in its paragraph, 0 publication
    weak_place: bool

    @property
    def weak_date(self) -> bool:
        """True when the date was not stated for this event itself."""
        return self.date_strength < STATED


def _compatible(a: Found, b: Found) -> bool:
    """Two mentions of one occurrence: same type and nothing that tells them apart."""
    x, y = a.event, b.event
    if x.type != y.type:
        return False
    strong_dates = not (a.weak_date or b.weak_date) and bool(x.date and y.date)
    if strong_dates and not (str(x.date).startswith(str(y.date)) or str(y.date).startswith(str(x.date))):
        return False
    if not (a.weak_place or b.weak_place) and x.place and y.place and not _same_area(x.place, y.place):
        return False
    if _ALSO.search(y.evidence[0].text):
        return True  # "Anton Lymar was also detained": one more person in the same occurrence
    people_a = {p.name for p in x.actors if p.role == "target" and p.kind == "person"}
    people_b = {p.name for p in y.actors if p.role == "target" and p.kind == "person"}
    return not (people_a and people_b and not _names_overlap(people_a, people_b))


_ALSO = re.compile(r"\b(?:also|too|as well|along with|тоже|также|вместе с|сондай-ақ|да|де)\b", re.IGNORECASE)


def _same_area(a: Place, b: Place) -> bool:
    """The same place, or a settlement and the region it lies in."""
    return a.name == b.name or a.admin1 == b.name or b.admin1 == a.name


def _names_overlap(a: set[str], b: set[str]) -> bool:
    words_a = {w.lower() for name in a for w in name.split()}
    return any(w.lower() in words_a for name in b for w in name.split())


def merge_mentions(found: list[Found]) -> list[Event]:
    """Fold repeated mentions of the same occurrence into one event with several evidence spans."""
    merged: list[Found] = []
    for item in found:
        home = next((m for m in merged if _compatible(m, item)), None)
        if home is None:
            merged.append(item)
        else:
            _absorb(home, item)
    return [m.event for m in merged]


def _absorb(home: Found, item: Found) -> None:
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
