"""The signal class behind every extension point (after pretix's EventPluginSignal).

Extension points are declared by the app that owns the moment, as instances
of ``SiteSignal`` in that app's ``signals.py``, each with a docstring that says
when it fires, what ``sender`` is, which keyword arguments come with it and
what a receiver returns.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.dispatch import Signal

logger = logging.getLogger(__name__)


def app_label_of(receiver) -> str | None:
    """The label of the installed app a receiver's module belongs to."""
    module = getattr(receiver, "__module__", "") or ""
    app_config = apps.get_containing_app_config(module)
    return app_config.label if app_config else None


class SiteSignal(Signal):
    """A signal sent with a Wagtail ``Site`` as sender.

    Receivers that belong to a plugin are called only when that plugin is
    enabled for the site; receivers of core apps always. They are called in a
    stable order (by app label, then by the order they connected). A receiver
    that raises is logged and skipped, so one broken plugin never breaks a page.
    """

    def send(self, sender, **named) -> list[tuple[Any, Any]]:  # type: ignore[override]
        from plugins.registry import enabled_labels, plugin_labels

        if not self.receivers:
            return []
        plugins = plugin_labels()
        enabled = enabled_labels(sender) if sender is not None else set()
        responses = []
        for receiver in self._ordered_receivers(sender):
            label = app_label_of(receiver)
            if label in plugins and label not in enabled:
                continue
            try:
                response = receiver(signal=self, sender=sender, **named)
            except Exception:
                logger.exception("Receiver %r of %s failed; skipped", receiver, label)
                continue
            responses.append((receiver, response))
        return responses

    send_robust = send

    def _ordered_receivers(self, sender):
        # Django 5 returns (sync, async); extension points take sync receivers only.
        live, _async = self._live_receivers(sender)
        indexed = list(enumerate(live))
        indexed.sort(key=lambda pair: (app_label_of(pair[1]) or "", pair[0]))
        return [receiver for _, receiver in indexed]

    async def asend(self, sender, **named):  # pragma: no cover - no async views use it
        return self.send(sender, **named)
