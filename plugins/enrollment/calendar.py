"""A code's coming sign-ups as an iCalendar file, with reminders in the phone itself.

The alarms (a day and an hour before) are VALARMs, so the phone reminds the
participant without anyone keeping a phone number or an e-mail address.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Status

ALARMS = (dt.timedelta(days=1), dt.timedelta(hours=1))


def signups_ics(*, enrollments, activities: dict, host: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//safespace//my sign-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("My sign-ups"))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for enrollment in enrollments:
        page = activities.get(enrollment.offer.activity_key)
        title = page.title if page is not None else _("Activity")
        if enrollment.status == Status.WAITING:
            title = _("%(title)s (waiting list)") % {"title": title}
        event = icalendar.Event()
        # Stable across downloads, so importing the file again updates rather than duplicates.
        event.add("uid", f"signup-{enrollment.pk}-{enrollment.created_at:%Y%m%d%H%M%S}@{host.split(':')[0]}")
        event.add("dtstamp", stamp)
        event.add("summary", title)
        event.add("dtstart", enrollment.session_start.astimezone(dt.UTC))
        event.add("dtend", enrollment.session_end.astimezone(dt.UTC))
        for before in ALARMS:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", -before)
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
