"""Setting the clock in tests: "now" is an input.

A test that depends on the hour travels to it with time-machine; the day
stays whatever the process's clock says, so that CI's runs under faketime
(`make test-clocks`: midnight, the clock changes, New Year's Eve, 29
February) still move the date under it.
"""

import datetime as dt

from django.utils import timezone

from agenda import recurrence


def local(day: dt.date, hhmm: str) -> dt.datetime:
    """``day`` at ``hhmm`` on the space's wall clock (TIME_ZONE, Europe/Madrid)."""
    return recurrence.localize(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))


def today_at(hhmm: str) -> dt.datetime:
    """Today (the process's clock, in the space's zone) at ``hhmm`` local."""
    return local(timezone.now().astimezone(recurrence.local_zone()).date(), hhmm)

