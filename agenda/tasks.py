"""agenda's periodic jobs (see safespace/queue.py). ``manage.py agenda_occurrences_finished`` runs the same service."""

from safespace.queue import local_crontab, periodic

from .services import occurrences_finish


# Plugins hear of a finished session (attendance, counts) within five minutes.
@periodic(local_crontab(minute="*/5"), name="agenda_occurrences_finished")
def occurrences_finished():
    return occurrences_finish()
