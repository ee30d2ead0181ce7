"""The signal class behind every extension point (after pretix's EventPluginSignal).

Extension points are declared by the app that owns the moment, as instances
of ``SiteSignal`` in that app's ``signals.py``, each with a docstring that says
when it fires, what ``sender`` is, which keyword arguments come with it and
what a receiver returns.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import Signal

from plugins.api.registry import app_label_of

logger = logging.getLogger(__name__)


class SiteSignal(Signal):
    """A signal sent with a Wagtail ``Site`` as sender.

    Receivers that belong to a plugin are called only when that plugin is
    enabled for the site; receivers of core apps always. They are called in a
    stable order (by app label, then by the order they connected).

    Django's contract holds: ``send`` lets a receiver's exception propagate;
    ``send_robust`` catches it, logs it and returns it in place of the
    response, as ``(receiver, exception)``. Pages use ``send_robust`` (or
    ``{% extension_point %}``), so one broken plugin never breaks a page.
    """

    def send(self, sender, **named) -> list[tuple[Any, Any]]:  # type: ignore[override]
        return [(receiver, receiver(signal=self, sender=sender, **named)) for receiver in self.receivers_for(sender)]

    def send_robust(self, sender, **named) -> list[tuple[Any, Any]]:  # type: ignore[override]
        responses = []
        for receiver in self.receivers_for(sender):
            try:
                response = receiver(signal=self, sender=sender, **named)
            except Exception as error:
                logger.exception("Receiver %r of %s failed", receiver, app_label_of(receiver))
                response = error
            responses.append((receiver, response))
        return responses

    def receivers_for(self, sender) -> list:
        """The receivers called for ``sender``: core ones, and those of plugins on for it, in order."""
        from plugins.api.registry import enabled_labels, plugin_labels

        if not self.receivers:
            return []
        plugins = plugin_labels()
        enabled = enabled_labels(sender) if sender is not None else frozenset()
        # Django 5 returns (sync, async); extension points take sync receivers only.
        live, _async = self._live_receivers(sender)
        indexed = [(app_label_of(receiver), index, receiver) for index, receiver in enumerate(live)]
        indexed.sort(key=lambda triple: (triple[0] or "", triple[1]))
        return [receiver for label, _, receiver in indexed if label not in plugins or label in enabled]

    async def asend(self, sender, **named):  # pragma: no cover - no async views use it
        return self.send(sender, **named)

    async def asend_robust(self, sender, **named):  # pragma: no cover - no async views use it
        return self.send_robust(sender, **named)
