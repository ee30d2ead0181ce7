"""Reads of the agenda."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OccurrenceSummary:
    """What a page needs to show one occurrence in a list."""

    title: str
    start: datetime
    end: datetime
    url: str
    room: str = ""
    category: str = ""
    cancelled: bool = False
    moved: bool = False


def occurrences_upcoming(*, limit: int = 6) -> list[OccurrenceSummary]:
    """The next ``limit`` occurrences from now, in the current language.

    Placeholder until the agenda is built (issue 4).
    """
    return []
