"""The network: figures and activities shared by several spaces of one install.

Each space opts in (Settings -> Network: ``plugins.models.NetworkSharing``).
A plugin that publishes figures about a space (its answer to the impact
page) also answers ``network_impact_figures`` with the network's totals, and
protects both together: it builds, per published group, one tree whose root
is the network's figure and whose children are each sharing space's tree
(``disclosure.across``), and every surface of every space reads its states
from that one tree. So a network total minus the other spaces' published
figures pins no small cell, and a space's own page may hide a little more
than it would alone.
"""

from __future__ import annotations


def members(feature: str = "impact", *, label: str | None = None) -> list:
    """The sites that share ``feature`` ("impact" or "agenda"), by pk; with ``label``, only where that plugin is on."""
    from plugins.models import NetworkSharing

    from .registry import is_enabled

    found = [row.site for row in NetworkSharing.objects.filter(**{feature: True}).select_related("site").order_by("site_id")]
    return [site for site in found if label is None or is_enabled(site, label)]


def is_member(site, feature: str = "impact", *, label: str | None = None) -> bool:
    return site is not None and any(s.pk == site.pk for s in members(feature, label=label))
