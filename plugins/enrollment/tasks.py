"""enrollment's periodic jobs (plugins.api.tasks). ``manage.py enrollment_reminders`` runs the same service.

Forgetting contacts and folding old enrollments into counts happen in the
host's nightly retention job (signals.apply_retention).
"""

from plugins.api.tasks import local_crontab, plugin_periodic

from .services import reminders_send


# Reminders go a day ahead; every quarter hour is soon enough after a sign-up.
@plugin_periodic(local_crontab(minute="*/15"), name="enrollment_reminders")
def reminders(*, sites):
    return reminders_send()
