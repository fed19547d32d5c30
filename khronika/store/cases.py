"""Cases as people see them: stored cases with corrections applied, scoped and redacted per viewer.

    cases = store.cases
    for person in cases.detained_now(viewer=viewer):
        print(person.name, person.since, person.detention_place)

khronika.resolve.cases builds the stored cases from events; this module reads them back, keeps
people's corrections apart from what the build derived, and shows a viewer only cases of levels
they may read, with protected people by pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from khronika.records import Case

if TYPE_CHECKING:
    from khronika.protect.roles import Viewer
    from khronika.store.store import Store

Connect = Callable[[], AbstractContextManager[Connection]]


@dataclass(frozen=True)
class DetainedPerson:
    """One person (or group) held now: counted once however many cases name them."""

    actor_id: int
    name: str  # the pseudonym or "[withheld]" for a viewer not cleared
    case_id: int
    since: str | None  # date of the detention that began this custody
    detention_place: str | None
    charges: tuple[str, ...] = ()
    kind: str = "person"


@dataclass(frozen=True)
class Hearing:
    """A court hearing expected on a date in one case."""

    case_id: int
    date: str  # YYYY-MM-DD
    title: str  # the case's title as the viewer may see it
    court: str | None = None
    event_id: int | None = None  # the trial event that announced it; None for a corrected date
    names: tuple[str, ...] = field(default_factory=tuple)


class Cases:
    """Stored cases; get one from `Store.cases`."""

    def __init__(self, store: Store, read: Connect, write: Connect) -> None:
        self._store = store
        self._read = read
        self._write = write

    def get_case(self, case_id: int, *, viewer: Viewer | None = None) -> Case | None:
        """Return the case with its timeline as `viewer` may see it (None: everything), or None."""
        return None

    def list_cases(self, *, viewer: Viewer | None = None, status: str | None = None) -> list[Case]:
        """Return the cases `viewer` may see, latest step first, optionally of one status."""
        return []

    def detained_now(self, *, viewer: Viewer | None = None, on: date | None = None) -> list[DetainedPerson]:
        """Return each person in custody on `on` (default today) once, longest held first."""
        return []

    def upcoming_hearings(self, *, viewer: Viewer | None = None, after: date | None = None) -> list[Hearing]:
        """Return hearings on or after `after` (default today), soonest first."""
        return []

    def correct(self, case_id: int, changes: dict[str, Any], *, actor: str) -> None:
        """Set fields of a case by hand (None clears a correction); a rebuild never overwrites them."""
