"""The host's periodic jobs (see safespace/queue.py). ``manage.py retention`` runs the same service."""

from .queue import local_crontab, periodic
from .services import retention_apply


# At night in the space's time zone; 03:30 exists once on every day, across
# both clock changes (02:xx does not in Europe/Madrid).
@periodic(local_crontab(minute="30", hour="3"), name="retention")
def retention():
    return retention_apply()
