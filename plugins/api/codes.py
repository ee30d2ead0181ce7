"""Participant codes: the one normaliser that the host and every plugin use.

A participant is known by a pseudonymous code that they chose ("Gat negre")
or were given ("menta-koala-27"). Wherever a code is typed (the sign-up
form, a walk-in on the attendance sheet, the participant-data page, a
management command), it goes through :func:`normalize` before it is stored
or looked up, so that "Gat  Negre", "gat negre" and "gat-negre" are one
person everywhere:

* Unicode NFKC, lower case;
* every run of spaces and hyphens becomes one hyphen;
* no hyphen at either end.

:func:`split` reads a box that holds several codes: they are separated by
commas, semicolons or new lines, never by spaces (a space is inside a code).

A plugin keeps its own wording for a refusal, and asks :func:`is_valid`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CODE_PATTERN", "MAX_LENGTH", "MIN_LENGTH", "is_valid", "normalize", "split"]

MIN_LENGTH = 3
MAX_LENGTH = 40
# Letters (any script), digits, underscores and hyphens, as codes have always been stored.
CODE_PATTERN = re.compile(r"^[\w-]+\Z")

_JOINERS = re.compile(r"[\s-]+")
_SEPARATORS = re.compile(r"[,;\r\n]+")


def normalize(raw: str | None) -> str:
    """The stored form of a code: ``"  Gat  Negre "`` → ``"gat-negre"``. Idempotent."""
    text = unicodedata.normalize("NFKC", raw or "").lower()
    # Lower-casing can undo NFKC for a few characters; once more makes it stable.
    text = unicodedata.normalize("NFKC", text)
    return _JOINERS.sub("-", text).strip("-")


def is_valid(code: str) -> bool:
    """Whether an already normalised ``code`` can be stored: 3 to 40 letters, digits or hyphens."""
    return MIN_LENGTH <= len(code) <= MAX_LENGTH and bool(CODE_PATTERN.match(code))


def split(raw: str | None) -> list[str]:
    """The codes typed in one box, normalised, in order, each once; empty parts are skipped.

    "gat negre, mar" is two codes: ``["gat-negre", "mar"]``. Validation is
    the caller's (each plugin words its own refusal).
    """
    found: list[str] = []
    for part in _SEPARATORS.split(raw or ""):
        code = normalize(part)
        if code and code not in found:
            found.append(code)
    return found
