"""Urgent-action alerts for a detention: the person, when and where, where held, the charges, what to
ask and the authorities to write to.

    text = draft_alert(store, event_id=12, language="ru", viewer=viewer)

Built like a press release (khronika.publish.press): as the `viewer` audience at most, so a
protected person appears only by pseudonym. The institutions come from data/authorities.json,
names only: whoever sends an alert checks each institution's current contacts first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from khronika.errors import KhronikaError
from khronika.protect.roles import Viewer
from khronika.publish.press import (
    DraftText,
    case_context,
    event_context,
    load_subject,
    publication_viewer,
    render_text,
    source_context,
    subject_key,
    template_for,
)
from khronika.store import Store

AUTHORITIES_FILE = Path(__file__).resolve().parent / "data" / "authorities.json"
ALERT_TYPES = ("detention",)  # an alert asks for someone's release: it starts from a detention
CASE_STATUSES_HELD = ("detained", "under_investigation", "on_trial", "convicted", "imprisoned")


@dataclass(frozen=True)
class Authority:
    """An institution to write to, named in one language."""

    id: str
    name: str


@cache
def _authorities() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(AUTHORITIES_FILE.read_text(encoding="utf-8"))
    return data


def known_regions() -> list[str]:
    """Return the regions (admin1 names, as the gazetteer spells them) that have regional institutions."""
    return sorted(_authorities()["regions"])


def authorities_for(region: str | None, lang: str) -> tuple[list[Authority], bool]:
    """Return the institutions to write to about a detention in `region`, named in `lang`, and whether
    the region was found (when not, only the national ones)."""
    data = _authorities()
    lang = lang if lang in ("en", "ru", "kk") else "en"
    found = [Authority(item["id"], item[lang]) for item in data["national"]]
    names = data["regions"].get(region or "")
    if names is None:
        return found, False
    regional = [Authority(item["id"], item[lang].format(of=names[lang])) for item in data["regional"]]
    # The regional prosecutor first: they supervise the legality of a detention in their region.
    return regional[:1] + found + regional[1:], True


def draft_alert(
    store: Store,
    *,
    event_id: int | None = None,
    case_id: int | None = None,
    language: str = "en",
    viewer: Viewer | None = None,
    today: date | None = None,
) -> DraftText:
    """Draft an urgent-action alert for a detention (an event, or a case of someone still held)."""
    if (event_id is None) == (case_id is None):
        raise KhronikaError("an alert is about one detention: give either an event id (--event) or a case id (--case)")
    audience = publication_viewer(viewer)
    ids = [event_id] if event_id is not None else []
    subject = load_subject(store, event_ids=ids, case_id=case_id, viewer=audience)
    _, used = template_for("alert", language)
    detention = _the_detention(subject.events, event_id=event_id)
    case = case_context(subject.case, used) if subject.case is not None else None
    if subject.case is not None and subject.case.status not in CASE_STATUSES_HELD:
        raise KhronikaError(
            f"case {case_id} has status {subject.case.status}: an urgent alert is for someone still held "
            f"({', '.join(CASE_STATUSES_HELD)})"
        )
    event = event_context(detention, used) if detention is not None else None
    region = (detention.place.admin1 if detention is not None and detention.place is not None else None) or None
    authorities, region_known = authorities_for(region, used)
    context = {
        "event": event,
        "case": case,
        "people": _people(event, case),
        "held_at": (case or {}).get("detention_place") or (event or {}).get("detention_place"),
        "charges": _charges(event, case),
        "authorities": [a.name for a in authorities],
        "region": region,
        "region_known": region_known,
        "sources": source_context(subject.sources, used),
    }
    event_ids = [e.id for e in subject.events if e.id is not None]
    key = subject_key(event_ids, case_id)
    return render_text("alert", language, context, subject=key, today=today, redactor=subject.redactor)


def _the_detention(events: list[Any], *, event_id: int | None) -> Any:
    if event_id is not None:
        (event,) = events
        if event.type not in ALERT_TYPES:
            raise KhronikaError(
                f"event {event_id} is a {event.type}; an urgent alert is for a detention (type "
                f"{', '.join(ALERT_TYPES)}): draft a press release instead"
            )
        return event
    detentions = [e for e in events if e.type in ALERT_TYPES]
    return detentions[-1] if detentions else (events[-1] if events else None)


def _people(event: dict[str, Any] | None, case: dict[str, Any] | None) -> list[str]:
    if case is not None and case["people"]:
        return list(case["people"])
    return list(event["targets"]) if event is not None else []


def _charges(event: dict[str, Any] | None, case: dict[str, Any] | None) -> list[str]:
    if case is not None and case["charges"]:
        return list(case["charges"])
    return [event["charge"]] if event is not None and event["charge"] else []
