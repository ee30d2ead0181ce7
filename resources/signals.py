"""Extension points of the resources app."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.api.signals import SiteSignal


@dataclass(frozen=True)
class ImpactFigure:
    """One public figure on the impact page.

    ``value`` is shown as given, so a plugin that suppresses small numbers can
    say ``"fewer than 5"`` instead of a count. ``unit`` ("visits", "%"),
    ``period`` ("2025", "last 12 months") and ``note`` (how it is counted) are
    optional plain text; all of it is escaped on output.
    """

    label: str
    value: str | int | float
    unit: str = ""
    period: str = ""
    note: str = ""


impact_figures = SiteSignal()
"""Public figures for the impact page.

Fires each time an impact page (``resources.ImpactPage``) is rendered.

- ``sender``: the Wagtail ``Site`` the page is served for. Only receivers of
  core apps and of plugins enabled for this site are called, in a stable order.
- kwargs: ``request`` (the ``HttpRequest``), ``language`` (the language code of
  the page being rendered, e.g. ``"ca"``; label your figures in it).
- A receiver returns a list of ``ImpactFigure`` (or of dicts with the same
  keys: ``label``, ``value`` and optionally ``unit``, ``period``, ``note``).
  Return an empty list to show nothing. Figures must already be aggregated
  and suppressed below the publication threshold: they are public.

The page shows the figures grouped per plugin, under the plugin's name. A
receiver that raises is logged and skipped; items that are not figures are
dropped with a warning.
"""


network_impact_figures = SiteSignal()
"""The network's figures for the network impact page: every space's that shares them, added up.

Fires each time a network impact page (``resources.NetworkImpactPage``) is rendered.

- ``sender``: the Wagtail ``Site`` the page is served for (receivers of plugins
  enabled for it are called).
- kwargs: ``request``, ``language``, as for ``impact_figures``.
- A receiver returns a list of ``ImpactFigure``: totals over the spaces that
  share their figures (``plugins.api.network.members("impact")``), protected
  together with each space's own published figures
  (``plugins.api.disclosure.across``), so that no combination of the network's
  and the spaces' figures pins a small cell.
"""
