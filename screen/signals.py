"""Extension points owned by the wall screen."""

from plugins.api.signals import SiteSignal

screen_notices = SiteSignal()
"""Notices shown across the top of a wall screen, above the agenda.

Fires: each time a screen's data is built (the screen page, its data JSON
every refresh, and so the offline copy the service worker keeps).
sender: the Wagtail ``Site`` being served.
kwargs: ``screen`` (a ``screen.models.Screen``), ``now`` (aware datetime),
``until`` (the end of the last day the screen shows), ``languages`` (the
codes it rotates through), ``request`` (or None).
Returns: a list of dicts, each with ``id`` (unique within the receiver),
``start`` and ``end`` (aware datetimes: the browser hides the notice at
``end`` by its own clock, even offline), ``urgent`` (bool: a large band that
nobody can miss), and per-language dicts ``label`` (a word for the level,
e.g. "Danger": never colour alone), ``title`` and ``text``. The host orders
them, urgent first, and adds the receiver's app label to each ``id``.
"""
