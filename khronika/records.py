"""The vocabulary every stage shares: documents, events and what they are made of.

The event record follows ../shared/spec/events.md exactly: `Event.to_dict()` is the
contract's EVENT object and `Event.from_dict()` reads one back, naming the bad field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from khronika.errors import RecordError

EVENT_TYPES: tuple[str, ...] = (
    # civic action
    "protest",
    "strike",
    "hunger_strike",
    "meeting",
    # response and repression
    "ban",
    "dispersal",
    "detention",
    "charge",
    "trial",
    "sentence",
    "fine",
    "release",
    "assault",
    "killing",
    "torture",
    "threat",
    "dismissal",
    "eviction",
    "raid",
    "censorship",
)

ROLES: tuple[str, ...] = ("organiser", "participant", "target", "perpetrator", "authority")
ACTOR_KINDS: tuple[str, ...] = ("person", "organisation", "group")
LEVELS: tuple[str, ...] = ("public", "internal", "confidential")  # least to most restricted
SOURCE_KINDS: tuple[str, ...] = (
    "text",
    "html",
    "pdf",
    "docx",
    "email",
    "feed",
    "telegram",
    "csv",
    "form",
)

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ReviewState(StrEnum):
    """Where a machine-made record stands with the people who review it."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of `data` as 64 hex digits."""
    return hashlib.sha256(data).hexdigest()


def check_date(value: Any, *, field_name: str) -> str | None:
    """Return `value` if it is null or YYYY, YYYY-MM or YYYY-MM-DD, else raise naming the field."""
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise RecordError(f"{field_name}: {value!r} is not a date; use YYYY-MM-DD, YYYY-MM, YYYY or null")
    return value


@dataclass
class Document:
    """One source text as it came in: a file, a page, a feed entry, a message, a CSV row."""

    source_kind: str
    uri: str
    text: str
    sha256: str
    title: str | None = None
    published: str | None = None
    language: str | None = None
    retrieved_at: datetime | None = None
    # Identity of an entry inside a container (feed entry id, Telegram message id, Message-ID):
    # polling the same container again must not add the entry twice even if its bytes changed.
    source_key: str | None = None
    media_type: str | None = None
    original: bytes | None = field(default=None, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    extracted_by: str | None = None  # the versioned extractor that last read it, e.g. "khronika.rules.ru/1"
    level: str = "internal"  # who may see it: public, internal or confidential (khronika.protect.redact)
    id: int | None = None

    @classmethod
    def from_bytes(cls, original: bytes, *, source_kind: str, uri: str, text: str, **kw: Any) -> Document:
        """Build a document whose hash is that of its original bytes."""
        return cls(source_kind=source_kind, uri=uri, text=text, sha256=sha256_hex(original), original=original, **kw)


@dataclass
class Place:
    """A settlement or region; `name` is the canonical English name."""

    name: str
    country: str
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's place object."""
        return {"name": self.name, "admin1": self.admin1, "country": self.country, "lat": self.lat, "lon": self.lon}

    @classmethod
    def from_dict(cls, data: Any) -> Place:
        """Read the contract's place object, naming the bad field."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
            raise RecordError(f"place: {data!r} needs a non-empty 'name'")
        country = data.get("country")
        if not isinstance(country, str) or len(country) != 2:
            raise RecordError(f"place.country: {country!r} is not an ISO 3166-1 alpha-2 code")
        return cls(
            name=data["name"],
            country=country.upper(),
            admin1=data.get("admin1"),
            lat=_optional_float(data.get("lat"), "place.lat"),
            lon=_optional_float(data.get("lon"), "place.lon"),
        )


@dataclass
class Actor:
    """A person, organisation or group as it takes part in one event."""

    name: str
    kind: str
    role: str
    variants: list[str] = field(default_factory=list)
    level: str = "internal"  # public, internal or confidential
    # A protected person (a witness, a victim who asked) is shown as `pseudonym` to anyone not cleared.
    protected: bool = False
    pseudonym: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's actor object."""
        return {"name": self.name, "kind": self.kind, "role": self.role}

    @classmethod
    def from_dict(cls, data: Any, *, index: int = 0) -> Actor:
        """Read the contract's actor object, naming the bad field."""
        where = f"actors[{index}]"
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"].strip():
            raise RecordError(f"{where}.name: needs a non-empty string")
        if data.get("kind") not in ACTOR_KINDS:
            raise RecordError(f"{where}.kind: {data.get('kind')!r} is not one of {', '.join(ACTOR_KINDS)}")
        if data.get("role") not in ROLES:
            raise RecordError(f"{where}.role: {data.get('role')!r} is not one of {', '.join(ROLES)}")
        return cls(name=data["name"], kind=data["kind"], role=data["role"])


@dataclass
class Evidence:
    """The passage of a document that states an event: character offsets into its text."""

    start: int
    end: int
    text: str
    document_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's evidence object."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Any, *, index: int = 0) -> Evidence:
        """Read the contract's evidence object, naming the bad field."""
        where = f"evidence[{index}]"
        if not isinstance(data, dict):
            raise RecordError(f"{where}: needs an object with start, end and text")
        start, end = data.get("start"), data.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
            raise RecordError(f"{where}: start {start!r} and end {end!r} must be offsets with start <= end")
        if not isinstance(data.get("text"), str):
            raise RecordError(f"{where}.text: needs a string")
        return cls(start=start, end=end, text=data["text"])


@dataclass
class Event:
    """One occurrence: the contract's EVENT, plus its review state and the extractor that made it."""

    type: str
    date: str | None = None
    date_end: str | None = None
    place: Place | None = None
    size: int | None = None
    actors: list[Actor] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    review: ReviewState = ReviewState.PROPOSED
    extractor: str | None = None  # versioned name, e.g. "khronika.rules.ru/3"
    level: str = "internal"  # public, internal or confidential
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's EVENT object (review state and extractor are not part of it)."""
        return {
            "type": self.type,
            "date": self.date,
            "date_end": self.date_end,
            "place": self.place.to_dict() if self.place else None,
            "size": self.size,
            "actors": [a.to_dict() for a in self.actors],
            "details": dict(self.details),
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Event:
        """Read the contract's EVENT object, raising RecordError that names the bad field."""
        if not isinstance(data, dict):
            raise RecordError(f"event: expected an object, got {type(data).__name__}")
        if data.get("type") not in EVENT_TYPES:
            raise RecordError(f"type: {data.get('type')!r} is not one of {', '.join(EVENT_TYPES)}")
        size = data.get("size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise RecordError(f"size: {size!r} is not a non-negative integer or null")
        confidence = _optional_float(data.get("confidence", 0.5), "confidence")
        if confidence is None or not 0.0 <= confidence <= 1.0:
            raise RecordError(f"confidence: {data.get('confidence')!r} is not a number from 0 to 1")
        details = data.get("details") or {}
        if not isinstance(details, dict):
            raise RecordError(f"details: {details!r} is not an object")
        return cls(
            type=data["type"],
            date=check_date(data.get("date"), field_name="date"),
            date_end=check_date(data.get("date_end"), field_name="date_end"),
            place=Place.from_dict(data["place"]) if data.get("place") else None,
            size=size,
            actors=[Actor.from_dict(a, index=i) for i, a in enumerate(data.get("actors") or [])],
            details=details,
            evidence=[Evidence.from_dict(e, index=i) for i, e in enumerate(data.get("evidence") or [])],
            confidence=confidence,
        )


CASE_STATUSES: tuple[str, ...] = (
    "detained",
    "under_investigation",
    "on_trial",
    "convicted",
    "imprisoned",
    "released",
)
CASE_FIELDS: tuple[str, ...] = (
    "title",
    "status",
    "charges",
    "court",
    "next_hearing",
    "lawyer",
    "detention_place",
    "sentence",
)  # what a person may correct; a correction outlives every rebuild


@dataclass
class Case:
    """A person or a group followed from detention through charges, trial, sentence and release.

    Built from events (khronika.resolve.cases) and shown through khronika.store.cases, which applies
    people's corrections and, for a viewer not cleared, pseudonyms and the viewer's levels.
    """

    status: str
    title: str = ""
    people: list[Actor] = field(default_factory=list)  # the followed persons or groups, role "target"
    actor_ids: list[int] = field(default_factory=list)  # same order as people
    charges: list[str] = field(default_factory=list)
    court: str | None = None
    next_hearing: str | None = None  # YYYY-MM-DD, the earliest hearing on or after today
    lawyer: str | None = None
    detention_place: str | None = None
    sentence: str | None = None
    opened: str | None = None  # date of the detention that opened it
    last_step: str | None = None  # date of the latest event
    event_ids: list[int] = field(default_factory=list)  # oldest first
    events: list[Event] = field(default_factory=list)  # the timeline, filled by get_case
    hearings: list[dict[str, Any]] = field(default_factory=list)  # {"date", "event_id", "court"}, past ones too
    corrected: dict[str, Any] = field(default_factory=dict)  # field -> value a person set
    stale: bool = False  # the last build no longer found it; kept because a person corrected it
    level: str = "internal"  # the most restricted level among its events
    id: int | None = None


def _optional_float(value: Any, field_name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"{field_name}: {value!r} is not a number")
    return float(value)
