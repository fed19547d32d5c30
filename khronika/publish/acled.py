"""An ACLED-style CSV: ACLED's column names, our 20 event types mapped to its event and sub-event types.

ACLED codes political violence and demonstrations; many of our types (trial, sentence, fine,
dismissal, threat...) have no ACLED type of their own and become "Strategic developments / Other",
with our type kept in `tags` and `notes` so nothing is lost. Columns we cannot fill honestly
(admin2, admin3, source_scale, timestamp) stay empty. The mapping is documented in docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pycountry

from khronika.publish.formats import csv_table_chunks
from khronika.records import EVENT_TYPES, Actor, Event

# ACLED's data columns, in its order (acledR codebook; see shared/research/event-extraction.md 1.1).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

DEMONSTRATIONS = "Demonstrations"
VIOLENCE = "Political violence"
STRATEGIC = "Strategic developments"
STATE_FORCES, PROTESTERS, CIVILIANS = 1, 6, 7  # ACLED "inter" codes


@dataclass(frozen=True)
class AcledType:
    """Where one of our types goes in ACLED, and the usual inter codes of its two sides."""

    disorder_type: str
    event_type: str
    sub_event_type: str
    inter1: int | None  # who acts: organisers, participants, perpetrators, authorities
    inter2: int | None  # who it is done to: the targets


def _strategic(inter1: int | None = STATE_FORCES, inter2: int | None = CIVILIANS) -> AcledType:
    return AcledType(STRATEGIC, STRATEGIC, "Other", inter1, inter2)


def _protest() -> AcledType:
    return AcledType(DEMONSTRATIONS, "Protests", "Peaceful protest", PROTESTERS, None)


def _attack(inter1: int | None) -> AcledType:
    return AcledType(VIOLENCE, "Violence against civilians", "Attack", inter1, CIVILIANS)


ACLED_TYPES: dict[str, AcledType] = {
    "protest": _protest(),
    "strike": _protest(),  # ACLED codes strikes as protests, labour groups as associated actors
    "hunger_strike": _protest(),
    "meeting": _strategic(PROTESTERS, None),
    "ban": _strategic(),
    "dispersal": AcledType(DEMONSTRATIONS, "Protests", "Protest with intervention", STATE_FORCES, PROTESTERS),
    "detention": AcledType(STRATEGIC, STRATEGIC, "Arrests", STATE_FORCES, CIVILIANS),
    "charge": _strategic(),
    "trial": _strategic(),
    "sentence": _strategic(),
    "fine": _strategic(),
    "release": _strategic(),
    "assault": _attack(None),  # attackers are often unknown: no inter code is claimed for them
    "killing": _attack(None),
    "torture": _attack(STATE_FORCES),  # torture in our records happens in custody
    "threat": _strategic(None),
    "dismissal": _strategic(None),  # an employer: none of ACLED's actor types
    "eviction": _strategic(),
    "raid": _strategic(),
    "censorship": _strategic(),
}
# A dispersal that killed someone is, in ACLED's words, excessive force against protesters.
EXCESSIVE_FORCE = AcledType(
    f"{VIOLENCE}; {DEMONSTRATIONS}", "Protests", "Excessive force against protesters", STATE_FORCES, PROTESTERS
)
ACTING_ROLES = ("organiser", "participant", "perpetrator", "authority")
# ACLED's world regions for the countries our sources report on; others are left empty.
ACLED_REGIONS: dict[str, str] = dict.fromkeys(
    ("KZ", "KG", "TJ", "TM", "UZ", "AM", "AZ", "GE"), "Caucasus and Central Asia"
)
ACLED_REGIONS |= dict.fromkeys(("RU", "UA", "BY"), "Europe")
_REGION_WORDS = ("region", "oblast", "oblysy", "province")
_PROTEST_ACTOR = "Protesters ({country})"  # ACLED's name for an unnamed crowd

if set(ACLED_TYPES) != set(EVENT_TYPES):  # pragma: no cover - a new type must be mapped before it ships
    raise RuntimeError(f"acled.py: map every event type; missing {sorted(set(EVENT_TYPES) - set(ACLED_TYPES))}")

SourceUris = Callable[[Event], list[str]]


def acled_type(event: Event) -> AcledType:
    """Return the ACLED disorder, event and sub-event type (and inter codes) of one of our events."""
    fatalities = _fatalities(event)
    if event.type == "dispersal" and fatalities:
        return EXCESSIVE_FORCE
    return ACLED_TYPES[event.type]


def acled_row(event: Event, *, sources: list[str]) -> dict[str, str]:
    """Return one event as a row of ACLED's columns (text cells, empty where we know nothing)."""
    mapped = acled_type(event)
    country = _country(event.place.country) if event.place else None
    actor1, assoc1 = _side(event, ACTING_ROLES)
    actor2, assoc2 = _side(event, ("target",))
    if not actor1 and mapped.event_type == "Protests" and mapped.inter1 == PROTESTERS and country:
        actor1 = _PROTEST_ACTOR.format(country=country.name)
    inter1 = mapped.inter1 if actor1 else None
    inter2 = mapped.inter2 if actor2 else None
    values: dict[str, object | None] = {
        "event_id_cnty": f"khronika-{event.id}",
        "disorder_type": mapped.disorder_type,
        "event_type": mapped.event_type,
        "sub_event_type": mapped.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if mapped.event_type == "Violence against civilians" else None,
        "source": "; ".join(sources),
        "notes": _notes(event),
        "fatalities": _fatalities(event),
        "tags": _tags(event, mapped),
    }
    values |= _when(event.date) | _where(event, country)
    return {column: "" if values.get(column) is None else str(values[column]) for column in ACLED_COLUMNS}


def acled_chunks(events: Iterable[Event], *, sources: SourceUris) -> Iterator[str]:
    """Yield the ACLED-style CSV in pieces, header first (no byte-order mark: R and pandas read it as is)."""
    return csv_table_chunks((acled_row(e, sources=sources(e)) for e in events), columns=ACLED_COLUMNS)


def _when(date: str | None) -> dict[str, object | None]:
    # ACLED dates are days; a month or a year starts on its first day, with a coarser precision.
    if not date:
        return {}
    padded = date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date
    return {"event_date": padded, "year": int(date[:4]), "time_precision": 1 if len(date) == 10 else 3}


def _where(event: Event, country: Country | None) -> dict[str, object | None]:
    place = event.place
    if place is None:
        return {}
    # A region stands in for the place when no settlement is known (its name is its admin1); a city
    # that is its own admin1 (Almaty, Astana, Shymkent) has coordinates and a name without "Region".
    region_only = place.name == place.admin1 and (place.lat is None or place.name.lower().endswith(_REGION_WORDS))
    return {
        "iso": country.numeric if country else None,
        "region": ACLED_REGIONS.get(place.country),
        "country": country.name if country else place.country,
        "admin1": place.admin1,
        "location": place.name,
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": 3 if region_only else 1,
    }


@dataclass(frozen=True)
class Country:
    """A country as ACLED names it: English short name and ISO 3166-1 numeric code."""

    name: str
    numeric: int


def _country(code: str) -> Country | None:
    found = pycountry.countries.get(alpha_2=code)
    return None if found is None else Country(name=str(found.name), numeric=int(found.numeric))


def _side(event: Event, roles: tuple[str, ...]) -> tuple[str | None, str | None]:
    named: list[Actor] = [a for a in event.actors if a.role in roles]
    if not named:
        return None, None
    # ACLED lists associated actors separated by "; ".
    return named[0].name, "; ".join(a.name for a in named[1:]) or None


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    # ACLED's interaction: the two inter codes, lower first; one side alone is that code and 0.
    if inter1 is None:
        return None if inter2 is None else inter2 * 10
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _fatalities(event: Event) -> int:
    value = event.details.get("fatalities")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if event.type == "killing":  # a killing's size is the number of people killed
        return 1 if event.size is None else event.size
    return 0


def _tags(event: Event, mapped: AcledType) -> str:
    tags = [f"khronika type={event.type}"]
    if mapped.event_type == "Protests" and event.size is not None:
        tags.append(f"crowd size={event.size}")
    return "; ".join(tags)


def _notes(event: Event) -> str:
    where = f" in {event.place.name}" if event.place else ""
    when = f"On {event.date}" if event.date else "Undated"
    parts = [f"{when}{where}: {event.type.replace('_', ' ')}"]
    if event.date_end:
        parts[0] += f" until {event.date_end}"
    if event.size is not None:
        parts.append(f"size {event.size}")
    for key in ("charge", "sentence"):
        if isinstance(event.details.get(key), str):
            parts.append(f"{key}: {event.details[key]}")
    fine = event.details.get("fine")
    if isinstance(fine, dict) and fine.get("amount") is not None:
        parts.append(f"fine: {fine['amount']} {fine.get('currency') or ''}".rstrip())
    parts.append(f"khronika event {event.id} ({event.review})")
    return "; ".join(parts) + "."
