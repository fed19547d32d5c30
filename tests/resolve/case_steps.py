"""Fictional steps of cases for the case tests: each step is its own report, stored as it comes in."""

from __future__ import annotations

from itertools import count
from typing import Any

from khronika.records import Actor, Event, Evidence, ReviewState
from khronika.store import Store
from tests.factories import make_document, make_event, make_place

ARMAN = "Arman Tulegenov"  # a fictional activist
DANA = "Dana Seitkali"  # a fictional trade unionist
EREN = "Eren Baimukhan"  # a fictional journalist
POLICE = "Police of Seversk"
COURT = "Seversk City Court"
CHARGE = "Article 174: inciting discord"
TERM = "5 years in a colony"
_REPORTS = count(1)


def step(
    type_: str,
    date: str | None,
    *people: str,
    details: dict[str, Any] | None = None,
    authority: str | None = None,
    review: ReviewState = ReviewState.PROPOSED,
    level: str = "internal",
    kind: str = "person",
    text: str | None = None,
) -> Event:
    """Return one event done to `people`, with an authority when given and a line of evidence."""
    actors = [Actor(name=p, kind=kind, role="target") for p in people]
    if authority:
        actors.append(Actor(name=authority, kind="organisation", role="authority"))
    passage = text or f"{type_} of {', '.join(people)} on {date}"
    return make_event(
        type=type_,
        date=date,
        place=make_place(),
        size=None,
        actors=actors,
        details=details or {},
        evidence=[Evidence(start=0, end=len(passage), text=passage)],
        review=review,
        level=level,
    )


def report(store: Store, *events: Event) -> list[int]:
    """Store the events as read from one new report; return their ids."""
    text = " ".join(e.evidence[0].text for e in events) + f" (report {next(_REPORTS)})"
    doc_id, created = store.add_document(make_document(text), events=list(events))
    assert created
    return [e.id or 0 for e in store.list_events(document_id=doc_id)]


def chain() -> list[tuple[Event, str]]:
    """Return Arman's case step by step, each with the status the case has after it."""
    return [
        (step("detention", "2024-01-05", ARMAN, authority=POLICE, details={"detention_place": "SIZO-1"}), "detained"),
        (
            step("charge", "2024-01-07", ARMAN, details={"charge": "Article 174: inciting discord"}),
            "under_investigation",
        ),
        (step("trial", "2024-03-11", ARMAN, authority=COURT, details={"lawyer": "Aliya Nurmaganbet"}), "on_trial"),
        (
            step("sentence", "2024-04-02", ARMAN, authority=COURT, details={"sentence": "5 years in a colony"}),
            "imprisoned",
        ),
        (step("release", "2025-02-20", ARMAN), "released"),
    ]
