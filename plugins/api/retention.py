"""Retention periods, counted in the space's calendar days.

Every "keep it N days" rule of the host and the plugins asks here when its
time is up, so that they all count the same way: in whole local days
(``TIME_ZONE``), not in 24-hour spans from the moment the daily command
happens to run, and not by the UTC date (which in Madrid turns an hour or
two before the local one).
"""

import datetime as dt

from django.utils import timezone


def retention_cutoff(*, days: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which data kept ``days`` days is due to go.

    What ended on a local day is kept through that day and ``days`` more, and
    goes at the next local midnight: ``ended < retention_cutoff(days=...)``.
    So the same rows go whatever the hour the retention command runs at.
    """
    zone = timezone.get_default_timezone()  # TIME_ZONE, as the agenda's local days
    today = (now or timezone.now()).astimezone(zone).date()
    return dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min).replace(tzinfo=zone)
