"""Periodic jobs of plugins, on the host's task queue (safespace/queue.py).

In a plugin's ``tasks.py`` (the worker imports every installed app's)::

    from plugins.api.tasks import local_crontab, plugin_periodic

    @plugin_periodic(local_crontab(minute="*/15"), name="myplugin_tidy")
    def tidy(*, sites):
        ...

The job runs only when the plugin is switched on for at least one site, and
receives those sites (Wagtail ``Site`` objects) as ``sites``. It is retried
with backoff (``RETRY``), and ``/healthz`` shows when it last ran. Name it
with the plugin's label first, as settings and ``dispatch_uid`` are.
One-off work (a batch of notifications) uses ``task``: decorate with
``@task()``, and calling the function enqueues it (arguments are pickled:
pass ids, not model instances). When it reads what the current request has
just written, enqueue it from ``transaction.on_commit``, or the worker may
look before the commit.
"""

from __future__ import annotations

from functools import wraps

from safespace.queue import RETRY, db_task, local_crontab, periodic

from .registry import is_enabled, plugin_of_module

__all__ = ["RETRY", "local_crontab", "plugin_periodic", "task"]


def task(**options):
    """A one-off background task, retried as ``RETRY`` says unless ``options`` say otherwise."""
    return db_task(**{**RETRY, **options})


def plugin_periodic(schedule, *, name: str, **options):
    def decorator(fn):
        label = plugin_of_module(fn.__module__)
        if label is None:
            raise ValueError(f"{fn.__module__} is not a plugin's module: use safespace.queue.periodic")

        @wraps(fn)
        def for_enabled_sites():
            from wagtail.models import Site

            sites = [site for site in Site.objects.order_by("pk") if is_enabled(site, label)]
            if not sites:
                return None
            return fn(sites=sites)

        return periodic(schedule, name=name, **options)(for_enabled_sites)

    return decorator
