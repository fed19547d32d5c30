"""The printable report's content: what a period (and region, and types) holds, as one viewer may see it.

    data = collect_report(store, ReportPeriod.parse("2024-01-01", "2024-03-31"), viewer=viewer_for_role("viewer"))
    html = render_html(data, lang="ru")            # khronika.publish.report_render
    write_report(store, period, output=Path("q1.pdf"), fmt="pdf", lang="ru", viewer=viewer, actor="cli")

Everything is read through khronika.publish.selection, so the counts, charts and lists hold only
what the viewer may read, protected people by pseudonym. Sources are documents the viewer may
read, with their titles redacted the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from khronika.errors import KhronikaError
from khronika.protect.redact import TextRedactor, can_see_level, redact_document, redaction_for
from khronika.protect.roles import Viewer
from khronika.publish.selection import AUDIENCES, sees_everything, select_events, viewer_for_role
from khronika.records import EVENT_TYPES, Event, check_date
from khronika.store import documents as docs
from khronika.store import queries
from khronika.store.queries import EventFilter
from khronika.store.store import Store

MAX_LISTED_EVENTS = 500  # listed at most (a PDF page holds about 8); the counts, charts and map cover all
SUMMARY_CHARS = 400
FORMATS: tuple[str, ...] = ("pdf", "html")
NO_REGION = "no region"
DETENTION, RELEASE = "detention", "release"
_NOT_DETAINED_ROLES = frozenset({"perpetrator", "authority"})


class ReportError(KhronikaError, ValueError):
    """A report's parameters are wrong; the message names the option and the valid values."""


@dataclass(frozen=True)
class ReportPeriod:
    """What a report covers: dates (YYYY, YYYY-MM or YYYY-MM-DD; None: open), a region, event types."""

    date_from: str | None = None
    date_to: str | None = None
    region: str | None = None
    types: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        date_from: str | None,
        date_to: str | None,
        *,
        region: str | None = None,
        types: Iterable[str] = (),
        names: tuple[str, str, str] = ("--from", "--to", "--type"),
    ) -> ReportPeriod:
        """Check the parameters; raise ReportError naming the option (`names`: from, to, type) and the fix."""
        checked = []
        for value, name in ((date_from, names[0]), (date_to, names[1])):
            value = (value or "").strip() or None
            if value is not None and not _is_date(value):
                raise ReportError(f"{name}: {value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)")
            checked.append(value)
        # Whole months and years compare by their first and last days: 2024-04-15 to 2024-04 is fine.
        if checked[0] and checked[1] and _first_day(checked[0]) > end_date(checked[1]):
            raise ReportError(f"{names[0]} {checked[0]} is after {names[1]} {checked[1]}; swap them")
        wanted = tuple(dict.fromkeys(t.strip() for t in types if t.strip()))  # blank: no limit, as for dates
        unknown = [t for t in wanted if t not in EVENT_TYPES]
        if unknown:
            raise ReportError(f"{names[2]}: {', '.join(unknown)} unknown; use one of {', '.join(EVENT_TYPES)}")
        # PostgreSQL refuses a NUL in any string: dropped, as the chronicle's filters drop it.
        place = (region or "").replace("\x00", "").strip() or None
        return cls(date_from=checked[0], date_to=checked[1], region=place, types=wanted)

    def event_filter(self, *, types: tuple[str, ...] | None = None) -> EventFilter:
        """Return the chronicle filter selecting this period's events (of `types` when given)."""
        chosen = self.types if types is None else types
        return EventFilter(types=chosen, date_from=self.date_from, date_to=self.date_to, region=self.region)


def report_viewer(role: str, *, name: str = "cli", option: str = "--as") -> Viewer:
    """Return the viewer a report is made for (`--as ROLE`), refusing a role that does not exist."""
    if role not in AUDIENCES:
        raise ReportError(f"{option}: {role!r} is not a role; use one of {', '.join(AUDIENCES)}")
    return viewer_for_role(role, name=name)


def _is_date(value: str) -> bool:
    try:
        check_date(value, field_name="date")
        _first_day(value)
    except (KhronikaError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Source:
    """A document an event comes from, as the viewer may see it."""

    title: str | None
    uri: str
    published: str | None


@dataclass(frozen=True)
class ReportEvent:
    """One line of the report's list of events."""

    id: int | None
    type: str
    date: str | None
    date_end: str | None
    place: str | None
    region: str | None
    people: tuple[str, ...]
    size: int | None
    summary: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Detained:
    """A person held at the end of the period: since when, where, on which charges."""

    name: str
    since: str | None
    place: str | None
    charges: tuple[str, ...] = ()
    case_id: int | None = None


@dataclass
class ReportData:
    """Everything a report shows; the counts cover every selected event, the list at most `limit`."""

    period: ReportPeriod
    viewer_role: str
    protected_visible: bool = True  # False: protected people are shown by pseudonym
    total: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)
    by_month: dict[str, list[int]] = field(default_factory=dict)  # type -> count per month of `months`
    undated: int = 0
    by_region: dict[str, int] = field(default_factory=dict)
    events: list[ReportEvent] = field(default_factory=list)
    truncated: bool = False
    detained: list[Detained] = field(default_factory=list)
    detained_from_cases: bool = False


def collect_report(store: Store, period: ReportPeriod, *, viewer: Viewer, limit: int = MAX_LISTED_EVENTS) -> ReportData:
    """Return the report's counts, events and detained people for the period, as `viewer` may see them."""
    data = ReportData(period=period, viewer_role=viewer.role, protected_visible=viewer.can_see_protected)
    kept: list[Event] = []
    month_counts: dict[tuple[str, str], int] = {}
    for event in select_events(store, period.event_filter(), viewer=viewer):
        data.total += 1
        data.by_type[event.type] = data.by_type.get(event.type, 0) + 1
        region = event.place.admin1 if event.place and event.place.admin1 else NO_REGION
        data.by_region[region] = data.by_region.get(region, 0) + 1
        month = event.date[:7] if event.date and len(event.date) >= 7 else None
        if month is None:
            data.undated += 1
        else:
            month_counts[month, event.type] = month_counts.get((month, event.type), 0) + 1
        if len(kept) < limit:
            kept.append(event)
        else:
            data.truncated = True
    data.months = month_range(period, [m for m, _ in month_counts])
    data.by_month = {t: [month_counts.get((m, t), 0) for m in data.months] for t in EVENT_TYPES if t in data.by_type}
    data.by_type = dict(sorted(data.by_type.items(), key=lambda item: (-item[1], item[0])))
    data.by_region = dict(sorted(data.by_region.items(), key=lambda item: (-item[1], item[0])))
    kept.reverse()  # selected newest first; a report reads oldest first
    data.events = _report_events(store, kept, viewer=viewer)
    data.detained, data.detained_from_cases = detained_people(store, period, viewer=viewer)
    return data


def month_range(period: ReportPeriod, seen: Iterable[str]) -> list[str]:
    """Return every month (YYYY-MM) from the period's start to its end, or else those the events span."""
    seen = sorted(set(seen))
    first = period.date_from[:7] if period.date_from and len(period.date_from) >= 7 else None
    last = period.date_to[:7] if period.date_to and len(period.date_to) >= 7 else None
    first = first or (seen[0] if seen else None)
    last = last or (seen[-1] if seen else None)
    if first is None or last is None:
        return []
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while (year, month) <= (int(last[:4]), int(last[5:7])):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _report_events(store: Store, events: list[Event], *, viewer: Viewer) -> list[ReportEvent]:
    ids = [e.id for e in events if e.id is not None]
    with store.reader() as conn:
        links = queries.event_links(conn, ids) if ids else {}
        wanted = {link["document_id"] for link in links.values()}
        wanted |= {ev.document_id for e in events for ev in e.evidence if ev.document_id is not None}
        rows = docs.select_documents(conn, ids=sorted(wanted)) if wanted else []
    redactor = None if sees_everything(viewer) else redaction_for(store, viewer)
    shown = {row.id: _shown_source(docs.row_to_document(row), viewer, redactor) for row in rows}
    found = []
    for event in events:
        doc_ids = [links[event.id]["document_id"]] if event.id in links else []
        doc_ids += [ev.document_id for ev in event.evidence if ev.document_id is not None]
        sources = tuple(dict.fromkeys(s for i in doc_ids if (s := shown.get(i)) is not None))
        # Evidence quoted from a document this viewer may not read is left out of the summary.
        passages = [ev.text for ev in event.evidence if ev.document_id is None or shown.get(ev.document_id)]
        found.append(
            ReportEvent(
                id=event.id,
                type=event.type,
                date=event.date,
                date_end=event.date_end,
                place=event.place.name if event.place else None,
                region=event.place.admin1 if event.place else None,
                people=tuple(a.name for a in event.actors),
                size=event.size,
                summary=_shorten(" … ".join(passages)),
                sources=sources,
            )
        )
    return found


def _shown_source(doc: Any, viewer: Viewer, redactor: TextRedactor | None) -> Source | None:
    if redactor is None:
        return Source(title=doc.title, uri=doc.uri, published=doc.published)
    if not can_see_level(viewer, doc.level):
        return None
    visible = redact_document(replace(doc, original=None), viewer, people=redactor)
    return None if visible is None else Source(title=visible.title, uri=visible.uri, published=visible.published)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def detained_people(store: Store, period: ReportPeriod, *, viewer: Viewer) -> tuple[list[Detained], bool]:
    """Return who is held at the period's end, and whether the cases registry said so (else the events).

    The registry is asked when it holds a case this viewer may see and the report is not narrowed
    to a region (a case has a place of detention, not a region); otherwise the period's events.
    """
    cases = store.cases
    if period.region is None and cases.list_cases(viewer=viewer):
        held = cases.detained_now(viewer=viewer, on=end_date(period.date_to))
        found = [
            Detained(
                name=p.name,
                since=p.since,
                place=p.detention_place,
                charges=tuple(p.charges),
                case_id=p.case_id,
            )
            for p in held
        ]
        return found, True
    return _detained_from_events(store, period, viewer=viewer), False


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def end_date(value: str | None) -> date:
    """Return the last day a YYYY, YYYY-MM or YYYY-MM-DD date covers; today for None."""
    if not value:
        return date.today()
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31)


def _detained_from_events(store: Store, period: ReportPeriod, *, viewer: Viewer) -> list[Detained]:
    # Until cases exist: a person whose latest detention in the period has no release on or after it.
    # Names are those the viewer sees, so a protected person is followed by their pseudonym.
    latest: dict[str, tuple[str, str | None]] = {}
    released: dict[str, str] = {}
    flt = period.event_filter(types=(DETENTION, RELEASE))
    for event in select_events(store, flt, viewer=viewer):
        when = event.date or ""
        for actor in event.actors:
            if actor.kind != "person" or actor.role in _NOT_DETAINED_ROLES:
                continue
            if event.type == DETENTION and when >= latest.get(actor.name, ("", None))[0]:
                latest[actor.name] = (when, event.place.name if event.place else None)
            elif event.type == RELEASE and when > released.get(actor.name, ""):
                released[actor.name] = when
    held = [
        Detained(name=name, since=since or None, place=place)
        for name, (since, place) in latest.items()
        if released.get(name, "") < since or (not since and name not in released)
    ]
    return sorted(held, key=lambda d: (d.since or "", d.name))
