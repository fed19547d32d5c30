"""The chronicle's filters given as command-line options, checked: a bad value is refused by its option's name.

The web reads the same filters from the URL (khronika.web.filters.parse_filter) and quietly drops
what it cannot read; a command instead stops and says which option is wrong and what it accepts.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Sequence

from khronika.errors import SettingsError
from khronika.protect.roles import Viewer
from khronika.publish.selection import AUDIENCES, viewer_for_role
from khronika.records import EVENT_TYPES, SOURCE_KINDS, ReviewState
from khronika.store.queries import EventFilter

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
REVIEW_STATES: tuple[str, ...] = tuple(state.value for state in ReviewState)


def export_filter(
    *,
    types: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    region: str | None = None,
    place: str | None = None,
    actor: str | None = None,
    source: str | None = None,
    review: str | None = None,
    language: str | None = None,
    words: str | None = None,
) -> EventFilter:
    """Return the EventFilter the options select (as the chronicle's URL would), refusing a bad value."""
    for event_type in types:
        _check_choice("--type", event_type, EVENT_TYPES)
    for option, date in (("--from", date_from), ("--to", date_to)):
        if date is not None and not _DATE_RE.match(date):
            raise SettingsError(f"{option}: {date!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
    if source is not None:
        _check_choice("--source", source, SOURCE_KINDS)
    if review is not None:
        _check_choice("--review", review, REVIEW_STATES)
    return EventFilter(
        types=tuple(dict.fromkeys(types)),
        date_from=date_from,
        date_to=date_to,
        region=_text(region),
        place=_text(place),
        actor=_text(actor),
        source_kind=source,
        review=review,
        language=_text(language),
        q=_text(words),
    )


def export_viewer(role: str, *, name: str = "cli") -> Viewer:
    """Return the viewer an export acts as (`--as ROLE`), refusing a role that does not exist."""
    _check_choice("--as", role, AUDIENCES)
    return viewer_for_role(role, name=name)


def cli_actor() -> str:
    """Return who runs a command, as the audit log names them: cli:<the operating-system account>."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for this uid (a bare container): still say it came from the CLI
        return "cli"


def _check_choice(option: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise SettingsError(f"{option}: {value!r} is not one of {', '.join(choices)}")


def _text(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None
