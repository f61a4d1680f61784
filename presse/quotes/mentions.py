"""A speaker as found for one quote: the name it resolves to and the mention (span) that named it."""

from __future__ import annotations

from dataclasses import dataclass, replace

@dataclass(frozen=True, slots=True)
class Resolved:
    """A speaker as found for one quote."""

    name: str
    label: str  # PER ORG LOC MISC GROUP
    start: int | None  # where the speaker is named next to the quote (the name, description or pronoun)
    end: int | None
    cue: str  # the speech verb, "selon", "continuation", "nearest"...
    named: bool = True  # a named entity (not a bare description)
    gender: str | None = None

    def as_continuation(self) -> Resolved:
        return replace(self, start=None, end=None, cue="continuation")
