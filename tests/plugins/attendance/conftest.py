import datetime as dt
import uuid

import pytest
from django.utils import timezone

from agenda.selectors import local_midnight, occurrences_between
from agenda.services import occurrence_persist
from plugins.attendance import services
from plugins.models import SitePlugins
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.plugins.enrollment.conftest import offer_factory  # noqa: F401


def switch_on(site, *labels):
    setting = SitePlugins.for_site(site)
    setting.enabled = list(labels)
    setting.save()
    return setting


@pytest.fixture
def attendance_on(site):
    return switch_on(site, "attendance")


@pytest.fixture
def both_on(site):
    return switch_on(site, "attendance", "enrollment")


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def past_activity(make_activity):
    """make_activity(title, weeks=3, category=...): weekly on yesterday's weekday, 18:00-20:00, for the last ``weeks`` weeks."""

    def make(title="Serigrafia", *, weeks=3, **fields):
        first = yesterday() - dt.timedelta(weeks=weeks - 1)
        return make_activity(title, slots=[weekly(first, [first.weekday()])], **fields)

    return make


@pytest.fixture
def workshop(past_activity):
    return past_activity()


def sessions_of(activity, *, weeks=8):
    """Past sessions of an activity, oldest first."""
    now = timezone.now()
    return [o for o in occurrences_between(start=now - dt.timedelta(weeks=weeks), end=local_midnight(timezone.localdate()),
                                           activity_key=activity.translation_key) if o.end < now]


@pytest.fixture
def session(workshop):
    """Yesterday's session of the workshop."""
    return sessions_of(workshop)[-1]


def sheet_url(activity, occ) -> str:
    return f"/admin/attendance/sheet/{activity.pk}/{occ.stamp}/"


def sheet_of(activity, occ):
    row = occurrence_persist(event=occ.event, original_start=occ.original_start)
    return services.sheet_get_or_create(
        occurrence=row, activity_key=activity.translation_key,
        category_key=activity.category.translation_key if activity.category else None,
        session_start=occ.start, session_end=occ.end,
    )


def record(activity, occ, *, roster=None, walk_ins=(), anonymous=0, user=None, with_enrollment=None):
    sheet = sheet_of(activity, occ)
    return services.sheet_record(
        sheet=sheet, submission=uuid.uuid4(), version=None, user=user,
        with_enrollment=bool(roster) if with_enrollment is None else with_enrollment,
        state=services.SheetState(roster=dict(roster or {}), walk_ins=list(walk_ins), anonymous=anonymous),
    ).sheet
