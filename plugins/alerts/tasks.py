"""alerts' background jobs on the host's queue (plugins.api.tasks)."""

from django.utils import timezone

from plugins.api.tasks import local_crontab, plugin_periodic

from .services import alerts_boundaries_apply


# An alert must leave every cache at its end: look every minute whether one started or ended.
@plugin_periodic(local_crontab(minute="*"), name="alerts_boundaries")
def boundaries(*, sites):
    return alerts_boundaries_apply(now=timezone.now())
