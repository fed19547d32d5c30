"""Who takes part in an event: actor mentions found in text and the roles they play."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActorMention:
    """A person, organisation or group named in a text; offsets are into the whole document."""

    start: int
    end: int
    text: str
    name: str  # normalised: nominative case, titles and quotes stripped
    kind: str  # "person" | "organisation" | "group"
