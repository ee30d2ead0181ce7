"""Extension points owned by the site itself."""

from plugins.signals import SiteSignal

home_blocks = SiteSignal()
"""Blocks shown on the home page, below "Coming up".

Fires: each time the home page is rendered.
sender: the Wagtail ``Site`` being served.
kwargs: ``request``, ``page`` (the HomePage in the current language).
Returns: HTML (a SafeString from render_to_string or format_html), or None
to show nothing. Each block should be a ``<section>`` with its own heading.
"""
