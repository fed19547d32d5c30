"""What every language's rules report: a word or phrase that states an event of some type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    """An event trigger found in a sentence; offsets are into the whole document text."""

    type: str  # one of khronika.records.EVENT_TYPES
    start: int
    end: int
    text: str
    negated: bool = False  # "was not arrested", "не задержан", "ұсталған жоқ"
    hypothetical: bool = False  # plans, threats, conditionals, general statements: not events
    confidence: float = 0.6
