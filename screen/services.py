"""Writes of the screen app."""

from __future__ import annotations

from .models import Screen, token_new


def screen_token_regenerate(*, screen: Screen) -> Screen:
    """Give ``screen`` a new secret address; the old one answers 404 from now on."""
    screen.token = token_new()
    screen.save(update_fields=["token"])
    return screen
