"""alerts' background jobs on the host's queue (plugins.api.tasks)."""

from django.utils import timezone

from plugins.api.tasks import local_crontab, plugin_periodic, task

from .services import alerts_boundaries_apply, alerts_push_started, push_batch_send


# An alert must leave every cache at its end: look every minute whether one
# started or ended; one that started since is pushed to the subscribed phones.
@plugin_periodic(local_crontab(minute="*"), name="alerts_boundaries")
def boundaries(*, sites):
    now = timezone.now()
    crossed = alerts_boundaries_apply(now=now)
    alerts_push_started(now=now, sites=sites)
    return crossed


@task()
def push_batch(payload, subscription_ids):
    """One batch of the push fan-out (services.alert_push_fanout queues one per 500 subscriptions)."""
    return push_batch_send(payload=payload, subscription_ids=subscription_ids)
